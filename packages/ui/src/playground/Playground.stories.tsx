import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, spyOn, waitFor, within } from 'storybook/test';
import { ArgUpdates, updateArgs } from '../stories-support/arg-updates.js';
import { PlaygroundView, type PlaygroundViewProps } from './PlaygroundView.js';
import type { AutoAnswer } from './simulation.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const TIMEOUT = { timeout: 20_000 };

const AUTO_ANSWERS: readonly AutoAnswer[] = ['manual', 'accept', 'reject', 'ignore'];

/**
 * The args of the playground stories: the view's props, with what each simulated person does when called as
 * an arg of its own instead of `autoAnswer` (the Controls panel has no select inside an object).
 */
type PlaygroundArgs = Omit<PlaygroundViewProps, 'autoAnswer'> & {
  aliceAnswers?: AutoAnswer;
  bobAnswers?: AutoAnswer;
  carolAnswers?: AutoAnswer;
};

/** The view's props for the story's args. */
function viewProps({ aliceAnswers, bobAnswers, carolAnswers, ...props }: PlaygroundArgs): PlaygroundViewProps {
  const autoAnswer: Record<string, AutoAnswer> = {};
  for (const [id, mode] of [
    [ALICE, aliceAnswers],
    [BOB, bobAnswers],
    [CAROL, carolAnswers],
  ] as const) {
    if (mode) autoAnswer[id] = mode;
  }
  return { ...props, autoAnswer };
}

const answerControl = (name: string) => ({
  control: 'select' as const,
  options: AUTO_ANSWERS,
  description: `What ${name} does when called (the "When called" of their card).`,
});

/**
 * The playground: you (Sam Lee) and up to three simulated participants in one page, with real WebRTC
 * connections over an in-page signaling network and synthetic cameras. Start a call from the panel, then make
 * the others accept, decline, not answer, mute, talk (the speaking ring), leave, lose their network, call you
 * (during a call too: it rings as call waiting, with "End call and accept"), or be busy in another call. The
 * Controls set how many people there are, what each does when called, and the timeouts: changing the people
 * or a timeout starts a new world, changing what someone does when called keeps the call going.
 */
const meta = {
  title: 'Playground',
  component: PlaygroundView,
  // `autoAnswer` is set per person below; a script and `<VideoCall>` props are for stories, not controls.
  parameters: { layout: 'fullscreen', controls: { exclude: ['autoAnswer', 'script', 'videoCall'] } },
  render: (args) => <PlaygroundView {...viewProps(args)} />,
  args: {
    people: 3,
    aliceAnswers: 'manual',
    bobAnswers: 'manual',
    carolAnswers: 'manual',
    answerTimeout: 20_000,
    disconnectTimeout: 8_000,
  },
  argTypes: {
    people: {
      control: { type: 'range', min: 1, max: 3, step: 1 },
      description: 'How many simulated people: Alice, then Bob, then Carol.',
    },
    aliceAnswers: answerControl('Alice'),
    bobAnswers: answerControl('Bob'),
    carolAnswers: answerControl('Carol'),
    answerTimeout: { control: { type: 'number', min: 1_000, step: 1_000 } },
    disconnectTimeout: { control: { type: 'number', min: 1_000, step: 1_000 } },
  },
} satisfies Meta<PlaygroundArgs>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The panel and the local user's view. Found, not got: the playground is created in an effect, so the story
 * renders nothing at first (the play function of the Storybook UI starts before that effect has run).
 */
async function parts(canvas: ReturnType<typeof within>) {
  const panel = within(await canvas.findByRole('complementary', { name: 'Playground controls' }, TIMEOUT));
  const main = within(canvas.getByRole('main', { name: 'Your call' }));
  const card = (name: string) => within(panel.getByRole('region', { name }));
  return { panel, main, card };
}

/** The interactive playground, idle. */
export const Playground: Story = {
  play: async ({ canvas }) => {
    const { panel, main } = await parts(canvas);
    for (const name of ['Alice Martin', 'Bob Chen', 'Carol Diaz']) {
      await expect(await panel.findByRole('region', { name })).toBeVisible();
    }
    await expect(main.getByText('No call right now')).toBeVisible();
  },
};

