/**
 * The Playground (PlaygroundView + CallPlayground) in real Chromium with real RTCPeerConnections, driven as its
 * panel buttons and Storybook's Controls drive it.
 */
import { cleanup, render, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { PlaygroundView, type PlaygroundViewProps } from './PlaygroundView.js';
import type { CallPlayground } from './simulation.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const WAIT = { timeout: 20_000 };

afterEach(() => cleanup()); // unmounting disposes the playground

function view(props: PlaygroundViewProps) {
  return (
    <div style={{ width: 1280, height: 800 }}>
      <PlaygroundView {...props} />
    </div>
  );
}

/** Renders the playground and hands back its simulation (through the `script` hook). */
async function mountPlayground(props: PlaygroundViewProps = {}) {
  let resolve!: (pg: CallPlayground) => void;
  const ready = new Promise<CallPlayground>((r) => {
    resolve = r;
  });
  const result = render(view({ ...props, script: (pg) => resolve(pg) }));
  const pg = await ready;
  const main = within(await result.findByRole('main', { name: 'Your call' }));
  const panel = within(result.getByRole('complementary', { name: 'Playground controls' }));
  const card = (name: string) => within(panel.getByRole('region', { name }));
  return { ...result, pg, main, panel, card };
}

describe('PlaygroundView', () => {
  it('"Call you" during a call rings as call waiting: "End call and accept" switches to the new call', async () => {
    const { pg, main, card, findByRole } = await mountPlayground({ autoAnswer: { [BOB]: 'accept' } });
    void pg.call([BOB]);
    await pg.until(BOB, 'in-call', 'connected');
    await main.findByRole('group', { name: 'Bob Chen' }, WAIT);

    await pg.callFrom(ALICE); // "Call you" on Alice's card
    const dialog = within(await findByRole('alertdialog', { name: 'Alice Martin is calling' }, WAIT));
    await card('Alice Martin').findByText('Calling you', {}, WAIT);
    dialog.getByRole('button', { name: 'End call and accept' }).click();
    await main.findByRole('group', { name: 'Alice Martin' }, WAIT);
    await pg.until(BOB, 'idle');
  });

  it("a participant card tells their link to you in words, not as the engine's state name", async () => {
    const { pg, main, card } = await mountPlayground({ autoAnswer: { [ALICE]: 'accept', [BOB]: 'accept' } });
    void pg.call([ALICE, BOB]);
    await pg.until(ALICE, 'in-call', 'connected');
    await pg.until(BOB, 'in-call', 'connected');
    (await main.findByRole('button', { name: 'Leave call' }, WAIT)).click();
    // Alice and Bob stay in their call with each other; you left it.
    await pg.until(ALICE, 'in-call', 'hungUp');
    await expect.poll(() => card('Alice Martin').getByText(/^In the call/).textContent).toBe('In the call · you left');
  });

  it('"Don’t answer" rings without buttons; changing "When called" while it rings answers that call', async () => {
    const { pg, main, card } = await mountPlayground({ autoAnswer: { [ALICE]: 'ignore' } });
    void pg.call([ALICE]);
    await pg.until(ALICE, 'ringing');
    const alice = card('Alice Martin');
    await alice.findByText('Ringing · not answering');
    expect(alice.queryByRole('button', { name: 'Accept' })).toBeNull();

    await userEvent.selectOptions(alice.getByRole('combobox', { name: 'When called' }), 'accept');
    await pg.until(ALICE, 'in-call', 'connected');
    await main.findByRole('group', { name: 'Alice Martin' }, WAIT);
  });

  it('options changed after mount (as the Controls panel changes args) take effect', async () => {
    const playgrounds: CallPlayground[] = [];
    const script = (pg: CallPlayground) => {
      playgrounds.push(pg);
    };
    const { rerender, findByRole, queryByRole } = render(view({ script }));
    const panel = within(await findByRole('complementary', { name: 'Playground controls' }));
    await panel.findByRole('region', { name: 'Carol Diaz' });

    // Who answers how: changed in place.
    rerender(view({ script, autoAnswer: { [ALICE]: 'accept' } }));
    const alice = within(panel.getByRole('region', { name: 'Alice Martin' }));
    await expect
      .poll(() => alice.getByRole<HTMLSelectElement>('combobox', { name: 'When called' }).value)
      .toBe('accept');
    expect(playgrounds).toHaveLength(1); // the same world: a call in progress would go on

    // How many people, and the timeouts: a new world with them.
    rerender(view({ script, autoAnswer: { [ALICE]: 'accept' }, people: 1, answerTimeout: 3_000 }));
    const fewer = within(await findByRole('complementary', { name: 'Playground controls' }));
    await expect.poll(() => fewer.queryAllByRole('region', { name: /Martin|Chen|Diaz/ }).length).toBe(1);
    expect(queryByRole('region', { name: 'Bob Chen' })).toBeNull();
    const pg = playgrounds.at(-1);
    expect(pg?.participants().map((p) => [p.id, p.autoAnswer])).toEqual([[ALICE, 'accept']]);
    expect(pg?.client.config.answerTimeout).toBe(3_000);
  });
});
