/**
 * The signed-in demo in real Chromium (fake camera and microphone): two or three workspaces in one page, each
 * with its own real `CallClient` over the in-memory network, driven only through the UI and its test ids —
 * the same ids the end-to-end suite uses against the real server.
 */
import '@meshcall/ui/styles.css';
import '../demo.css';
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveSettings } from '../config/settings.js';
import { Workspace } from './Workspace.js';

const settings = resolveSettings(new URLSearchParams('?ring=0'), {}, {});
const WAIT = { timeout: 20_000 };

let network: MemoryNetwork;
let clients: CallClient[];

beforeEach(() => {
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
});

afterEach(async () => {
  cleanup();
  for (const client of clients) await client.destroy();
});

/** Signs `name` in (a client on the network) and renders their workspace in a box of its own. */
function signIn(name: string) {
  const client = new CallClient({ transport: network.createTransport(`${name}@localhost`), statsInterval: 300 });
  clients.push(client);
  const { container } = render(
    <div data-user={name}>
      <CallProvider client={client}>
        <Workspace jid={client.localUser} settings={settings} onSignOut={() => undefined} />
      </CallProvider>
    </div>,
  );
  const box = container.querySelector<HTMLElement>(`[data-user="${name}"]`);
  if (!box) throw new Error('not mounted');
  return within(box);
}

type Screen = ReturnType<typeof signIn>;

async function remoteVideoWidth(screen: Screen, who: string): Promise<number> {
  const video = await screen.findByTestId(`remote-video-${who}`, undefined, WAIT);
  return video instanceof HTMLVideoElement ? video.videoWidth : 0;
}

async function expectVideoFrom(screen: Screen, who: string) {
  await waitFor(async () => expect(await remoteVideoWidth(screen, who)).toBeGreaterThan(0), WAIT);
}

describe('the signed-in demo', () => {
  it('calls a contact, shows both videos and live figures, mutes, and ends with the reason on both sides', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');

    await waitFor(() => expect(alice.getByTestId('contact-bob').dataset.online).toBe('true'), WAIT);
    expect(alice.getByTestId('contact-carol').dataset.online).toBe('false');

    await user.click(alice.getByTestId('call-video-bob'));
    await alice.findByTestId('outgoing-call', undefined, WAIT);
    const incoming = await bob.findByTestId('incoming-call', undefined, WAIT);
    expect(incoming.dataset.caller).toBe('alice@localhost');
    await user.click(bob.getByTestId('accept-call'));

    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(bob, 'alice');
    expect(alice.getByTestId('call-view').dataset.callType).toBe('video');
    await waitFor(() => expect(alice.getByTestId('call-status').dataset.state).toBe('active'), WAIT);

    // The details panel: open it if the window is narrow, then wait for real figures.
    if (!alice.queryByTestId('quality-panel')) await user.click(alice.getByTestId('toggle-details'));
    const row = await alice.findByTestId('quality-row-bob', undefined, WAIT);
    await waitFor(() => expect(within(row).getByText(/\d+ ms/)).toBeTruthy(), WAIT);
    await waitFor(() => expect(row.querySelector('[data-metric="in"]')?.textContent).toMatch(/b\/s$/), WAIT);

    await user.click(bob.getByTestId('toggle-mic'));
    await waitFor(
      () => expect(alice.getByTestId('remote-tile-bob').querySelector('.meshcall-tile__muted')).not.toBeNull(),
      WAIT,
    );

    await user.click(alice.getByTestId('hang-up'));
    const bobEnded = await bob.findByTestId('call-ended', undefined, WAIT);
    expect(bobEnded.dataset.reason).toBe('remoteEnded');
    expect((await alice.findByTestId('call-ended', undefined, WAIT)).dataset.reason).toBe('hungUp');
    await user.click(alice.getByTestId('ended-close'));
    await alice.findByTestId('contact-bob', undefined, WAIT);
  });

  it('tells the caller who declined', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');
    await waitFor(() => expect(alice.getByTestId('contact-bob').dataset.online).toBe('true'), WAIT);

    await user.click(alice.getByTestId('call-audio-bob'));
    await user.click(await bob.findByTestId('reject-call', undefined, WAIT));
    const ended = await alice.findByTestId('call-ended', undefined, WAIT);
    expect(ended.dataset.reason).toBe('remoteEnded');
    expect(ended.textContent).toContain('Bob declined the call.');
    // The one who declined gets no end screen, just the lobby back.
    expect(bob.queryByTestId('call-ended')).toBeNull();
    expect(bob.getByTestId('contact-alice')).toBeTruthy();
  });

  it('runs a group call of three from the contact list', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');
    const carol = signIn('carol');
    await waitFor(() => expect(alice.getByTestId('online-count').textContent).toBe('2 online'), WAIT);

    await user.click(alice.getByTestId('select-bob'));
    await user.click(alice.getByTestId('select-carol'));
    expect(alice.getByTestId('group-bar').textContent).toContain('Bob, Carol');
    await user.click(alice.getByTestId('group-call-video'));
    await user.click(await bob.findByTestId('accept-call', undefined, WAIT));
    await user.click(await carol.findByTestId('accept-call', undefined, WAIT));

    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(alice, 'carol');
    await expectVideoFrom(bob, 'alice');
    await expectVideoFrom(bob, 'carol');
    await expectVideoFrom(carol, 'alice');
    await expectVideoFrom(carol, 'bob');
  });
});
