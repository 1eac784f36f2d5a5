/**
 * XmppTransport against a real Prosody (see vitest.xmpp.config.ts) with the real @xmpp/client, in Node.
 */
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { type Client, client as createClient, xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SIGNAL_LIMITS } from '../protocol/limits.js';
import { newSessionId } from '../protocol/session-id.js';
import type { Signal } from '../protocol/signal.js';
import { MESHCALL_NS } from '../protocol/wire.js';
import {
  collect,
  collectStanzas,
  installWebSocket,
  passwordOf,
  type RawClient,
  startRawClient,
  waitFor,
  xmppServer,
} from '../testing/prosody.js';
import { isMeshcallError, type MeshcallError } from '../util/errors.js';
import type { PresenceUpdate, ReceivedSignal, TransportStatus } from './transport.js';
import { type XmppConnectOptions, XmppTransport } from './xmpp-transport.js';

const SDP = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', ''].join('\r\n');

/** One signal of every kind, in a session of `caller`'s. */
function sampleSignals(caller: string, callee: string): Signal[] {
  const sessionId = newSessionId(caller);
  return [
    {
      kind: 'call',
      sessionId,
      callType: 'video',
      participants: [caller, callee],
      startedAt: Date.now(),
      offer: { type: 'offer', sdp: SDP },
      userInfo: { name: 'Alice', note: 'x < y & "z"' },
    },
    { kind: 'accept', sessionId, answer: { type: 'answer', sdp: SDP }, userInfo: {} },
    { kind: 'accept', sessionId, answer: null, userInfo: { via: 'mesh' } },
    { kind: 'reject', sessionId, reason: 'busy', userInfo: { why: 'another call' } },
    { kind: 'hangup', sessionId, userInfo: {} },
    { kind: 'cancel', sessionId, reason: 'answered-elsewhere' },
    {
      kind: 'candidates',
      sessionId,
      candidates: [
        {
          candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host',
          sdpMid: '0',
          sdpMLineIndex: 0,
          usernameFragment: 'abcd',
        },
        { candidate: '', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null },
      ],
    },
    { kind: 'description', sessionId, description: { type: 'offer', sdp: SDP } },
    { kind: 'media', sessionId, media: { audioMuted: true, videoMuted: false, screenSharing: true } },
  ];
}

const hangup = (sessionId: string): Signal => ({ kind: 'hangup', sessionId, userInfo: {} });

// Everything a test opens is closed after it, so no device lingers into the next test.
const open: Array<{ close(): Promise<void> } | RawClient> = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) {
    if ('xmpp' in item) await item.stop();
    else await item.close();
  }
});

function connectOptions(username: string, extra: Partial<XmppConnectOptions> = {}): XmppConnectOptions {
  const server = xmppServer();
  return { service: server.wsUrl, domain: server.domain, username, password: passwordOf(username), ...extra };
}

async function connect(username: string, extra: Partial<XmppConnectOptions> = {}): Promise<XmppTransport> {
  const transport = await XmppTransport.connect(connectOptions(username, extra));
  open.push(transport);
  return transport;
}

async function raw(username: string, options: Parameters<typeof startRawClient>[1] = {}): Promise<RawClient> {
  const client = await startRawClient(username, options);
  open.push(client);
  return client;
}

/** Waits until `count` signals are in `list`. */
const waitSignals = (list: readonly ReceivedSignal[], count: number, what = 'signals') =>
  waitFor(() => list.length >= count, `${count} ${what} (have ${list.length})`);

/** Sends a hang-up barrier and waits for it: whatever was sent before it has been processed by then. */
async function barrier(from: XmppTransport, to: string, received: readonly ReceivedSignal[]): Promise<void> {
  const id = `barrier-${Math.random().toString(36).slice(2, 10)}`;
  await from.send(to, hangup(id));
  await waitFor(() => received.some((item) => item.signal.sessionId === id), `barrier ${id}`);
}

beforeAll(async () => {
  await installWebSocket();
});

