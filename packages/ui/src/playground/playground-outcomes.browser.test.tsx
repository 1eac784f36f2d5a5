/**
 * What the caller's screen says as a group call goes on and ends, played on the Playground (PlaygroundView +
 * CallPlayground, as its panel buttons drive it), in real Chromium with real RTCPeerConnections.
 */
import { cleanup, render, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { PlaygroundView, type PlaygroundViewProps } from './PlaygroundView.js';
import type { CallPlayground } from './simulation.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const WAIT = { timeout: 20_000 };

afterEach(() => cleanup()); // unmounting disposes the playground

/** Renders the playground and hands back its simulation (through the story `script` hook). */
async function mountPlayground(props: Partial<PlaygroundViewProps> = {}) {
  let resolve!: (pg: CallPlayground) => void;
  const ready = new Promise<CallPlayground>((r) => {
    resolve = r;
  });
  const result = render(
    <div style={{ width: 1280, height: 800 }}>
      <PlaygroundView {...props} script={(pg) => resolve(pg)} />
    </div>,
  );
  const pg = await ready;
  const main = within(await result.findByRole('main', { name: 'Your call' }));
  const card = (name: string) =>
    within(within(result.getByRole('complementary', { name: 'Playground controls' })).getByRole('region', { name }));
  return { ...result, pg, main, card };
}

describe('the caller’s screen on the Playground', () => {
  it('a group call whose first callee declines stops saying "Calling <her>…"', async () => {
    const { pg, main } = await mountPlayground({ answerTimeout: 60_000 });
    void pg.call([ALICE, BOB]);
    await pg.until(ALICE, 'ringing');
    await expect.element(main.getByRole('heading', { name: 'Calling Alice Martin and Bob Chen…' })).toBeVisible();
    pg.reject(ALICE); // "Decline" on Alice's card
    await pg.until(ALICE, 'idle');
    // Alice's card says "Available"; Bob still rings. The heading no longer names Alice.
    await expect
      .poll(() => main.queryByRole('heading', { name: /Calling/ })?.textContent, WAIT)
      .toBe('Calling Bob Chen…');
  });

  it('a call whose last live peer is lost ends as "connection lost", even if someone else declined earlier', async () => {
    const { pg, main } = await mountPlayground({
      autoAnswer: { [ALICE]: 'accept', [BOB]: 'reject' },
      disconnectTimeout: 3_000,
    });
    void pg.call([ALICE, BOB]);
    await pg.until(ALICE, 'in-call', 'connected');
    await pg.until(BOB, 'idle');
    await main.findByRole('group', { name: 'Alice Martin' });
    pg.loseNetwork(ALICE); // "Lose network" on Alice's card: she is gone because her link died
    await main.findByRole('heading', { name: 'Call ended' }, WAIT);
    // Not "Everyone else left the call.": Bob's earlier decline does not make Alice's lost link a departure.
    await expect(main.findByText('The connection was lost.', {}, { timeout: 2_000 })).resolves.toBeTruthy();
  });

  it('a callee who loses the network while it rings never answers: the call rings out as not answered', async () => {
    const { pg, main, card } = await mountPlayground({
      autoAnswer: { [ALICE]: 'accept' },
      answerDelay: 1_500,
      answerTimeout: 4_000,
    });
    void pg.call([ALICE]);
    await pg.until(ALICE, 'ringing');
    await card('Alice Martin').getByRole('button', { name: 'Lose network' }).click();
    await pg.until(ALICE, 'offline');
    // Offline, her "accept when called" never goes out: the call ends unanswered, not as a failed connection.
    await main.findByRole('heading', { name: 'Call not connected' }, WAIT);
    await expect(main.findByText('No answer.', {}, { timeout: 2_000 })).resolves.toBeTruthy();
    await card('Alice Martin').getByRole('button', { name: 'Restore network' }).click();
    await pg.until(ALICE, 'idle', undefined, 2_000); // her call ended unanswered, not in a half-made link
  });

  it('a network blip while it rings: the call goes on ringing and can be answered', async () => {
    const { pg, main, card } = await mountPlayground();
    void pg.call([ALICE]);
    await pg.until(ALICE, 'ringing');
    await card('Alice Martin').getByRole('button', { name: 'Lose network' }).click();
    await card('Alice Martin').getByRole('button', { name: 'Restore network' }).click();
    await pg.until(ALICE, 'ringing', undefined, 1_000);
    await card('Alice Martin').getByRole('button', { name: 'Accept' }).click();
    await pg.until(ALICE, 'in-call', 'connected');
    await main.findByRole('group', { name: 'Alice Martin' });
  });

  it('a blip of a caller while its call rings here: it goes on ringing and, answered, connects', async () => {
    const { pg, main, card, findByRole } = await mountPlayground();
    void pg.callFrom(BOB);
    const dialog = within(await findByRole('alertdialog'));
    await card('Bob Chen').getByRole('button', { name: 'Lose network' }).click();
    await card('Bob Chen').getByRole('button', { name: 'Restore network' }).click();
    await pg.until(BOB, 'calling', undefined, 1_000);
    dialog.getByRole('button', { name: 'Accept' }).click();
    await pg.until(BOB, 'in-call', 'connected');
    await main.findByRole('group', { name: 'Bob Chen' }, WAIT);
  });

  it('a blip over the moment a callee set to accept would answer: it answers once back', async () => {
    const { pg, card } = await mountPlayground({ autoAnswer: { [ALICE]: 'accept' }, answerDelay: 500 });
    void pg.call([ALICE]);
    await pg.until(ALICE, 'ringing');
    await card('Alice Martin').getByRole('button', { name: 'Lose network' }).click();
    await new Promise((resolve) => setTimeout(resolve, 800)); // her answer fell due meanwhile
    await card('Alice Martin').getByRole('button', { name: 'Restore network' }).click();
    await pg.until(ALICE, 'in-call', 'connected');
  });

  it('a caller who loses the network while calling you: the call that rang here ends as missed', async () => {
    const { pg, main, card, findByRole } = await mountPlayground({ answerTimeout: 3_000 });
    void pg.callFrom(BOB);
    await findByRole('alertdialog');
    await card('Bob Chen').getByRole('button', { name: 'Lose network' }).click();
    await main.findByRole('heading', { name: 'Missed call' }, WAIT);
    await expect.poll(() => document.querySelector('[role="alertdialog"]'), WAIT).toBeNull();
  });
});
