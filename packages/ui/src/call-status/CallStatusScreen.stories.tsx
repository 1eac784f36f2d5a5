import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn } from 'storybook/test';
import { demoName, Frame, people } from '../stories-support/people.js';
import { CallEndedScreen, OutgoingCallScreen, ReconnectingScreen } from './CallStatusScreen.js';

const meta = {
  title: 'Calls/CallStatusScreen',
  component: CallEndedScreen,
  decorators: [
    (Story) => (
      <Frame width={640} height={440}>
        <Story />
      </Frame>
    ),
  ],
  args: { onClose: fn(), onCallAgain: fn() },
} satisfies Meta<typeof CallEndedScreen>;

export default meta;
type Story = StoryObj<typeof meta>;

/** Outgoing 1:1 video call, waiting for an answer; Cancel hangs up. */
export const Calling: Story = {
  render: (args) => (
    <OutgoingCallScreen
      calleeIds={[people[0]!.id]}
      callType="video"
      getDisplayName={demoName}
      onCancel={args.onClose ?? (() => undefined)}
    />
  ),
  play: async ({ canvas, args, userEvent }) => {
    await expect(canvas.getByRole('heading', { name: 'Calling Alice Martin…' })).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Cancel' }));
    await expect(args.onClose).toHaveBeenCalledTimes(1);
  },
};

/** Outgoing group audio call. */
export const CallingGroup: Story = {
  render: (args) => (
    <OutgoingCallScreen
      calleeIds={people.slice(0, 3).map((person) => person.id)}
      callType="audio"
      getDisplayName={demoName}
      onCancel={args.onClose ?? (() => undefined)}
    />
  ),
};

/** Every link is down; reconnecting (opaque variant). */
export const Reconnecting: Story = {
  render: () => <ReconnectingScreen overlay={false} />,
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting…');
  },
};

/** The local user hung up after 3 min 5 s. */
export const Ended: Story = {
  args: { reason: 'hungUp', durationMs: 185_000 },
  play: async ({ canvas, args, userEvent }) => {
    await expect(canvas.getByText('Duration 3:05')).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Close' }));
    await expect(args.onClose).toHaveBeenCalledTimes(1);
    await userEvent.click(canvas.getByRole('button', { name: 'Call again' }));
    await expect(args.onCallAgain).toHaveBeenCalledTimes(1);
  },
};

/** Nobody answered. */
export const NotAnswered: Story = { args: { reason: 'notAnswered' } };

/** The connection failed for good. */
export const ConnectionLost: Story = {
  args: { reason: 'connectionLost', durationMs: 42_000 },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('The connection was lost.');
  },
};

/** Camera or microphone permission was denied. */
export const PermissionDenied: Story = {
  args: { reason: 'mediaError', onCallAgain: undefined },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent(
      /Can’t use your camera or microphone.*Access was blocked/,
    );
  },
};
