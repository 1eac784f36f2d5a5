import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { PlaygroundView, type PlaygroundViewProps } from '../playground/PlaygroundView.js';

/**
 * How long the calls of these stories ring, and how long a dropped link may try to recover: a day, so that a
 * state story (a call ringing, a link reconnecting) shows its state for as long as anyone looks at it, instead
 * of moving on to "No answer" or "The connection was lost" after the playground's defaults (20 s, 8 s).
 */
const HOLD_MS = 24 * 60 * 60 * 1000;

/**
 * `<VideoCall>` in each of its states, on the playground's simulated world (real WebRTC in the page, synthetic
 * cameras). Each story's script drives the simulated participants into the state; its play function checks
 * what the local user sees.
 */
const meta = {
  title: 'VideoCall',
  component: PlaygroundView,
  parameters: { layout: 'fullscreen' },
  args: { panel: false, answerTimeout: HOLD_MS, disconnectTimeout: HOLD_MS },
} satisfies Meta<typeof PlaygroundView>;

export default meta;
type Story = StoryObj<typeof meta>;

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const TIMEOUT = { timeout: 20_000 };

/**
 * The local user's view. Found, not got: the playground is created in an effect, so the story renders nothing
 * at first (the play function of the Storybook UI starts before that effect has run).
 */
const main = async (canvas: ReturnType<typeof within>) =>
  within(await canvas.findByRole('main', { name: 'Your call' }, TIMEOUT));

/** A state story's calls keep ringing and its dropped links keep reconnecting (see {@link HOLD_MS}). */
const expectStateToHold = async (args: PlaygroundViewProps) => {
  await expect(args.answerTimeout).toBeGreaterThanOrEqual(HOLD_MS);
  await expect(args.disconnectTimeout).toBeGreaterThanOrEqual(HOLD_MS);
};

/** The video tracks a tile shows. */
const videoTracksOf = (tile: HTMLElement) =>
  (tile.querySelector('video')?.srcObject as MediaStream | null)?.getVideoTracks() ?? [];

/** Alice calls you: the incoming-call dialog. */
export const Incoming: Story = {
  args: { script: (pg) => pg.callFrom(ALICE) },
  play: async ({ canvas, args }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Alice Martin is calling' }, TIMEOUT);
    // Visible once the dialog has faded in.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Accept without video' })).toBeVisible());
    await expectStateToHold(args);
  },
};

/** Alice calls you and Bob: a group call rings. */
export const IncomingGroup: Story = {
  args: { script: (pg) => pg.callFrom(ALICE, 'video', [BOB]) },
  play: async ({ canvas, args }) => {
    const dialog = await canvas.findByRole('alertdialog', { name: 'Alice Martin is calling' }, TIMEOUT);
    await waitFor(() => expect(within(dialog).getByText('Group call with Bob Chen · 3 people')).toBeVisible());
    await expectStateToHold(args);
  },
};

/** You call Alice; she has not answered yet. */
export const Calling: Story = {
  args: { script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvas, args }) => {
    const view = await main(canvas);
    await expect(await view.findByRole('heading', { name: 'Calling Alice Martin…' }, TIMEOUT)).toBeVisible();
    await expect(view.getByRole('button', { name: 'Cancel' })).toBeVisible();
    await expectStateToHold(args);
  },
};

/** A 1:1 video call. */
export const OneToOne: Story = {
  args: { autoAnswer: { [ALICE]: 'accept' }, script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvas }) => {
    const view = await main(canvas);
    const alice = await view.findByRole('group', { name: 'Alice Martin' }, TIMEOUT);
    await waitFor(() => expect(alice.querySelector('video')?.videoWidth).toBeGreaterThan(0), TIMEOUT);
    await expect(view.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
    await expect(await view.findByRole('timer', {}, TIMEOUT)).toBeVisible();
  },
};

/** Four people (you and three others), all connected. */
export const GroupOfFour: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept', [CAROL]: 'accept' },
    script: (pg) => void pg.call([ALICE, BOB, CAROL]),
  },
  play: async ({ canvas }) => {
    const view = await main(canvas);
    for (const name of ['Alice Martin', 'Bob Chen', 'Carol Diaz']) {
      // In the call, not just invited: a tile also shows someone whose phone still rings.
      await waitFor(
        () => expect(view.getByRole('group', { name })).toHaveAttribute('data-connection', 'connected'),
        TIMEOUT,
      );
    }
  },
};

