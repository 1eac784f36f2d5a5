import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, waitFor, within } from 'storybook/test';
import { CallControls } from '../call-controls/CallControls.js';
import { CallGrid } from '../call-grid/CallGrid.js';
import { CallLayout } from '../call-layout/CallLayout.js';
import { CallEndedScreen, OutgoingCallScreen, ReconnectingScreen } from '../call-status/CallStatusScreen.js';
import { IncomingCallDialog } from '../incoming-call/IncomingCallDialog.js';
import { ArgUpdates, updateArgs, useArgState } from '../stories-support/arg-updates.js';
import { demoName, LiveTile, me, people } from '../stories-support/people.js';
import type { CallType, CloseReason, TileConnection } from '../types.js';

const PHASES = ['ringing', 'calling', 'active', 'reconnecting', 'ended'] as const;
const CALL_TYPES: readonly CallType[] = ['video', 'audio'];
/** The most remote participants a scenario shows: a call holds four people at most (`maxParticipants`), you included. */
const MAX_REMOTES = 3;

interface ScenarioProps {
  phase: (typeof PHASES)[number];
  callType: CallType;
  /** Remote participants (1–3; other numbers are taken as the nearest of these). */
  remotes: number;
  /** Link state of each remote, by index; missing entries are connected. */
  connections?: readonly TileConnection[];
  /** Which remotes have their camera off / mic muted, by index. */
  remoteCameraOff?: readonly number[];
  remoteMuted?: readonly number[];
  /** Which remote shares a screen, by index: in the spotlight, as `<VideoCall>` shows it. */
  presenting?: number;
  audioMuted?: boolean;
  videoMuted?: boolean;
  endReason?: CloseReason;
  onHangUp: () => void;
  onToggleAudio: () => void;
  onAccept: () => void;
  onReject: () => void;
}

/** A whole call screen assembled from the components, the way `<VideoCall>` will assemble it. */
function CallScenario({
  phase,
  callType,
  remotes,
  connections = [],
  remoteCameraOff = [],
  remoteMuted = [],
  presenting,
  audioMuted: initialAudioMuted = false,
  videoMuted: initialVideoMuted = false,
  endReason = 'remoteEnded',
  onHangUp,
  onToggleAudio,
  onAccept,
  onReject,
}: ScenarioProps) {
  // The story's own state, which the mute buttons change; set again when a control changes the arg.
  const [audioMuted, setAudioMuted] = useArgState(initialAudioMuted);
  const [videoMuted, setVideoMuted] = useArgState(initialVideoMuted);
  const [sharing, setSharing] = useState(false);
  const video = callType === 'video';
  const others = people.slice(0, Math.min(MAX_REMOTES, Math.max(1, Math.round(remotes) || 1)));
  const local = <LiveTile person={me} isLocal video={video} videoMuted={videoMuted} audioMuted={audioMuted} />;

  let stage = (
    <CallGrid local={local} spotlight={presenting === undefined ? null : others[presenting]?.id}>
      {others.map((person, index) => (
        <LiveTile
          key={person.id}
          person={person}
          video={video}
          videoMuted={remoteCameraOff.includes(index)}
          audioMuted={remoteMuted.includes(index)}
          screenSharing={index === presenting}
          sideCamera={video && index === presenting && !remoteCameraOff.includes(index)}
          connection={connections[index] ?? 'connected'}
        />
      ))}
    </CallGrid>
  );
  if (phase === 'calling') {
    stage = (
      <OutgoingCallScreen
        calleeIds={others.map((person) => person.id)}
        callType={callType}
        getDisplayName={demoName}
        onCancel={onHangUp}
      />
    );
  } else if (phase === 'ended') {
    stage = (
      <CallEndedScreen
        reason={endReason}
        durationMs={endReason === 'mediaError' ? undefined : 754_000}
        onClose={fn()}
      />
    );
  }

  const inCall = phase === 'active' || phase === 'reconnecting';
  return (
    <div style={{ height: '100vh' }}>
      <CallLayout
        header={inCall ? <span>{others.map((person) => person.name).join(', ')}</span> : undefined}
        overlay={phase === 'reconnecting' ? <ReconnectingScreen /> : undefined}
        controls={
          inCall ? (
            <CallControls
              audioMuted={audioMuted}
              onToggleAudio={() => {
                setAudioMuted((value) => !value);
                onToggleAudio();
              }}
              videoMuted={videoMuted}
              onToggleVideo={video ? () => setVideoMuted((value) => !value) : undefined}
              cameraCount={2}
              onSwitchCamera={video ? () => undefined : undefined}
              screenSharing={sharing}
              onToggleScreenShare={() => setSharing((value) => !value)}
              onHangUp={onHangUp}
            />
          ) : undefined
        }
      >
        {phase === 'ringing' ? null : stage}
      </CallLayout>
      {phase === 'ringing' && (
        <IncomingCallDialog
          callerId={others[0]!.id}
          callType={callType}
          opponents={others.map((person) => person.id)}
          getDisplayName={demoName}
          onAccept={onAccept}
          onAcceptWithoutVideo={onAccept}
          onReject={onReject}
        />
      )}
    </div>
  );
}

