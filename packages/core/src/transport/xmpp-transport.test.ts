/**
 * XmppTransport's own rules, over a stand-in for @xmpp/client that a test drives by hand (the real client
 * against a real Prosody is in the *.xmpp.test.ts files).
 */
import { EventEmitter } from 'node:events';
import { xml } from '@xmpp/client';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import type { Signal } from '../protocol/signal.js';
import { record } from '../testing/harness.js';
import { ManualClock } from '../testing/manual-clock.js';
import { XmppTransport } from './xmpp-transport.js';

/** An online client that keeps what is sent through it. */
class StandInClient extends EventEmitter {
  status = 'online';
  readonly sent: Element[] = [];
  readonly jid = { toString: () => 'bob@example.test/phone', bare: () => ({ toString: () => 'bob@example.test' }) };
  /** The roster the server gives (`jid` → subscription); `null`: the request fails. */
  roster: Record<string, string> | null = {};
  rosterRequests = 0;
  /** How long the server takes to answer (ms). */
  rosterDelay = 0;
  /** When set, the next roster request waits for this promise, then times out (a reply that never comes). */
  hold: Promise<void> | null = null;
  readonly iqCaller = {
    request: async (): Promise<Element> => {
      this.rosterRequests += 1;
      const hold = this.hold;
      this.hold = null;
      if (hold) {
        await hold;
        throw new Error('timeout');
      }
      if (this.rosterDelay > 0) await new Promise((resolve) => setTimeout(resolve, this.rosterDelay));
      if (!this.roster) throw new Error('timeout');
      const items = Object.entries(this.roster).map(([jid, subscription]) => xml('item', { jid, subscription }));
      return xml('iq', { type: 'result' }, xml('query', { xmlns: 'jabber:iq:roster' }, ...items));
    },
  };
  async send(stanza: Element): Promise<void> {
    this.sent.push(stanza);
  }
}

/** A client whose stream can drop and be resumed (XEP-0198): the server keeps the session, directed presence too. */
class ResumingClient extends StandInClient {
  readonly streamManagement = new EventEmitter();
  override async send(stanza: Element): Promise<void> {
    if (this.status !== 'online') throw new Error('not connected');
    await super.send(stanza);
  }
}

/** The presence stanzas `client` sent: to whom, available or not, and the names of their children. */
function presencesSent(client: StandInClient): string[] {
  return client.sent
    .filter((stanza) => stanza.name === 'presence')
    .map((stanza) => {
      const said = stanza.children.map((child) => (typeof child === 'string' ? child : child.name)).join(',');
      return `${stanza.attrs.to} ${stanza.attrs.type ?? 'available'} ${said}`.trim();
    });
}

/** Bob's transport over `client`, in a call with Mallory (a stranger), who was told of him. */
async function inCallWithMallory(client: StandInClient) {
  const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
  const end = transport.announceTo(['mallory@evil.test']);
  await flush();
  expect(presencesSent(client)).toEqual(['mallory@evil.test available']);
  return { transport, end };
}

/** The connection drops (the stream may be resumed later: see `ResumingClient`). */
async function dropStream(client: StandInClient): Promise<void> {
  client.status = 'disconnect';
  client.emit('status', 'disconnect');
  await flush();
}

/** Lets what waits for the roster go on. */
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

const hangup = (sessionId: string): Signal => ({ kind: 'hangup', sessionId, userInfo: {} });

function bounce(from: string, id: string): Element {
  return xml(
    'message',
    { type: 'error', from, id },
    xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: 'urn:ietf:params:xml:ns:xmpp-stanzas' })),
  );
}

describe('XmppTransport liveness', () => {
  it('says it heard from the server on anything that comes in while online (an ack too), at most once a second', async () => {
    const clock = new ManualClock();
    const client = new StandInClient();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test', clock });
    const heard = record(transport, 'heard');
    const ack = xml('a', { xmlns: 'urn:xmpp:sm:3', h: '4' });
    client.emit('element', ack);
    client.emit('element', ack); // the same second
    clock.advance(1_000);
    client.emit('element', xml('message', { from: 'alice@example.test/web' }));
    expect(heard).toHaveLength(2);
    client.status = 'disconnect';
    client.emit('status', 'disconnect');
    await new Promise((resolve) => setTimeout(resolve, 0)); // a drop that lasts: reconnecting
    clock.advance(60_000);
    client.status = 'open';
    client.emit('status', 'open'); // a stream opening again is not the connection we had being alive
    client.emit('element', xml('stream:features'));
    expect(heard).toHaveLength(2);
  });
});