/** Call two people; both accept; one leaves and their tile goes; then you hang up. */
export const TwoJoinOneLeaves: Story = {
  play: async ({ canvas, userEvent }) => {
    const { panel, main, card } = await parts(canvas);
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Video call' }));
    await expect(
      await main.findByRole('heading', { name: 'Calling Alice Martin and Bob Chen…' }, TIMEOUT),
    ).toBeVisible();

    for (const name of ['Alice Martin', 'Bob Chen']) {
      await userEvent.click(await card(name).findByRole('button', { name: 'Accept' }, TIMEOUT));
    }
    const alice = await main.findByRole('group', { name: 'Alice Martin' }, TIMEOUT);
    await main.findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await expect(main.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
    await waitFor(() => expect(alice.querySelector('video')?.videoWidth).toBeGreaterThan(0), TIMEOUT);

    await userEvent.click(card('Bob Chen').getByRole('button', { name: 'Leave' }));
    await waitFor(() => expect(main.queryByRole('group', { name: 'Bob Chen' })).toBeNull(), TIMEOUT);
    await expect(main.getByRole('group', { name: 'Alice Martin' })).toBeVisible();

    await userEvent.click(main.getByRole('button', { name: 'Leave call' }));
    await expect(await main.findByRole('heading', { name: 'Call ended' }, TIMEOUT)).toBeVisible();
    await expect(main.getByText('You left the call.')).toBeVisible();
  },
};

/** In a call, Bob talks: his tile gets the speaking ring; when he stops, it goes. */
export const SomeoneTalks: Story = {
  play: async ({ canvas, userEvent }) => {
    const { panel, main, card } = await parts(canvas);
    await userEvent.click(panel.getByRole('checkbox', { name: 'Alice Martin' })); // just Bob
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    const bobCard = card('Bob Chen');
    await userEvent.click(await bobCard.findByRole('button', { name: 'Accept' }, TIMEOUT));
    const bob = await main.findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await waitFor(() => expect(bob).toHaveAttribute('data-connection', 'connected'), TIMEOUT);
    await expect(bob).not.toHaveClass('meshcall-tile--speaking');

    await userEvent.click(bobCard.getByRole('button', { name: 'Talk' }));
    await waitFor(() => expect(bob).toHaveClass('meshcall-tile--speaking'), TIMEOUT);
    await expect(main.getByRole('group', { name: 'Sam Lee (you)' })).not.toHaveClass('meshcall-tile--speaking');

    await userEvent.click(bobCard.getByRole('button', { name: 'Talk', pressed: true }));
    await waitFor(() => expect(bob).not.toHaveClass('meshcall-tile--speaking'), TIMEOUT);
    await userEvent.click(main.getByRole('button', { name: 'Leave call' }));
  },
};

/**
 * Someone shares their screen: it takes the stage, the others line up beside it; you can pin someone else
 * there instead, and the grid comes back when nobody presents or is pinned.
 */
export const SomeonePresents: Story = {
  play: async ({ canvas, userEvent }) => {
    const { panel, main, card } = await parts(canvas);
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Video call' }));
    for (const name of ['Alice Martin', 'Bob Chen']) {
      await userEvent.click(await card(name).findByRole('button', { name: 'Accept' }, TIMEOUT));
    }
    const grid = main.getByRole('region', { name: 'Participants' });
    const featured = () =>
      grid.querySelector('.meshcall-grid__cell--featured [role="group"]')?.getAttribute('aria-label');
    await main.findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await expect(grid).toHaveAttribute('data-layout', 'grid');

    await userEvent.click(await card('Bob Chen').findByRole('button', { name: 'Share screen' }, TIMEOUT));
    await waitFor(() => expect(featured()).toBe('Bob Chen'), TIMEOUT);
    await userEvent.click(main.getByRole('button', { name: 'Pin Alice Martin' }));
    await expect(featured()).toBe('Alice Martin');
    await userEvent.click(main.getByRole('button', { name: 'Pin Alice Martin', pressed: true }));
    await expect(featured()).toBe('Bob Chen');
    await userEvent.click(card('Bob Chen').getByRole('button', { name: 'Share screen', pressed: true }));
    await waitFor(() => expect(grid).toHaveAttribute('data-layout', 'grid'), TIMEOUT);
    await userEvent.click(main.getByRole('button', { name: 'Leave call' }));
  },
};

/** Someone you call declines: the end screen says who. */
export const Declined: Story = {
  play: async ({ canvas, userEvent }) => {
    const { panel, main, card } = await parts(canvas);
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await userEvent.click(await card('Alice Martin').findByRole('button', { name: 'Decline' }, TIMEOUT));
    await expect(await main.findByText('Alice Martin declined the call.', {}, TIMEOUT)).toBeVisible();
    await expect(main.getByRole('button', { name: 'Call again' })).toBeVisible();
  },
};

/** A simulated participant calls you; you accept from the dialog. */
export const TheyCallYou: Story = {
  play: async ({ canvas, userEvent }) => {
    const { main, card } = await parts(canvas);
    const carol = card('Carol Diaz');
    await userEvent.click(carol.getByRole('button', { name: 'Call you' }));
    const dialog = await canvas.findByRole('alertdialog', { name: 'Carol Diaz is calling' }, TIMEOUT);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await main.findByRole('group', { name: 'Carol Diaz' }, TIMEOUT);
    await expect(await carol.findByText(/In the call/, {}, TIMEOUT)).toBeVisible();
  },
};

/**
 * Carol calls you and gives up before you answer. The ringing call's dialog covers only your view, not the
 * panel: Carol's "Cancel" stays within reach while her call rings.
 */
export const TheyGiveUp: Story = {
  play: async ({ canvas, userEvent }) => {
    const { card } = await parts(canvas);
    const carol = card('Carol Diaz');
    await userEvent.click(carol.getByRole('button', { name: 'Call you' }));
    await canvas.findByRole('alertdialog', { name: 'Carol Diaz is calling' }, TIMEOUT);
    const cancel = await carol.findByRole('button', { name: 'Cancel' }, TIMEOUT);
    // What a pointer at the button's centre reaches: the button, not the dialog's backdrop.
    cancel.scrollIntoView({ block: 'nearest' });
    const box = cancel.getBoundingClientRect();
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    await expect(hit?.closest('button') ?? hit).toBe(cancel);
    await userEvent.click(cancel);
    await waitFor(() => expect(canvas.queryByRole('alertdialog')).toBeNull(), TIMEOUT);
    await expect(await carol.findByText('Available', {}, TIMEOUT)).toBeVisible();
  },
};

/**
 * You answer Carol's video call without video, then turn your camera on: it is your synthetic camera (the
 * playground's), not the machine's camera.
 */
export const CameraOnLater: Story = {
  beforeEach: () => {
    const getUserMedia = spyOn(navigator.mediaDevices, 'getUserMedia');
    return () => getUserMedia.mockRestore();
  },
  play: async ({ canvas, userEvent }) => {
    const { main, card } = await parts(canvas);
    await userEvent.click(card('Carol Diaz').getByRole('button', { name: 'Call you' }));
    const dialog = await canvas.findByRole('alertdialog', { name: 'Carol Diaz is calling' }, TIMEOUT);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept without video' }));
    await userEvent.click(await main.findByRole('button', { name: 'Turn off camera', pressed: true }, TIMEOUT));
    await main.findByRole('button', { name: 'Turn off camera' }, TIMEOUT);
    await expect(navigator.mediaDevices.getUserMedia).not.toHaveBeenCalled();
    // The synthetic camera's picture is 480 × 360.
    const you = main.getByRole('group', { name: 'Sam Lee (you)' });
    await waitFor(() => expect(you.querySelector('video')?.videoWidth).toBe(480), TIMEOUT);
  },
};

/**
 * Alice takes another call; you call her and Bob, Bob declines: the end screen tells the two apart. Once
 * Alice's other call is over, she can be called again.
 */
export const SomeoneIsBusy: Story = {
  play: async ({ canvas, userEvent }) => {
    const { panel, main, card } = await parts(canvas);
    const alice = card('Alice Martin');
    const bob = card('Bob Chen');
    await userEvent.click(alice.getByRole('button', { name: 'Take another call' }));
    await expect(await alice.findByText('In another call', {}, TIMEOUT)).toBeVisible();

    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await userEvent.click(await bob.findByRole('button', { name: 'Decline' }, TIMEOUT));
    const endScreen = within(await main.findByRole('region', { name: 'Call not connected' }, TIMEOUT));
    await expect(endScreen.getByText(/Alice Martin is in another call\./)).toBeVisible();
    await expect(endScreen.getByText(/Bob Chen declined the call\./)).toBeVisible();

    await userEvent.click(alice.getByRole('button', { name: 'End other call' }));
    await expect(await alice.findByText('Available', {}, TIMEOUT)).toBeVisible();
    await userEvent.click(main.getByRole('button', { name: 'Close' }));
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await expect(await alice.findByRole('button', { name: 'Accept' }, TIMEOUT)).toBeVisible();
    await userEvent.click(main.getByRole('button', { name: 'Cancel' }));
  },
};

/** Alice and Bob both take another call: both are busy, and a call to the two of them is turned down by both. */
export const TwoAreBusy: Story = {
  play: async ({ canvas, userEvent }) => {
    const { panel, main, card } = await parts(canvas);
    for (const name of ['Alice Martin', 'Bob Chen']) {
      await userEvent.click(card(name).getByRole('button', { name: 'Take another call' }));
      await expect(await card(name).findByText('In another call', {}, TIMEOUT)).toBeVisible();
    }
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await expect(await main.findByText('Alice Martin and Bob Chen are in other calls.', {}, TIMEOUT)).toBeVisible();
    for (const name of ['Alice Martin', 'Bob Chen']) {
      await expect(card(name).getByText('In another call')).toBeVisible();
    }
  },
};

/**
 * Test only (not in the sidebar): the playground follows its controls after mount, as the Controls panel
 * changes them: what someone does when called changes on their card, and fewer people leave fewer cards.
 */
export const FollowsControls: Story = {
  tags: ['!dev'],
  render: (args) => <ArgUpdates args={args}>{(current) => <PlaygroundView {...viewProps(current)} />}</ArgUpdates>,
  play: async ({ canvas, argTypes }) => {
    await expect(argTypes.people?.control).toMatchObject({ type: 'range', min: 1, max: 3 });
    await expect(argTypes.aliceAnswers?.options).toEqual(AUTO_ANSWERS);
    const { card } = await parts(canvas);
    const whenCalled = () => card('Alice Martin').getByRole('combobox', { name: 'When called' });
    await expect(whenCalled()).toHaveValue('manual');

    updateArgs({ aliceAnswers: 'accept' });
    await waitFor(() => expect(whenCalled()).toHaveValue('accept'));

    // The panel is drawn anew for the new world: found again.
    updateArgs({ people: 1 });
    await waitFor(() => expect(canvas.queryByRole('region', { name: 'Bob Chen' })).toBeNull(), TIMEOUT);
    const fewer = within(await canvas.findByRole('complementary', { name: 'Playground controls' }, TIMEOUT));
    await expect(fewer.getByRole('region', { name: 'Alice Martin' })).toBeVisible();
    await expect(fewer.queryByRole('region', { name: 'Carol Diaz' })).toBeNull();
    // A new world, whose Alice still does what the controls say.
    const alice = within(fewer.getByRole('region', { name: 'Alice Martin' }));
    await expect(alice.getByRole('combobox', { name: 'When called' })).toHaveValue('accept');
  },
};

/** Renders the playground until "Leave the story" is pressed, as when Storybook shows another story. */
function Leavable(props: PlaygroundViewProps) {
  const [shown, setShown] = useState(true);
  if (!shown) return <p>Story left.</p>;
  return (
    <>
      <button type="button" onClick={() => setShown(false)}>
        Leave the story
      </button>
      <PlaygroundView {...props} />
    </>
  );
}

/** What the script of {@link LeaveWhileTheScriptWaits} came to: still waiting, or how its wait ended. */
let scriptOutcome: unknown = null;

/**
 * Test only (not in the sidebar): leaving a story whose script still waits for something (`until`) ends the
 * wait at once, with an abort that nobody reports, instead of a timer that fails 20 s later.
 */
export const LeaveWhileTheScriptWaits: Story = {
  tags: ['!dev'],
  render: (args) => <Leavable {...viewProps(args)} />,
  args: {
    panel: false,
    script: async (pg) => {
      scriptOutcome = 'waiting';
      try {
        await pg.until(ALICE, 'in-call');
        scriptOutcome = 'done';
      } catch (error) {
        scriptOutcome = error;
        throw error;
      }
    },
  },
  beforeEach: () => {
    scriptOutcome = null;
    const consoleError = spyOn(console, 'error');
    return () => consoleError.mockRestore();
  },
  play: async ({ canvas, userEvent }) => {
    await canvas.findByRole('main', { name: 'Your call' }, TIMEOUT);
    await waitFor(() => expect(scriptOutcome).toBe('waiting'));
    await userEvent.click(canvas.getByRole('button', { name: 'Leave the story' }));
    await waitFor(() => expect(scriptOutcome).toEqual(expect.objectContaining({ name: 'AbortError' })));
    // The view got the abort too (a task later), and did not report it.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(console.error).not.toHaveBeenCalled();
  },
};
