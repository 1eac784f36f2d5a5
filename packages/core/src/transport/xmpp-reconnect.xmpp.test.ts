/**
 * XmppTransport across connection drops, against a Prosody of its own (it is stopped and restarted here).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { xml } from '@xmpp/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../../../scripts/prosody/prosody.mjs';
import type { Signal } from '../protocol/signal.js';
import {
  collect,
  collectStanzas,
  installWebSocket,
  type ProsodyServer,
  rawWebSocket,
  startProsody,
  waitFor,
} from '../testing/prosody.js';
import { SlowLink } from '../testing/slow-link.js';
import { isMeshcallError } from '../util/errors.js';
import type { TransportStatus } from './transport.js';
import { type XmppConnectOptions, XmppTransport } from './xmpp-transport.js';

const hangup = (sessionId: string): Signal => ({ kind: 'hangup', sessionId, userInfo: {} });

let dir = '';
let server: ProsodyServer | undefined;
const open: XmppTransport[] = [];
const links: SlowLink[] = [];

beforeAll(async () => {
  await installWebSocket();
  dir = await mkdtemp(join(tmpdir(), 'meshcall-reconnect-'));
  server = await startProsody({ dir });
});

afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
  for (const link of links.splice(0)) await link.close();
});

afterAll(async () => {
  await server?.stop();
  await rm(dir, { recursive: true, force: true });
});

function current(): ProsodyServer {
  if (!server) throw new Error('no server');
  return server;
}

async function connect(username: string, sendRetryWindow?: number): Promise<XmppTransport> {
  const transport = await XmppTransport.connect({
    service: current().wsUrl,
    domain: current().domain,
    username,
    password: `${username}-pass`,
    ...(sendRetryWindow !== undefined ? { sendRetryWindow } : {}),
  });
  open.push(transport);
  return transport;
}

/** Alice, signed in through a proxy of her own that the test can cut, hold or freeze. */
async function aliceBehindLink(
  options: Partial<XmppConnectOptions> = {},
): Promise<{ alice: XmppTransport; link: SlowLink }> {
  const url = new URL(current().wsUrl);
  const link = new SlowLink(Number(url.port));
  links.push(link);
  const port = await link.start();
  const alice = await XmppTransport.connect({
    service: `ws://127.0.0.1:${port}${url.pathname}`,
    domain: current().domain,
    username: 'alice',
    password: 'alice-pass',
    ...options,
  });
  open.push(alice);
  return { alice, link };
}