const meta = {
  title: 'Scenarios/Call',
  component: CallScenario,
  parameters: { layout: 'fullscreen' },
  args: {
    phase: 'active',
    callType: 'video',
    remotes: 1,
    onHangUp: fn(),
    onToggleAudio: fn(),
    onAccept: fn(),
    onReject: fn(),
  },
  argTypes: {
    phase: { control: 'select', options: PHASES },
    callType: { control: 'inline-radio', options: CALL_TYPES },
    remotes: { control: { type: 'range', min: 1, max: MAX_REMOTES, step: 1 } },
  },
} satisfies Meta<typeof CallScenario>;

export default meta;
type Story = StoryObj<typeof meta>;

export const RingingAudio: Story = { args: { phase: 'ringing', callType: 'audio' } };
export const RingingVideo: Story = {
  args: { phase: 'ringing' },
  play: async ({ canvas, args, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Accept' }));
    await expect(args.onAccept).toHaveBeenCalledTimes(1);
  },
};
export const RingingGroup: Story = { args: { phase: 'ringing', remotes: 3 } };
export const Calling: Story = { args: { phase: 'calling' } };
export const Connecting: Story = { args: { remotes: 1, connections: ['connecting'], remoteCameraOff: [0] } };
export const ActiveOneToOne: Story = {
  play: async ({ canvas, args, userEvent }) => {
    const localTile = canvas.getByRole('group', { name: 'Sam Lee (you)' });
    await expect(within(localTile).queryByText('Microphone muted')).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'Mute' }));
    await expect(args.onToggleAudio).toHaveBeenCalledTimes(1);
    await expect(within(localTile).getByText('Microphone muted')).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'Leave call' }));
    await expect(args.onHangUp).toHaveBeenCalledTimes(1);
  },
};
/** Three people: you and two others. */
export const ActiveThree: Story = { args: { remotes: 2, remoteMuted: [1] } };
/** Four people, the most a call holds: you and three others. */
export const ActiveFour: Story = { args: { remotes: 3, remoteCameraOff: [2], remoteMuted: [1] } };
/**
 * Someone shares a screen in a call of four: it takes the stage, their camera a small picture in it, the others
 * line up beside it.
 */
export const Presenting: Story = {
  args: { remotes: 3, presenting: 1 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Participants' })).toHaveAttribute('data-layout', 'spotlight');
    const presenter = canvas.getByRole('group', { name: people[1]!.name }).getBoundingClientRect();
    const you = canvas.getByRole('group', { name: 'Sam Lee (you)' }).getBoundingClientRect();
    await expect(presenter.width * presenter.height).toBeGreaterThan(4 * you.width * you.height);
    const presenterTile = canvas.getByRole('group', { name: people[1]!.name });
    // The side camera shows once its synthetic track exists, which an effect makes after the first render.
    await waitFor(() => expect(presenterTile.querySelector('.meshcall-tile__side-camera')).toBeVisible());
  },
};
export const AudioCall: Story = { args: { callType: 'audio', remotes: 2 } };
export const Muted: Story = { args: { audioMuted: true, remoteMuted: [0] } };
export const CameraOff: Story = { args: { videoMuted: true, remoteCameraOff: [0] } };
export const PoorConnection: Story = { args: { remotes: 2, connections: ['poor'] } };
export const PeerReconnecting: Story = { args: { remotes: 2, connections: ['connected', 'reconnecting'] } };
export const Reconnecting: Story = { args: { phase: 'reconnecting', remotes: 2 } };
export const PeerFailed: Story = { args: { remotes: 3, connections: ['connected', 'failed'], remoteCameraOff: [1] } };
export const Ended: Story = { args: { phase: 'ended', endReason: 'remoteEnded' } };
export const Failed: Story = { args: { phase: 'ended', endReason: 'connectionLost' } };
export const PermissionDenied: Story = { args: { phase: 'ended', endReason: 'mediaError' } };

/**
 * Test only (not in the sidebar): the story follows its controls after mount (mute state, phase, number of
 * people), as the Controls panel changes them; a number of people out of range shows the nearest one.
 */
export const FollowsControls: Story = {
  tags: ['!dev'],
  args: { audioMuted: true, videoMuted: true },
  render: (args) => <ArgUpdates args={args}>{(current) => <CallScenario {...current} />}</ArgUpdates>,
  play: async ({ canvas, argTypes }) => {
    await expect(argTypes.phase?.options).toEqual(PHASES);
    await expect(argTypes.callType?.control).toMatchObject({ type: 'inline-radio' });
    await expect(argTypes.remotes?.control).toMatchObject({ type: 'range', min: 1, max: MAX_REMOTES });

    const you = canvas.getByRole('group', { name: 'Sam Lee (you)' });
    await expect(within(you).getByText('Microphone muted')).toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Turn off camera' })).toHaveAttribute('aria-pressed', 'true');
    updateArgs({ audioMuted: false, videoMuted: false });
    await waitFor(() => expect(within(you).queryByText('Microphone muted')).toBeNull());
    await expect(canvas.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'false');
    await expect(canvas.getByRole('button', { name: 'Turn off camera' })).toHaveAttribute('aria-pressed', 'false');
    updateArgs({ audioMuted: true });
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true'));

    updateArgs({ remotes: 9 });
    const remoteTile = { name: new RegExp(`^(${people.map((person) => person.name).join('|')})$`) };
    await waitFor(() => expect(canvas.getAllByRole('group', remoteTile)).toHaveLength(MAX_REMOTES));
    updateArgs({ phase: 'ringing', remotes: 0 });
    await expect(await canvas.findByRole('alertdialog', { name: 'Alice Martin is calling' })).toBeInTheDocument();
  },
};
