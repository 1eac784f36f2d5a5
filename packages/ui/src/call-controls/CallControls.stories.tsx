import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { Icon } from '../icons.js';
import { ArgUpdates, updateArgs, useArgState } from '../stories-support/arg-updates.js';
import { CallControls, type CallControlsProps, ControlButton, HangUpButton, MicButton } from './CallControls.js';

const meta = {
  title: 'Calls/CallControls',
  component: CallControls,
  args: {
    audioMuted: false,
    videoMuted: false,
    screenSharing: false,
    cameraCount: 2,
    onToggleAudio: fn(),
    onToggleVideo: fn(),
    onSwitchCamera: fn(),
    onToggleScreenShare: fn(),
    onHangUp: fn(),
  },
  parameters: { layout: 'centered' },
  decorators: [
    (Story) => (
      <div style={{ paddingTop: 56 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof CallControls>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Every default button: mic, camera, switch camera (two cameras), screen share, hang up. */
export const Default: Story = {
  play: async ({ canvas, args, userEvent }) => {
    const mic = canvas.getByRole('button', { name: 'Mute' });
    await expect(mic).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(mic);
    await expect(args.onToggleAudio).toHaveBeenCalledTimes(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Turn off camera' }));
    await expect(args.onToggleVideo).toHaveBeenCalledTimes(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Switch camera' }));
    await expect(args.onSwitchCamera).toHaveBeenCalledTimes(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Share screen' }));
    await expect(args.onToggleScreenShare).toHaveBeenCalledTimes(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Leave call' }));
    await expect(args.onHangUp).toHaveBeenCalledTimes(1);
  },
};

/** Microphone muted and camera off: "Mute" and "Turn off camera" pressed. */
export const MutedAndCameraOff: Story = {
  args: { audioMuted: true, videoMuted: true },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByRole('button', { name: 'Turn off camera' })).toHaveAttribute('aria-pressed', 'true');
  },
};

/** Sharing the screen. */
export const ScreenSharing: Story = { args: { screenSharing: true } };

/** One camera: no switch button. Audio call: no camera button. */
export const AudioCallOneCamera: Story = {
  args: { cameraCount: 1, onToggleVideo: undefined, onToggleScreenShare: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('button', { name: 'Switch camera' })).toBeNull();
    await expect(canvas.queryByRole('button', { name: /camera/ })).toBeNull();
    await expect(canvas.getAllByRole('button')).toHaveLength(2);
  },
};

/** Controls wired to state, which starts from the args and follows them when a control changes them. */
function StatefulControls(props: CallControlsProps) {
  const [audioMuted, setAudioMuted] = useArgState(props.audioMuted ?? false);
  const [videoMuted, setVideoMuted] = useArgState(props.videoMuted ?? false);
  return (
    <CallControls
      {...props}
      audioMuted={audioMuted}
      videoMuted={videoMuted}
      onToggleAudio={() => {
        setAudioMuted((value) => !value);
        props.onToggleAudio?.();
      }}
      onToggleVideo={() => {
        setVideoMuted((value) => !value);
        props.onToggleVideo?.();
      }}
    />
  );
}

/** Wired to state: the keyboard toggles mute, and `aria-pressed` follows (the name stays). */
export const KeyboardToggles: Story = {
  render: (args) => <StatefulControls {...args} />,
  play: async ({ canvas, args, userEvent }) => {
    await userEvent.tab();
    const mic = canvas.getByRole('button', { name: 'Mute' });
    await expect(mic).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await expect(mic).toHaveAttribute('aria-pressed', 'true');
    await expect(mic).toHaveAccessibleName('Mute');
    await userEvent.keyboard(' ');
    await expect(mic).toHaveAttribute('aria-pressed', 'false');
    await expect(mic).toHaveAccessibleName('Mute');
    await expect(args.onToggleAudio).toHaveBeenCalledTimes(2);
    await userEvent.tab();
    await userEvent.keyboard('{Enter}');
    await expect(canvas.getByRole('button', { name: 'Turn off camera' })).toHaveAttribute('aria-pressed', 'true');
  },
};

/**
 * Test only (not in the sidebar): the stateful controls of {@link KeyboardToggles} follow the `audioMuted` and
 * `videoMuted` controls after mount, and the buttons still toggle afterwards.
 */
export const KeyboardTogglesFollowControls: Story = {
  tags: ['!dev'],
  render: (args) => <ArgUpdates args={args}>{(current) => <StatefulControls {...current} />}</ArgUpdates>,
  play: async ({ canvas, userEvent }) => {
    const mic = canvas.getByRole('button', { name: 'Mute' });
    updateArgs({ audioMuted: true, videoMuted: true });
    await waitFor(() => expect(mic).toHaveAttribute('aria-pressed', 'true'));
    await expect(canvas.getByRole('button', { name: 'Turn off camera' })).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(mic);
    await expect(mic).toHaveAttribute('aria-pressed', 'false');
    // A control changed later sets its own state only: the mic stays as clicked.
    updateArgs({ videoMuted: false });
    await waitFor(() =>
      expect(canvas.getByRole('button', { name: 'Turn off camera' })).toHaveAttribute('aria-pressed', 'false'),
    );
    await expect(mic).toHaveAttribute('aria-pressed', 'false');
  },
};

/** Composed: pick the buttons and add your own. */
export const CustomChildren: Story = {
  render: (args) => (
    <CallControls>
      <MicButton muted={false} onToggle={args.onToggleAudio ?? (() => undefined)} />
      <ControlButton icon={<Icon name="users" />} label="Show participants" onClick={fn()} />
      <HangUpButton onHangUp={args.onHangUp ?? (() => undefined)} />
    </CallControls>
  ),
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('group', { name: 'Call controls' })).toBeVisible();
    await expect(canvas.getByRole('button', { name: 'Show participants' })).toBeVisible();
  },
};