describe('XmppTransport bounces', () => {
  it('takes a bounce only from where the signal went (its account or its server), not from someone else', async () => {
    const client = new StandInClient();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const errors: string[] = [];
    transport.on('error', (error) => errors.push(error.message));
    const undeliverable: string[] = [];
    transport.on('undeliverable', ({ to, sessionId, condition }) =>
      undeliverable.push(`${sessionId} ${to} ${condition}`),
    );
    await transport.send('mallory@evil.test/x', hangup('to-mallory'));
    await transport.send('alice@example.test/laptop', hangup('to-alice'));
    const toAlice = String(client.sent[1]?.attrs.id);
    // Mallory saw one of Bob's ids and guesses the next one: her forged bounce is not believed…
    client.emit('stanza', bounce('mallory@evil.test/x', toAlice));
    expect(undeliverable).toEqual([]);
    // …and the real one still is, from Alice's account or from her server.
    client.emit('stanza', bounce('alice@example.test', toAlice));
    expect(undeliverable).toEqual(['to-alice alice@example.test item-not-found']);
    await transport.send('carol@unreachable.test', hangup('to-carol'));
    client.emit('stanza', bounce('unreachable.test', String(client.sent[2]?.attrs.id)));
    // Neither a bounce nor a forged one is an error of the transport's (the call client reports what it concerns).
    expect(errors).toEqual([]);
    expect(undeliverable).toEqual([
      'to-alice alice@example.test item-not-found',
      'to-carol carol@unreachable.test item-not-found',
    ]);
    await transport.close();
  });

  it('remembers the last 512 signals sent, not every signal of a long session', async () => {
    const client = new StandInClient();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const bounced: string[] = [];
    transport.on('undeliverable', ({ sessionId }) => bounced.push(sessionId));
    for (let i = 0; i < 2_000; i += 1) await transport.send('alice@example.test/laptop', hangup(`s${i}`));
    const ids = client.sent.map((stanza) => String(stanza.attrs.id));
    // The oldest ids are forgotten (their bounce is no longer recognised)…
    for (const id of ids.slice(0, -512)) client.emit('stanza', bounce('alice@example.test', id));
    expect(bounced).toEqual([]);
    // …and the newest are all still known.
    for (const id of ids.slice(-512)) client.emit('stanza', bounce('alice@example.test', id));
    expect(bounced).toHaveLength(512);
    expect(bounced[0]).toBe('s1488');
    await transport.close();
  });
});

