import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import { demoName, me, people } from '../stories-support/people.js';
import { IncomingCallDialog } from './IncomingCallDialog.js';

const alice = people[0]!.id;

const meta = {
  title: 'Calls/IncomingCallDialog',
  component: IncomingCallDialog,
  parameters: { layout: 'fullscreen' },
  args: {
    callerId: alice,
    callType: 'video',
    opponents: [alice],
    getDisplayName: demoName,
    onAccept: fn(),
    onAcceptWithoutVideo: fn(),
    onReject: fn(),
  },
  decorators: [
    (Story) => (
      <div style={{ minHeight: '100vh' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof IncomingCallDialog>;

export default meta;
type Story = StoryObj<typeof meta>;

/** A 1:1 video call is ringing; focus starts on Accept, so Enter answers. */
export const VideoCall: Story = {
  play: async ({ canvas, args, userEvent }) => {
    const dialog = canvas.getByRole('alertdialog', { name: 'Alice Martin is calling' });
    await expect(dialog).toHaveAccessibleDescription(/Incoming video call/);
    const accept = canvas.getByRole('button', { name: 'Accept' });
    await waitFor(() => expect(accept).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    await expect(args.onAccept).toHaveBeenCalledTimes(1);
    await expect(args.onReject).not.toHaveBeenCalled();
  },
};

/** Audio call: no "Accept without video". */
export const AudioCall: Story = {
  args: { callType: 'audio' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alertdialog')).toHaveAccessibleDescription(/Incoming audio call/);
    await expect(canvas.queryByRole('button', { name: 'Accept without video' })).toBeNull();
  },
};

/** A call rings while you are in another one (`busyPolicy: 'ring'`): answering ends the current call. */
export const WhileInACall: Story = {
  args: { endsCurrentCall: true },
  play: async ({ canvas, args, userEvent }) => {
    await expect(canvas.queryByRole('button', { name: 'Accept' })).toBeNull();
    // Visible once the dialog has faded in.
    await waitFor(() => expect(canvas.getByRole('button', { name: 'End call, accept without video' })).toBeVisible());
    await userEvent.click(canvas.getByRole('button', { name: 'End call and accept' }));
    await expect(args.onAccept).toHaveBeenCalledTimes(1);
  },
};

/** A full group call (four people, the default cap): the number of people and the other invitees are named. */
export const GroupCall: Story = {
  args: { opponents: people.slice(0, 3).map((person) => person.id) },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alertdialog')).toHaveAccessibleDescription(
      /Group call with Bob Chen and Carol Diaz · 4 people/,
    );
  },
};

/** Decline with a click. */
export const Reject: Story = {
  play: async ({ canvas, args, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Decline' }));
    await expect(args.onReject).toHaveBeenCalledTimes(1);
    await expect(args.onAccept).not.toHaveBeenCalled();
  },
};

/** Escape declines the call (documented default; `rejectOnEscape={false}` turns it off). */
export const EscapeRejects: Story = {
  play: async ({ canvas, args, userEvent }) => {
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Accept' })).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await expect(args.onReject).toHaveBeenCalledTimes(1);
  },
};

/** Accept a video call with the camera off; Tab cycles inside the dialog. */
export const AcceptWithoutVideo: Story = {
  play: async ({ canvas, args, userEvent }) => {
    const accept = canvas.getByRole('button', { name: 'Accept' });
    await waitFor(() => expect(accept).toHaveFocus());
    await userEvent.tab();
    await expect(canvas.getByRole('button', { name: 'Decline' })).toHaveFocus();
    await userEvent.tab();
    const withoutVideo = canvas.getByRole('button', { name: 'Accept without video' });
    await expect(withoutVideo).toHaveFocus();
    await userEvent.keyboard(' ');
    await expect(args.onAcceptWithoutVideo).toHaveBeenCalledTimes(1);
    await expect(args.onAccept).not.toHaveBeenCalled();
  },
};

/** Rings with the built-in Web Audio tone while shown. */
export const WithRingtone: Story = { args: { ringtone: true } };

/** Every label can be translated. */
export const Translated: Story = {
  args: {
    callerId: me.id,
    labels: {
      incomingCallTitle: (name) => `${name} ruft an`,
      incomingVideoCall: 'Eingehender Videoanruf',
      accept: 'Annehmen',
      acceptWithoutVideo: 'Ohne Video annehmen',
      reject: 'Ablehnen',
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alertdialog', { name: 'Sam Lee ruft an' })).toBeInTheDocument();
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Annehmen' })).toBeVisible());
  },
};
