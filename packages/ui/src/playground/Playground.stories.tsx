import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor, within } from 'storybook/test';
import { PlaygroundView } from './PlaygroundView.js';

/**
 * The playground: you (Sam Lee) and three simulated participants in one page, with real WebRTC connections
 * over an in-page signaling network and synthetic cameras. Start a call from the panel, then make the others
 * accept, decline, not answer, mute, talk (the speaking ring), leave, lose their network, call you, or be
 * busy in another call.
 */
const meta = {
  title: 'Playground',
  component: PlaygroundView,
  parameters: { layout: 'fullscreen' },
} satisfies Meta<typeof PlaygroundView>;

export default meta;
type Story = StoryObj<typeof meta>;

const TIMEOUT = { timeout: 20_000 };

/** The interactive playground, idle. */
export const Playground: Story = {
  play: async ({ canvas }) => {
    const panel = canvas.getByRole('complementary', { name: 'Playground controls' });
    for (const name of ['Alice Martin', 'Bob Chen', 'Carol Diaz']) {
      await expect(await within(panel).findByRole('region', { name })).toBeVisible();
    }
    await expect(canvas.getByText('No call right now')).toBeVisible();
  },
};

/** Call two people; both accept; one leaves and their tile goes; then you hang up. */
export const TwoJoinOneLeaves: Story = {
  play: async ({ canvas, userEvent }) => {
    const panel = within(canvas.getByRole('complementary', { name: 'Playground controls' }));
    const main = within(canvas.getByRole('main', { name: 'Your call' }));
    await userEvent.click(await panel.findByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Video call' }));
    await expect(
      await main.findByRole('heading', { name: 'Calling Alice Martin and Bob Chen…' }, TIMEOUT),
    ).toBeVisible();

    for (const name of ['Alice Martin', 'Bob Chen']) {
      const card = within(panel.getByRole('region', { name }));
      await userEvent.click(await card.findByRole('button', { name: 'Accept' }, TIMEOUT));
    }
    const alice = await main.findByRole('group', { name: 'Alice Martin' }, TIMEOUT);
    await main.findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await expect(main.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
    await waitFor(() => expect(alice.querySelector('video')?.videoWidth).toBeGreaterThan(0), TIMEOUT);

    await userEvent.click(
      within(panel.getByRole('region', { name: 'Bob Chen' })).getByRole('button', { name: 'Leave' }),
    );
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
    const panel = within(canvas.getByRole('complementary', { name: 'Playground controls' }));
    const main = within(canvas.getByRole('main', { name: 'Your call' }));
    await userEvent.click(await panel.findByRole('checkbox', { name: 'Alice Martin' })); // just Bob
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    const card = within(panel.getByRole('region', { name: 'Bob Chen' }));
    await userEvent.click(await card.findByRole('button', { name: 'Accept' }, TIMEOUT));
    const bob = await main.findByRole('group', { name: 'Bob Chen' }, TIMEOUT);
    await waitFor(() => expect(bob).toHaveAttribute('data-connection', 'connected'), TIMEOUT);
    await expect(bob).not.toHaveClass('meshcall-tile--speaking');

    await userEvent.click(card.getByRole('button', { name: 'Talk' }));
    await waitFor(() => expect(bob).toHaveClass('meshcall-tile--speaking'), TIMEOUT);
    await expect(main.getByRole('group', { name: 'Sam Lee (you)' })).not.toHaveClass('meshcall-tile--speaking');

    await userEvent.click(card.getByRole('button', { name: 'Stop talking' }));
    await waitFor(() => expect(bob).not.toHaveClass('meshcall-tile--speaking'), TIMEOUT);
    await userEvent.click(main.getByRole('button', { name: 'Leave call' }));
  },
};

/** Someone you call declines: the end screen says who. */
export const Declined: Story = {
  play: async ({ canvas, userEvent }) => {
    const panel = within(canvas.getByRole('complementary', { name: 'Playground controls' }));
    const main = within(canvas.getByRole('main', { name: 'Your call' }));
    const alice = within(await panel.findByRole('region', { name: 'Alice Martin' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await userEvent.click(await alice.findByRole('button', { name: 'Decline' }, TIMEOUT));
    await expect(await main.findByText('Alice Martin declined the call.', {}, TIMEOUT)).toBeVisible();
    await expect(main.getByRole('button', { name: 'Call again' })).toBeVisible();
  },
};

/** A simulated participant calls you; you accept from the dialog. */
export const TheyCallYou: Story = {
  play: async ({ canvas, userEvent }) => {
    const panel = within(canvas.getByRole('complementary', { name: 'Playground controls' }));
    const main = within(canvas.getByRole('main', { name: 'Your call' }));
    const carol = within(await panel.findByRole('region', { name: 'Carol Diaz' }));
    await userEvent.click(carol.getByRole('button', { name: 'Call you' }));
    const dialog = await canvas.findByRole('alertdialog', { name: 'Carol Diaz is calling' }, TIMEOUT);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await main.findByRole('group', { name: 'Carol Diaz' }, TIMEOUT);
    await expect(await carol.findByText(/In the call/, {}, TIMEOUT)).toBeVisible();
  },
};

/**
 * Alice takes another call; you call her and Bob, Bob declines: the end screen tells the two apart. Once
 * Alice's other call is over, she can be called again.
 */
export const SomeoneIsBusy: Story = {
  play: async ({ canvas, userEvent }) => {
    const panel = within(canvas.getByRole('complementary', { name: 'Playground controls' }));
    const main = within(canvas.getByRole('main', { name: 'Your call' }));
    const alice = within(await panel.findByRole('region', { name: 'Alice Martin' }));
    const bob = within(panel.getByRole('region', { name: 'Bob Chen' }));
    await userEvent.click(alice.getByRole('button', { name: 'Take another call' }));
    await expect(await alice.findByText('In another call', {}, TIMEOUT)).toBeVisible();

    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await userEvent.click(await bob.findByRole('button', { name: 'Decline' }, TIMEOUT));
    await expect(await main.findByText(/Alice Martin is in another call\./, {}, TIMEOUT)).toBeVisible();
    await expect(main.getByText(/Bob Chen declined the call\./)).toBeVisible();

    await userEvent.click(alice.getByRole('button', { name: 'End other call' }));
    await expect(await alice.findByText('Available', {}, TIMEOUT)).toBeVisible();
    await userEvent.click(main.getByRole('button', { name: 'Close' }));
    await userEvent.click(panel.getByRole('checkbox', { name: 'Bob Chen' }));
    await userEvent.click(panel.getByRole('button', { name: 'Audio call' }));
    await expect(await alice.findByRole('button', { name: 'Accept' }, TIMEOUT)).toBeVisible();
    await userEvent.click(main.getByRole('button', { name: 'Cancel' }));
  },
};