/** Alice answered, Bob's phone is still ringing. */
export const OneStillRinging: Story = {
  args: { autoAnswer: { [ALICE]: 'accept' }, script: (pg) => void pg.call([ALICE, BOB]) },
  play: async ({ canvas, args }) => {
    const bob = await (await main(canvas)).findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await expect(within(bob).getByText('Ringing…')).toBeVisible();
    await expectStateToHold(args);
  },
};

/** An audio call with two others: avatars instead of pictures, no camera controls. */
export const AudioCall: Story = {
  args: { autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept' }, script: (pg) => void pg.call([ALICE, BOB], 'audio') },
  play: async ({ canvas }) => {
    const view = await main(canvas);
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
  play: async ({ canvas }) => {
    const view = await main(canvas);
    const alice = await view.findByRole('group', { name: 'Alice Martin' }, TIMEOUT);
    await expect(await within(alice).findByText('Microphone muted', {}, TIMEOUT)).toBeInTheDocument();
    // Bob's camera is off: his link is up (a dropped link also shows no picture) and his tile shows no video
    // track at all, only his avatar (a camera that is on but has not sent a frame yet shows the avatar too).
    await waitFor(() => {
      const bob = view.getByRole('group', { name: 'Bob Chen' });
      expect(bob).toHaveAttribute('data-connection', 'connected');
      expect(videoTracksOf(bob)).toEqual([]);
      expect(bob.querySelector('.meshcall-tile__placeholder')).not.toBeNull();
    }, TIMEOUT);
    // Alice's camera is on, in the same call.
    await waitFor(() => expect(videoTracksOf(alice)).toHaveLength(1), TIMEOUT);
  },
};

/** Bob's network dropped: his tile says so while the call goes on with Alice. */
export const ParticipantReconnecting: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept' },
    script: async (pg) => {
      void pg.call([ALICE, BOB]);
      await pg.until(BOB, 'in-call', 'connected');
      await pg.until(ALICE, 'in-call', 'connected');
      pg.loseNetwork(BOB);
    },
  },
  play: async ({ canvas, args }) => {
    const bob = await (await main(canvas)).findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await waitFor(() => expect(bob.getAttribute('data-connection')).toBe('reconnecting'), TIMEOUT);
    await expect(within(bob).getByText('Reconnecting…')).toBeVisible();
    await expectStateToHold(args);
  },
};

/** Your only other participant's network dropped: the whole call is reconnecting. */
export const Reconnecting: Story = {
  args: {
    autoAnswer: { [ALICE]: 'accept' },
    script: async (pg) => {
      void pg.call([ALICE]);
      await pg.until(ALICE, 'in-call', 'connected');
      pg.loseNetwork(ALICE);
    },
  },
  play: async ({ canvas, args }) => {
    const view = await main(canvas);
    await expect(await view.findByRole('heading', { name: 'Reconnecting…' }, TIMEOUT)).toBeVisible();
    await expect(view.getByRole('button', { name: 'Leave call' })).toBeVisible();
    await expectStateToHold(args);
  },
};

/** Alice declined: the end screen says so and offers to call again. */
export const Declined: Story = {
  args: { autoAnswer: { [ALICE]: 'reject' }, script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvas }) => {
    await expect(await (await main(canvas)).findByText('Alice Martin declined the call.', {}, TIMEOUT)).toBeVisible();
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
  play: async ({ canvas }) => {
    await expect(await (await main(canvas)).findByText('Alice Martin is in another call.', {}, TIMEOUT)).toBeVisible();
  },
};

/** Nobody answered in time. */
export const NoAnswer: Story = {
  args: { answerTimeout: 3_000, autoAnswer: { [ALICE]: 'ignore' }, script: (pg) => void pg.call([ALICE]) },
  play: async ({ canvas }) => {
    await expect(await (await main(canvas)).findByText('No answer.', {}, TIMEOUT)).toBeVisible();
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
  play: async ({ canvas }) => {
    const view = await main(canvas);
    await expect(await view.findByText('Everyone else left the call.', {}, TIMEOUT)).toBeVisible();
    await expect(view.getByText(/^Duration \d+:\d\d$/)).toBeVisible();
    await expect(view.getByRole('button', { name: 'Close' })).toBeVisible();
  },
};