describe('XmppTransport presence', () => {
  it('keeps a bounded number of devices: a flood of made-up ones costs a fixed amount of memory', async () => {
    const client = new StandInClient();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const presence = (from: string) => client.emit('stanza', xml('presence', { from }));
    presence('alice@example.test/laptop');
    for (let i = 0; i < 20; i++) presence(`mallory@evil.test/r${i}`);
    for (let i = 0; i < 3_000; i++) presence(`u${i}@evil.test/r`);
    expect(transport.onlineUsers().size).toBeLessThanOrEqual(1_000);
    // A real contact who speaks up again is known again.
    presence('alice@example.test/laptop');
    expect(transport.onlineUsers().has('alice@example.test')).toBe(true);
    await transport.close();
  });

  it('announces itself to the others in a call (directed presence) while the call lasts, as the app presents itself', async () => {
    const client = new StandInClient();
    // Contacts: they follow Bob's presence anyway.
    client.roster = { 'alice@example.test': 'both', 'carol@example.test': 'from', 'dave@example.test': 'both' };
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const directed = () =>
      client.sent
        .filter((stanza) => stanza.name === 'presence')
        .map((stanza) => [stanza.attrs.to, stanza.getChildText('show')].filter(Boolean).join(' '));
    const endFirst = transport.announceTo([
      'alice@example.test',
      'Alice@Example.test/laptop',
      'bob@example.test',
      'carol@example.test',
    ]);
    transport.announceTo(['alice@example.test']); // a second call with her: one announcement
    await flush();
    expect(directed()).toEqual(['alice@example.test', 'carol@example.test']);
    // The app says it is busy (what it sends goes through the client's `send` event): the call says so too, with
    // the rest of what the app's presence carries (its capabilities, for the other side's client).
    const caps = { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: 'https://app.example', ver: 'x=' };
    client.emit('send', xml('presence', {}, xml('show', {}, 'dnd'), xml('c', caps)));
    transport.announceTo(['dave@example.test']);
    await flush();
    expect(directed().at(-1)).toBe('dave@example.test dnd');
    expect(client.sent.at(-1)?.getChild('c', caps.xmlns)?.attrs.ver).toBe('x=');
    // A new session after a reconnect: everyone in a call is told again…
    const reconnect = () => {
      client.sent.length = 0;
      client.emit('status', 'online');
    };
    reconnect();
    await flush();
    expect(directed().sort()).toEqual(['alice@example.test dnd', 'carol@example.test dnd', 'dave@example.test dnd']);
    // …until their call is over (alice is still in the second call).
    endFirst();
    endFirst();
    await flush();
    reconnect();
    await flush();
    expect(directed().sort()).toEqual(['alice@example.test dnd', 'dave@example.test dnd']);
    // Appearing offline: nobody is told.
    client.emit('send', xml('presence', { type: 'unavailable' }));
    transport.announceTo(['erin@example.test']);
    reconnect();
    await flush();
    expect(directed()).toEqual([]);
    await transport.close();
  });

  it('tells someone who does not follow its presence only that it is here, and takes that back when the call ends', async () => {
    const client = new StandInClient();
    client.roster = { 'alice@example.test': 'both', 'mallory@evil.test': 'to', 'erin@example.test': 'none' };
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const caps = { xmlns: 'http://jabber.org/protocol/caps', hash: 'sha-1', node: 'https://app.example', ver: 'x=' };
    client.emit('send', xml('presence', {}, xml('status', {}, 'At the clinic until 5'), xml('c', caps)));
    const end = transport.announceTo(['alice@example.test', 'mallory@evil.test', 'erin@example.test']);
    await flush();
    expect(presencesSent(client)).toEqual([
      'alice@example.test available status,c',
      'mallory@evil.test available c',
      'erin@example.test available c',
    ]);
    client.sent.length = 0;
    // Erin is in another call with us still: she keeps hearing of us until that one ends too.
    const endOther = transport.announceTo(['erin@example.test']);
    end();
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test unavailable']);
    endOther();
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test unavailable', 'erin@example.test unavailable']);
    await transport.close();
  });

  it('with the roster unknown, tells only that it is here (no status text) and takes nothing back', async () => {
    const client = new StandInClient();
    client.roster = null;
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    client.emit('send', xml('presence', {}, xml('status', {}, 'At the clinic until 5')));
    const end = transport.announceTo(['alice@example.test']);
    await flush();
    end();
    await flush();
    const sent = client.sent.filter((stanza) => stanza.name === 'presence');
    expect(sent.map((stanza) => [stanza.attrs.type ?? 'available', stanza.getChildText('status')])).toEqual([
      ['available', null],
    ]);
    await transport.close();
  });

  it('a call that ends while the stream is down (then resumed) still takes its presence back from a stranger', async () => {
    const client = new ResumingClient();
    client.roster = { 'alice@example.test': 'both' };
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    client.emit('send', xml('presence', {}, xml('status', {}, 'At the clinic until 5')));
    const end = transport.announceTo(['mallory@evil.test']);
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test available']);
    // The link stalls; the call ends meanwhile (say, the other side's hang-up was the last thing heard).
    await dropStream(client);
    end();
    await flush();
    // The stream is resumed: the same server session, which still holds the directed presence to Mallory, so
    // she still sees Bob online and will be told when he goes. She must be sent unavailable now.
    client.status = 'online';
    client.streamManagement.emit('resumed');
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test available', 'mallory@evil.test unavailable']);
    await transport.close();
  });

  it('a roster request that failed once does not make every later stranger a contact for the whole session', async () => {
    const client = new StandInClient();
    client.roster = null; // the first request times out (a slow link: 10 s)
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    client.emit('send', xml('presence', {}, xml('status', {}, 'At the clinic until 5')));
    const first = transport.announceTo(['alice@example.test']);
    await flush();
    first();
    await flush();
    // Later on (the link is fine again, the roster can be read), Bob takes a call from a stranger.
    client.roster = { 'alice@example.test': 'both' };
    client.sent.length = 0;
    transport.announceTo(['mallory@evil.test']);
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test available']); // no status text
    await transport.close();
  });

  it('ending a group call with strangers reads no roster again: the session read it once (pushes keep it fresh)', async () => {
    const client = new StandInClient();
    const roster: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) roster[`friend${i}@example.test`] = 'both';
    client.roster = roster;
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    // A session announces to each participant on its own (CallSession.#expectConnections).
    const ends = ['carol@x.test', 'dave@x.test', 'erin@x.test'].map((user) => transport.announceTo([user]));
    await flush();
    client.rosterRequests = 0;
    for (const end of ends) end(); // CallSession.#close ends them one after the other
    await flush();
    expect(client.rosterRequests).toBe(0);
    expect(presencesSent(client).filter((line) => line.includes('unavailable'))).toHaveLength(3);
    await transport.close();
  });

  it('reads the roster again after the server pushed a change of it from our account, not from anyone else', async () => {
    const client = new StandInClient();
    client.roster = {};
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const rosterPush = (from?: string) =>
      client.emit(
        'stanza',
        xml('iq', { type: 'set', id: 'push1', ...(from ? { from } : {}) }, xml('query', { xmlns: 'jabber:iq:roster' })),
      );
    transport.announceTo(['mallory@evil.test']);
    await flush();
    transport.announceTo(['erin@example.test']);
    await flush();
    expect(client.rosterRequests).toBe(1); // read once for the session
    rosterPush('eve@evil.test/x'); // a forgery
    transport.announceTo(['trent@example.test']);
    await flush();
    expect(client.rosterRequests).toBe(1);
    // Erin becomes a contact: the push tells, and the next announcement asks again.
    client.roster = { 'erin@example.test': 'both' };
    rosterPush();
    transport.announceTo(['victor@example.test']);
    await flush();
    expect(client.rosterRequests).toBe(2);
    await transport.close();
  });

  it('a call that ends on a stalled link (roster read times out, stream resumed later) still takes it back', async () => {
    const client = new ResumingClient();
    client.roster = { 'alice@example.test': 'both' };
    const { transport, end } = await inCallWithMallory(client);
    // The link stalls (still "online" to the client: nothing noticed yet). The call ends over it (the peers'
    // media timed out): the roster read made to take presence back times out.
    client.roster = null;
    end();
    await flush();
    // The stall is noticed, the stream is resumed: the same server session, still holding the directed presence.
    await dropStream(client);
    client.roster = { 'alice@example.test': 'both' };
    client.status = 'online';
    client.streamManagement.emit('resumed');
    await flush();
    await flush();
    // Mallory, a stranger, must not go on seeing Bob online for the rest of his session.
    expect(presencesSent(client)).toEqual(['mallory@evil.test available', 'mallory@evil.test unavailable']);
    await transport.close();
  });

  it('closing the transport of an app-provided client right after the call ended still takes it back', async () => {
    const client = new StandInClient();
    client.rosterDelay = 5; // one round trip to the server
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const end = transport.announceTo(['mallory@evil.test']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(presencesSent(client)).toEqual(['mallory@evil.test available']);
    // The app tears its calling down (CallClient.destroy ends the call, then transport.close()), but keeps its
    // own XMPP client, and so its session, for chat: the server still holds the directed presence to Mallory.
    end();
    await transport.close();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(client.status).toBe('online');
    expect(presencesSent(client)).toEqual(['mallory@evil.test available', 'mallory@evil.test unavailable']);
  });

  it('tries a withdrawal whose roster read failed again a while later (a stalled link says nothing when it recovers)', async () => {
    const client = new StandInClient();
    const clock = new ManualClock();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test', clock });
    // The link stalls from the start: no roster read gets through.
    client.roster = null;
    const end = transport.announceTo(['mallory@evil.test']);
    await flush();
    end();
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test available']);
    client.roster = {};
    await clock.settle(30_000);
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test available', 'mallory@evil.test unavailable']);
    await transport.close();
  });

  it('does not ask a server that serves no roster forever: ten tries in a row at most', async () => {
    const client = new StandInClient();
    client.roster = null;
    const clock = new ManualClock();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test', clock });
    transport.announceTo(['trent@evil.test'])();
    await flush();
    client.rosterRequests = 0;
    for (let i = 0; i < 15; i++) {
      await clock.settle(30_000);
      await flush();
    }
    expect(client.rosterRequests).toBe(10);
    await transport.close();
  });

  it('takes presence back from a stranger once the roster is readable again, even after the ten retries ran out', async () => {
    const client = new StandInClient();
    const clock = new ManualClock();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test', clock });
    // The link stalls (the client does not notice): the call with Mallory ends, no roster read gets through.
    client.roster = null;
    transport.announceTo(['mallory@evil.test'])();
    await flush();
    for (let i = 0; i < 12; i++) {
      await clock.settle(30_000);
      await flush();
    }
    // The link is fine again; Bob calls Alice, a contact: the roster is read, and answers.
    client.roster = { 'alice@example.test': 'both' };
    const requests = client.rosterRequests;
    transport.announceTo(['alice@example.test']);
    await flush();
    await clock.settle(30_000);
    await flush();
    expect(client.rosterRequests).toBeGreaterThan(requests); // the roster was read successfully
    // Mallory, a stranger, must not go on seeing Bob online for the rest of his session.
    expect(presencesSent(client)).toContain('mallory@evil.test unavailable');
    await transport.close();
  });

  it("closing an app client's transport while its stream is down still takes presence back once the stream is resumed", async () => {
    const client = new ResumingClient();
    client.roster = { 'alice@example.test': 'both' };
    const { transport, end } = await inCallWithMallory(client);
    // The link drops; the app tears its calling down meanwhile (CallClient.destroy, then transport.close()) but
    // keeps its own XMPP client, for chat.
    await dropStream(client);
    end();
    await transport.close();
    // The stream is resumed: the same server session, which still holds the directed presence to Mallory.
    client.status = 'online';
    client.streamManagement.emit('resumed');
    client.emit('online');
    await flush();
    await flush();
    expect(presencesSent(client)).toEqual(['mallory@evil.test available', 'mallory@evil.test unavailable']);
  });

  it("a roster read of a dead session that fails late does not overwrite a contact's presence in the new session", async () => {
    const client = new ResumingClient();
    client.roster = { 'alice@example.test': 'both' };
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    client.emit('send', xml('presence', {}, xml('show', {}, 'dnd'), xml('status', {}, 'In a meeting')));
    // Bob calls Alice just as the network changes: the roster read is sent, its reply never comes (10 s timeout).
    let timeOut!: () => void;
    client.hold = new Promise<void>((resolve) => (timeOut = resolve));
    transport.announceTo(['alice@example.test']);
    await flush();
    // The connection drops; a new session comes up (resumption failed) and tells Alice again, with the roster.
    await dropStream(client);
    client.status = 'online';
    client.emit('status', 'online');
    await flush();
    await flush();
    expect(presencesSent(client)).toEqual(['alice@example.test available show,status']);
    // The dead session's read now times out.
    timeOut();
    await flush();
    // Whatever is sent to Alice last is what she sees: it must still be "dnd, In a meeting".
    expect(presencesSent(client).at(-1)).toBe('alice@example.test available show,status');
    await transport.close();
  });

  it('announces itself after a resumed stream to those named while the connection was down', async () => {
    const client = new ResumingClient();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    // The connection drops, and Bob answers a call meanwhile.
    client.status = 'disconnect';
    client.emit('status', 'disconnect');
    await new Promise((resolve) => setTimeout(resolve, 5));
    transport.announceTo(['alice@example.test']);
    // The stream is resumed: the same session, in which nothing was sent to Alice yet.
    client.status = 'online';
    client.streamManagement.emit('resumed');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(client.sent.filter((stanza) => stanza.name === 'presence').map((stanza) => stanza.attrs.to)).toEqual([
      'alice@example.test',
    ]);
    await transport.close();
  });

  it("takes a group chat's occupants for no one's devices: the room is not someone to call", async () => {
    const client = new StandInClient();
    const transport = new XmppTransport({ client: client as never, localUser: 'bob@example.test' });
    const presences = record(transport, 'presence');
    const occupant = (nick: string, type?: string) =>
      client.emit(
        'stanza',
        xml('presence', { from: `team@conference.example.test/${nick}`, ...(type ? { type } : {}) }, [
          xml('x', { xmlns: 'http://jabber.org/protocol/muc#user' }, [xml('item', { affiliation: 'member' })]),
        ]),
      );
    occupant('carol');
    occupant('dave');
    client.emit('stanza', xml('presence', { from: 'alice@example.test/laptop' }));
    occupant('carol', 'unavailable');
    expect([...transport.onlineUsers()]).toEqual(['alice@example.test']);
    expect(presences.map(({ user }) => user)).toEqual(['alice@example.test']);
    await transport.close();
  });
});