describe('XmppTransport reconnection', () => {
  it('queues signals while the socket is down and flushes them in order after reconnecting', async () => {
    const bob = await connect('bob');
    const received = collect(bob, 'signal');
    const alice = await connect('alice', 20_000);
    const statuses = collect(alice, 'status');

    rawWebSocket(alice)!.terminate(); // throws if alice is not connected
    await waitFor(() => alice.status === 'reconnecting', 'alice reconnecting');
    expect(alice.localAddress).toBeNull();
    const sends = ['q1', 'q2', 'q3'].map((id) => alice.send('bob@localhost', hangup(id)));

    await Promise.all(sends);
    await waitFor(() => received.length >= 3, 'three queued signals');
    expect(received.map((item) => item.signal.sessionId)).toEqual(['q1', 'q2', 'q3']);
    expect(statuses).toEqual<TransportStatus[]>(['reconnecting', 'online']);
    expect(alice.localAddress).toMatch(/^alice@localhost\//);
    // The owned client announced itself again: bob's bare-JID signals reach alice after the reconnect.
    const onAlice = collect(alice, 'signal');
    await bob.send('alice@localhost', hangup('back'));
    await waitFor(() => onAlice.length === 1, 'signal to reconnected alice');
  });

  it('announces again the presence the app set on its client (status, priority, appear offline), not a plain one', async () => {
    const bob = await connect('bob');
    const fromAlice = collectStanzas(
      bob.client,
      (stanza) => stanza.name === 'presence' && /^alice@/.test(stanza.attrs.from),
    );
    const alice = await connect('alice');
    const reconnect = async () => {
      rawWebSocket(alice)!.terminate();
      await waitFor(() => alice.status === 'reconnecting', 'alice reconnecting');
      await waitFor(() => alice.status === 'online', 'alice online again', 15_000);
    };
    // The chat app, on the transport's client: "Do not disturb — in a meeting".
    await alice.client.send(
      xml('presence', {}, xml('show', {}, 'dnd'), xml('status', {}, 'In a meeting'), xml('priority', {}, '5')),
    );
    await waitFor(() => fromAlice.at(-1)?.getChildText('show') === 'dnd', 'bob sees alice busy');
    await reconnect();
    await waitFor(() => fromAlice.at(-1)?.attrs.type === undefined, 'bob sees alice back');
    const back = fromAlice.at(-1)!;
    expect([back.getChildText('show'), back.getChildText('status'), back.getChildText('priority')]).toEqual([
      'dnd',
      'In a meeting',
      '5',
    ]);
    // "Appear offline": a reconnect does not show her online again.
    await alice.client.send(xml('presence', { type: 'unavailable' }));
    await waitFor(() => fromAlice.at(-1)?.attrs.type === 'unavailable', 'bob sees alice offline');
    const seen = fromAlice.length;
    await reconnect();
    await new Promise((resolve) => setTimeout(resolve, 500)); // time for a presence to arrive, were one sent
    expect(fromAlice.slice(seen).filter((stanza) => stanza.attrs.type === undefined)).toEqual([]);
  });

  it('rejects signals older than the retry window while the server is down, and recovers after a restart', async () => {
    const bob = await connect('bob');
    const alice = await connect('alice', 1_000);
    const carol = await connect('carol', 60_000);
    const presence = collect(bob, 'presence');
    await waitFor(() => bob.onlineUsers().has('alice@localhost'), 'bob sees alice');

    const { c2sPort, httpPort } = current();
    await current().stop();
    await waitFor(() => alice.status === 'reconnecting' && carol.status === 'reconnecting', 'clients reconnecting');

    const started = Date.now();
    const late = await alice.send('bob@localhost', hangup('late')).catch((caught: unknown) => caught);
    expect(isMeshcallError(late, 'transport-offline')).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const queued = carol.send('bob@localhost', hangup('queued'));
    server = await startProsody({ dir, c2sPort, httpPort });
    await queued; // flushed once carol is back, well within her window
    await waitFor(
      () => alice.status === 'online' && bob.status === 'online' && carol.status === 'online',
      'everyone back online',
      20_000,
    );
    const received = collect(bob, 'signal');
    // A new session learns presence afresh: what was known is let go when it starts, then told again by the
    // server. (What is kept through a resumed stream is in xmpp-resume.xmpp.test.ts.)
    expect(presence.some((update) => update.user === 'alice@localhost' && !update.available)).toBe(true);
    await waitFor(() => bob.onlineUsers().has('alice@localhost'), 'bob sees alice again', 20_000);
    await alice.send('bob@localhost', hangup('after-restart'));
    await waitFor(() => received.some((item) => item.signal.sessionId === 'after-restart'), 'signal after restart');
  });

  it('a reconnection to a server that accepts the connection and never answers gives up in time and tries again', async () => {
    const { alice, link } = await aliceBehindLink({ timeout: 2_000 });
    // The drop, then for 6 s a server that lets clients in and never answers them.
    link.holdNewConnections(6_000);
    link.cut();
    await waitFor(() => alice.status === 'reconnecting', 'alice reconnecting');
    await waitFor(() => alice.status === 'online', 'alice back once the server answers again', 20_000);
  });

  it('a connection that went silent without closing (a laptop that slept) is noticed by its pings and replaced', async () => {
    const bob = await connect('bob');
    const { alice, link } = await aliceBehindLink({ keepAliveInterval: 1_000 });
    const statuses = collect(alice, 'status');
    // Quiet for more than two intervals: answered pings keep a live connection as it is.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(statuses).toEqual([]);
    link.freeze();
    await waitFor(() => alice.status === 'reconnecting', 'alice takes the silent connection for dead', 10_000);
    await waitFor(() => alice.status === 'online', 'alice online again on a new connection', 15_000);
    expect(statuses).toEqual<TransportStatus[]>(['reconnecting', 'online']);
    const onAlice = collect(alice, 'signal');
    await bob.send('alice@localhost', hangup('after-freeze'));
    await waitFor(() => onAlice.length === 1, 'a signal reaches alice on the new connection');
  });

  it('a connection pushed out by another one with the same resource stops (transport-replaced), not taking turns for ever', async () => {
    const connectAs = () =>
      XmppTransport.connect({
        service: current().wsUrl,
        domain: current().domain,
        username: 'bob',
        password: 'bob-pass',
        resource: 'shared-profile',
      });
    const first = await connectAs();
    open.push(first);
    const firstStatuses = collect(first, 'status');
    const firstErrors = collect(first, 'error');
    const second = await connectAs();
    open.push(second);
    const secondStatuses = collect(second, 'status');
    await waitFor(() => first.status === 'offline', 'the older connection signed out');
    expect(firstErrors.map((error) => error.code)).toEqual(['transport-replaced']);
    // Time for the older one to have come back and pushed the newer one out, were it reconnecting.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(firstStatuses).toEqual(['offline']);
    expect(secondStatuses).toEqual([]);
    expect(second.status).toBe('online');
  });

  it('a password changed while it was away ends the connection with transport-auth-failed, not reconnecting for ever', async () => {
    const dave = await connect('dave');
    const statuses: TransportStatus[] = [];
    dave.on('status', (status) => statuses.push(status));
    const errors = collect(dave, 'error');
    const { c2sPort, httpPort } = current();
    await current().stop();
    server = await startProsody({
      dir,
      c2sPort,
      httpPort,
      users: [...DEMO_USERS.filter(({ username }) => username !== 'dave'), { username: 'dave', password: 'changed' }],
    });
    await waitFor(() => dave.status === 'offline', 'dave signed out', 20_000);
    expect(statuses).toEqual(['reconnecting', 'offline']);
    expect(errors.map((error) => error.code)).toContain('transport-auth-failed');
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // a reconnection would have been tried by now
    expect([dave.status, (dave.client as { status: string }).status]).toEqual(['offline', 'offline']);
  });
});
