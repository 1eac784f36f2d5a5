import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { PlaygroundView } from '../playground/PlaygroundView.js';

/**
 * `<VideoCall>` in each of its states, on the playground's simulated world (real WebRTC in the page, synthetic
 * cameras). Each story's script drives the simulated participants into the state; its play function checks
 * what the local user sees.
 */
const meta = {
  title: 'VideoCall',
  component: PlaygroundView,
  parameters: { layout: 'fullscreen' },
  args: { panel: false },
} satisfies Meta<typeof PlaygroundView>;

export default meta;
type Story = StoryObj<typeof meta>;

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const TIMEOUT = { timeout: 20_000 };

const main = (canvasElement: HTMLElement) => within(within(canvasElement).getByRole('main', { name: 'Your call' }));

/** Alice calls you: the incoming-call dialog. */
export const Incoming: Story = {
  args: { script: (pg) => pg.callFrom(ALICE) },
  play: async ({ canvas }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Alice Martin is calling' }, TIMEOUT);
    await expect(within(dialog).getByRole('button', { name: 'Accept without video' })).toBeVisible();
  },
};

/** Alice calls you and Bob: a group call rings. */
export const IncomingGroup: Story = {
  args: { script: (pg) => pg.callFrom(ALICE, 'video', [BOB]) },
  play: async ({ canvas }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Alice Martin is calling' }, TIMEOUT);
    await expect(within(dialog).getByText('Group call with Bob Chen · 3 people')).toBeVisible();
  },
};

/** You call Alice; she has not answered yet. */
export const Calling: Story = {
  args: { script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvasElement }) => {
    await expect(
      await main(canvasElement).findByRole('heading', { name: 'Calling Alice Martin…' }, TIMEOUT),
    ).toBeVisible();
    await expect(main(canvasElement).getByRole('button', { name: 'Cancel' })).toBeVisible();
  },
};

/** A 1:1 video call. */
export const OneToOne: Story = {
  args: { autoAnswer: { [ALICE]: 'accept' }, script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvasElement }) => {
    const view = main(canvasElement);
    const alice = await view.findByRole('group', { name: 'Alice Martin' }, TIMEOUT);
    await waitFor(() => expect(alice.querySelector('video')?.videoWidth).toBeGreaterThan(0), TIMEOUT);
    await expect(view.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
    await expect(await view.findByRole('timer', {}, TIMEOUT)).toBeVisible();
  },
};

/** Four people (you and three others). */
export const GroupOfFour: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept', [CAROL]: 'accept' },
    script: (pg) => void pg.call([ALICE, BOB, CAROL]),
  },
  play: async ({ canvasElement }) => {
    for (const name of ['Alice Martin', 'Bob Chen', 'Carol Diaz']) {
      await main(canvasElement).findByRole('group', { name }, TIMEOUT);
    }
  },
};

/** Alice answered, Bob's phone is still ringing. */
export const OneStillRinging: Story = {
  args: { autoAnswer: { [ALICE]: 'accept' }, script: (pg) => void pg.call([ALICE, BOB]) },
  play: async ({ canvasElement }) => {
    const bob = await main(canvasElement).findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await expect(within(bob).getByText('Ringing…')).toBeVisible();
  },
};

/** An audio call with two others: avatars instead of pictures, no camera controls. */
export const AudioCall: Story = {
  args: { autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept' }, script: (pg) => void pg.call([ALICE, BOB], 'audio') },
  play: async ({ canvasElement }) => {
    const view = main(canvasElement);
    await view.findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await expect(view.queryByRole('button', { name: 'Turn off camera' })).toBeNull();
    await expect(view.getByRole('button', { name: 'Mute' })).toBeVisible();
  },
};

/** Alice muted her microphone, Bob turned his camera off. */
export const MutedAndCameraOff: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept' },
    script: async (pg) => {
      void pg.call([ALICE, BOB]);
      await pg.until(ALICE, 'in-call', 'connected');
      await pg.until(BOB, 'in-call', 'connected');
      pg.toggleMicrophone(ALICE);
      await pg.toggleCamera(BOB);
    },
  },
  play: async ({ canvasElement }) => {
    const view = main(canvasElement);
    const alice = await view.findByRole('group', { name: 'Alice Martin' }, TIMEOUT);
    await expect(await within(alice).findByText('Microphone muted', {}, TIMEOUT)).toBeInTheDocument();
    const bob = view.getByRole('group', { name: 'Bob Chen' });
    await waitFor(() => expect(bob.querySelector('.meshcall-video--empty')).not.toBeNull(), TIMEOUT);
  },
};

/** Bob's network dropped: his tile says so while the call goes on with Alice. */
export const ParticipantReconnecting: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept' },
    disconnectTimeout: 60_000,
    script: async (pg) => {
      void pg.call([ALICE, BOB]);
      await pg.until(BOB, 'in-call', 'connected');
      await pg.until(ALICE, 'in-call', 'connected');
      pg.loseNetwork(BOB);
    },
  },
  play: async ({ canvasElement }) => {
    const bob = await main(canvasElement).findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await waitFor(() => expect(bob.getAttribute('data-connection')).toBe('reconnecting'), TIMEOUT);
    await expect(within(bob).getByText('Reconnecting…')).toBeVisible();
  },
};

/** Your only other participant's network dropped: the whole call is reconnecting. */
export const Reconnecting: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept' },
    disconnectTimeout: 60_000,
    script: async (pg) => {
      void pg.call([ALICE]);
      await pg.until(ALICE, 'in-call', 'connected');
      pg.loseNetwork(ALICE);
    },
  },
  play: async ({ canvasElement }) => {
    await expect(await main(canvasElement).findByRole('heading', { name: 'Reconnecting…' }, TIMEOUT)).toBeVisible();
    await expect(main(canvasElement).getByRole('button', { name: 'Leave call' })).toBeVisible();
  },
};

/** Alice declined: the end screen says so and offers to call again. */
export const Declined: Story = {
  args: { autoAnswer: { [ALICE]: 'reject' }, script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvasElement }) => {
    await expect(await main(canvasElement).findByText('Alice Martin declined the call.', {}, TIMEOUT)).toBeVisible();
  },
};

/** Alice is in another call: her client turns yours down as busy, and the end screen says so. */
export const Busy: Story = {
  args: {
    script: async (pg) => {
      await pg.setBusy(ALICE, true);
      await pg.until(ALICE, 'busy');
      void pg.call([ALICE]);
    },
  },
  play: async ({ canvasElement }) => {
    await expect(await main(canvasElement).findByText('Alice Martin is in another call.', {}, TIMEOUT)).toBeVisible();
  },
};

/** Nobody answered in time. */
export const NoAnswer: Story = {
  args: { answerTimeout: 3_000, autoAnswer: { [ALICE]: 'ignore' }, script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvasElement }) => {
    await expect(await main(canvasElement).findByText('No answer.', {}, TIMEOUT)).toBeVisible();
  },
};

/** Alice left after a while: the call is over, with its duration. */
export const Ended: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept' },
    script: async (pg) => {
      void pg.call([ALICE]);
      await pg.until(ALICE, 'in-call', 'connected');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      pg.leave(ALICE);
    },
  },
  play: async ({ canvasElement }) => {
    const view = main(canvasElement);
    await expect(await view.findByText('Everyone else left the call.', {}, TIMEOUT)).toBeVisible();
    await expect(view.getByText(/^Duration \d+:\d\d$/)).toBeVisible();
    await expect(view.getByRole('button', { name: 'Close' })).toBeVisible();
  },
};