describe('XmppTransport over Prosody', () => {
  it('round-trips every signal kind alice→bob over WebSocket, with the server-stamped sender and CRLF SDP', async () => {
    const bob = await connect('bob');
    const alice = await connect('alice');
    expect(alice.status).toBe('online');
    expect(alice.localUser).toBe('alice@localhost');
    expect(alice.localAddress).toMatch(/^alice@localhost\/meshcall-[0-9a-f]{16}$/);
    const received = collect(bob, 'signal');
    const errors = collect(bob, 'error');

    const signals = sampleSignals('alice@localhost', 'bob@localhost');
    for (const signal of signals) await alice.send('bob@localhost', signal);
    await waitSignals(received, signals.length);

    expect(received.map((item) => item.signal)).toEqual(signals);
    for (const item of received) expect(item.from).toBe(alice.localAddress);
    const call = received[0]?.signal;
    expect(call?.kind === 'call' && call.offer.sdp).toBe(SDP);
    expect(errors).toEqual([]);
  });

  it("an app's own @xmpp/client over TCP (xmpp://) works too; connect() itself takes WebSocket services only", async () => {
    const apps = [
      await startRawClient('alice', { service: xmppServer().tcpUrl }),
      await startRawClient('bob', { service: xmppServer().tcpUrl }),
    ];
    open.push(...apps);
    const [alice, bob] = apps.map((app) => new XmppTransport({ client: app.xmpp }));
    if (!alice || !bob) throw new Error('no transports');
    open.push(alice, bob);
    const received = collect(bob, 'signal');
    const signals = sampleSignals('alice@localhost', 'bob@localhost');
    for (const signal of signals) await alice.send(bob.localAddress ?? '', signal);
    await waitSignals(received, signals.length);
    expect(received.map((item) => item.signal)).toEqual(signals);

    const refused = await connect('carol', { service: xmppServer().tcpUrl }).catch((error: unknown) => error);
    expect(isMeshcallError(refused, 'invalid-config')).toBe(true);
  });

  it('leaves non-meshcall stanzas to the app, and never sends presence or stops an app-provided client', async () => {
    const alice = await connect('alice');
    const alicePresence = collect(alice, 'presence');
    // The app's own client, online without presence: it is reachable by full JID only.
    const app = await raw('bob', { presence: false });
    const appMessages = collectStanzas(app.xmpp, (stanza) => stanza.is('message'));
    const stanzaListeners = app.xmpp.listenerCount('stanza');
    const bob = new XmppTransport({ client: app.xmpp });
    open.push(bob);
    expect(bob.status).toBe('online');
    expect(bob.ownsClient).toBe(false);
    expect(bob.localUser).toBe('bob@localhost');
    const signals = collect(bob, 'signal');
    const errors = collect(bob, 'error');
    const bobAddress = bob.localAddress ?? '';
    expect(bobAddress).toBe(app.xmpp.jid?.toString());

    const aliceRaw = await raw('alice');
    await aliceRaw.xmpp.send(xml('message', { to: bobAddress, type: 'chat', id: 'chat-1' }, xml('body', {}, 'hello')));
    await aliceRaw.xmpp.send(
      xml('message', { to: bobAddress, type: 'headline', id: 'other-1' }, xml('x', { xmlns: 'urn:example:other' })),
    );
    await barrier(alice, bobAddress, signals);

    const ids = appMessages.map((stanza) => stanza.attrs.id);
    expect(ids).toContain('chat-1');
    expect(ids).toContain('other-1');
    // The app's handler also sees the meshcall stanza: the transport consumes nothing from other handlers.
    expect(appMessages.length).toBe(3);
    expect(signals.length).toBe(1);
    expect(errors).toEqual([]);
    expect(alicePresence.filter((update) => update.user === 'bob@localhost')).toEqual([]);

    await bob.close();
    expect(app.xmpp.status).toBe('online');
    expect(app.xmpp.listenerCount('stanza')).toBe(stanzaListeners);
    // The app's connection still works after the transport is gone.
    const afterClose = collectStanzas(app.xmpp, (stanza) => stanza.attrs.id === 'after-close');
    await aliceRaw.xmpp.send(xml('message', { to: bobAddress, type: 'chat', id: 'after-close' }, xml('body', {}, 'x')));
    await waitFor(() => afterClose.length === 1, 'chat after close');
  });

  it('works with PLAIN authentication over ws://, as the browser build of @xmpp/client (no SCRAM) needs', async () => {
    const server = xmppServer();
    let offered: readonly string[] = [];
    const app = createClient({
      service: server.wsUrl,
      domain: server.domain,
      resource: 'plain-only',
      credentials: async (
        authenticate: (credentials: object, mechanism: string) => Promise<void>,
        mechanisms: string[],
      ) => {
        offered = mechanisms;
        await authenticate({ username: 'bob', password: passwordOf('bob') }, 'PLAIN');
      },
    } as Parameters<typeof createClient>[0]);
    app.on('error', () => {});
    open.push({ close: async () => void (await app.stop().catch(() => {})) });
    await app.start();
    await app.send(xml('presence'));
    expect(offered).toContain('PLAIN');

    const bob = new XmppTransport({ client: app, localUser: 'bob@localhost' });
    open.push(bob);
    const received = collect(bob, 'signal');
    const alice = await connect('alice');
    await alice.send('bob@localhost', hangup('s-plain'));
    await waitSignals(received, 1);
    expect(received[0]?.from).toBe(alice.localAddress);
  });

  it('reports malformed, oversized and unknown-version meshcall stanzas as errors and keeps receiving', async () => {
    const bob = await connect('bob');
    const signals = collect(bob, 'signal');
    const errors = collect(bob, 'error');
    const statuses = collect(bob, 'status');
    const mallory = await raw('mallory');
    const to = bob.localAddress ?? '';
    const send = (id: string, payload: Element) =>
      mallory.xmpp.send(xml('message', { to, type: 'headline', id }, payload));

    await send('bad-kind', xml('signal', { xmlns: MESHCALL_NS, v: '1', kind: 'explode', session: 's1' }));
    await send('no-version', xml('signal', { xmlns: MESHCALL_NS, kind: 'hangup', session: 's1' }));
    await send('future', xml('signal', { xmlns: MESHCALL_NS, v: '99', kind: 'hangup', session: 's1' }));
    // Above the codec's limit but below Prosody's 256 KiB stanza limit, so it does reach bob.
    const big = 'a'.repeat(SIGNAL_LIMITS.stanzaLength + 50_000);
    await send(
      'huge',
      xml(
        'signal',
        { xmlns: MESHCALL_NS, v: '1', kind: 'hangup', session: 's1' },
        xml('user-info', {}, xml('entry', { key: 'k' }, big)),
      ),
    );
    await send('not-xml-ish', xml('signal', { xmlns: MESHCALL_NS, v: '1', kind: 'call', session: 'bad id!' }));

    // Two streams (the raw client and the transport) are not ordered against each other: wait for all five.
    await waitFor(() => errors.length >= 5, 'five error events');
    const malloryTransport = await connect('mallory');
    await barrier(malloryTransport, to, signals);

    const codes = errors.map((error) => error.code);
    expect(codes).toEqual([
      'signal-malformed',
      'signal-malformed',
      'signal-unsupported-version',
      'signal-too-large',
      'signal-malformed',
    ]);
    for (const error of errors) expect(isMeshcallError(error)).toBe(true);
    expect(signals.length).toBe(1);
    expect(signals[0]?.from).toBe(malloryTransport.localAddress);
    // Nothing of this disturbed the connection.
    expect(statuses).toEqual([]);
    expect(bob.status).toBe('online');
  });

  it('does not store signals for offline users', async () => {
    const alice = await connect('alice');
    const bounces = collect(alice, 'error');
    await alice.send('bob@localhost', hangup('s-stored-bare'));
    await alice.send('bob@localhost/meshcall-gone', hangup('s-stored-full'));

    const bob = await connect('bob');
    const received = collect(bob, 'signal');
    // To bob's device: a bare-JID headline could race bob's initial presence on the server and be dropped.
    await barrier(alice, bob.localAddress ?? 'bob@localhost', received);
    expect(received.map((item) => item.signal.sessionId)).not.toContain('s-stored-bare');
    expect(received.map((item) => item.signal.sessionId)).not.toContain('s-stored-full');
    expect(received.length).toBe(1);
    expect(bounces).toEqual([]);
  });

  it('reports a bounced signal (unreachable domain) as undeliverable, without taking it for a signal', async () => {
    const alice = await connect('alice');
    const errors = collect(alice, 'error');
    const undeliverable = collect(alice, 'undeliverable');
    const signals = collect(alice, 'signal');
    await alice.send('nobody@unknown.invalid', hangup('s-bounce'));
    await waitFor(() => undeliverable.length > 0, 'bounce');
    expect(errors).toEqual([]);
    // Which call and whom it concerns, and that no re-send can get through.
    expect(undeliverable).toEqual([
      {
        to: 'nobody@unknown.invalid',
        sessionId: 's-bounce',
        kind: 'hangup',
        // This Prosody talks to no other server (no s2s); one that does says `remote-server-not-found`.
        condition: 'not-allowed',
        permanent: true,
      },
    ]);
    expect(signals).toEqual([]);
  });

  it('delivers a bare-JID signal to every device and a full-JID signal to one', async () => {
    const phone = await connect('bob', { resource: 'phone' });
    const laptop = await connect('bob', { resource: 'laptop' });
    expect(phone.localAddress).toBe('bob@localhost/phone');
    const onPhone = collect(phone, 'signal');
    const onLaptop = collect(laptop, 'signal');
    const alice = await connect('alice');

    await alice.send('bob@localhost', hangup('s-bare'));
    await waitSignals(onPhone, 1, 'phone signals');
    await waitSignals(onLaptop, 1, 'laptop signals');

    await alice.send('bob@localhost/phone', hangup('s-full'));
    await barrier(alice, 'bob@localhost', onLaptop);
    await waitSignals(onPhone, 3, 'phone signals');
    expect(onPhone.map((item) => item.signal.sessionId).slice(0, 2)).toEqual(['s-bare', 's-full']);
    expect(onLaptop.map((item) => item.signal.sessionId)).not.toContain('s-full');
    expect(onLaptop.length).toBe(2);
  });

  it('emits presence for other users logging in and out, and tracks online users', async () => {
    const alice = await connect('alice');
    const updates = collect(alice, 'presence');
    expect(alice.onlineUsers().has('alice@localhost')).toBe(false);

    const bob = await connect('bob', { resource: 'desk' });
    await waitFor(() => alice.onlineUsers().has('bob@localhost'), 'bob online');
    expect(updates).toContainEqual<PresenceUpdate>({
      address: 'bob@localhost/desk',
      user: 'bob@localhost',
      available: true,
    });

    await bob.close();
    await waitFor(() => !alice.onlineUsers().has('bob@localhost'), 'bob offline');
    expect(updates.at(-1)).toEqual<PresenceUpdate>({
      address: 'bob@localhost/desk',
      user: 'bob@localhost',
      available: false,
    });
    // Own devices are not "other users": the server does tell alice about her second device, silently.
    const own = collectStanzas(
      alice.client as Client,
      (stanza) => stanza.is('presence') && stanza.attrs.from === 'alice@localhost/second',
    );
    await connect('alice', { resource: 'second' });
    await waitFor(() => own.length > 0, 'own presence stanza');
    expect(updates.every((update) => update.user !== 'alice@localhost')).toBe(true);
  });

  it('closes cleanly: stops an owned client, rejects later sends, emits nothing more', async () => {
    const alice = await connect('alice');
    const client = alice.client as Client;
    const statuses = collect(alice, 'status');
    expect(alice.ownsClient).toBe(true);
    await alice.close();
    expect(client.status).toBe('offline');
    expect(alice.status).toBe('offline');
    expect(statuses).toEqual<TransportStatus[]>(['offline']);
    const error = await alice.send('bob@localhost', hangup('s-late')).catch((caught: unknown) => caught);
    expect(isMeshcallError(error, 'transport-offline')).toBe(true);
    expect(client.listenerCount('stanza')).toBe(0);
  });

  it('tells a refused password and an unknown domain from an unreachable server, and refuses invalid signals', async () => {
    const wrong = await XmppTransport.connect({ ...connectOptions('alice'), password: 'wrong' }).catch(
      (caught: unknown) => caught,
    );
    expect(isMeshcallError(wrong, 'transport-auth-failed')).toBe(true);
    const elsewhere = await XmppTransport.connect({ ...connectOptions('alice'), domain: 'example.org' }).catch(
      (caught: unknown) => caught,
    );
    expect(isMeshcallError(elsewhere, 'transport-host-unknown')).toBe(true);
    const nowhere = await XmppTransport.connect({
      ...connectOptions('alice'),
      service: 'ws://127.0.0.1:9/xmpp-websocket',
    }).catch((caught: unknown) => caught);
    expect(isMeshcallError(nowhere, 'transport-offline')).toBe(true);
    // A server that accepts the connection and never answers (a stuck proxy): refused within the step timeout.
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const mute = await XmppTransport.connect({
      ...connectOptions('alice'),
      service: `ws://127.0.0.1:${(silent.address() as AddressInfo).port}/xmpp-websocket`,
      timeout: 1_000,
    })
      .catch((caught: unknown) => caught)
      .finally(() => silent.close());
    expect(isMeshcallError(mute, 'transport-offline')).toBe(true);

    const alice = await connect('alice');
    const invalid = await alice
      .send('bob@localhost', { kind: 'hangup', sessionId: 'not valid!', userInfo: {} })
      .catch((caught: unknown) => caught as MeshcallError);
    expect(isMeshcallError(invalid, 'invalid-argument')).toBe(true);
  });
});
