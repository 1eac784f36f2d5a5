/**
 * docs/protocol.md describes the wire: a peer built from it alone (doc-peer.ts) calls meshcall and is called by
 * it, 1:1 and in a group of three, over the real Prosody with the real @xmpp/client. Each step says which rule
 * of the document it follows; a failure here means that meshcall and its document disagree. Fake RTC (the
 * peer has no WebRTC: a test connects the meshcall side of a link once it holds the peer's SDP).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import type { CallSession } from '../session/call-session.js';
import { useFakeRtcAndStreams } from '../testing/chaos-invariants.js';
import { FakeSessionMedia } from '../testing/fake-media.js';
import { connectPairedFakes, fakeConnections } from '../testing/fake-rtc.js';
import { installWebSocket, passwordOf, waitFor, xmppServer } from '../testing/prosody.js';
import { XmppTransport } from '../transport/xmpp-transport.js';
import {
  bare,
  candidateEls,
  DocPeer,
  NS,
  newSessionId,
  participantsEls,
  readUserInfo,
  sdp,
  sdpEl,
  sessionTag,
  userInfoEl,
} from './doc-peer.js';

useFakeRtcAndStreams();
beforeAll(installWebSocket);

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** A meshcall device on the run's Prosody: every call that rang on it, and the code of every error it reported. */
interface Device {
  readonly client: CallClient;
  readonly transport: XmppTransport;
  readonly rings: CallSession[];
  readonly errors: string[];
}

async function device(username: string, settings: Partial<CallClientConfig> = {}): Promise<Device> {
  const { wsUrl, domain } = xmppServer();
  const transport = await XmppTransport.connect({
    service: wsUrl,
    domain,
    username,
    password: passwordOf(username),
    resource: 'desk',
  });
  const client = new CallClient({
    transport,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
    speakingInterval: 0,
    ...settings,
  });
  cleanups.push(async () => {
    await client.destroy();
    await transport.close();
  });
  const rings: CallSession[] = [];
  const errors: string[] = [];
  client.on('incomingCall', ({ session }) => {
    rings.push(session);
  });
  client.on('error', ({ error }) => {
    errors.push(error.code);
  });
  return { client, transport, rings, errors };
}

async function peer(username: string): Promise<DocPeer> {
  const created = await DocPeer.connect(username, 'native');
  cleanups.push(() => created.stop());
  return created;
}

/**
 * Headlines to a bare JID reach only devices the server has seen presence from (§2): each device waits until it
 * sees every other user online (the test accounts are contacts), which needs both presences processed.
 */
async function online(devices: readonly Device[], users: readonly string[]): Promise<void> {
  for (const { transport } of devices) {
    const others = users.filter((user) => user !== transport.localUser);
    await waitFor(
      () => others.every((user) => transport.onlineUsers().has(user)),
      `${transport.localUser} sees ${others}`,
    );
  }
}

async function rung(at: Device, session: string): Promise<CallSession> {
  await waitFor(() => at.rings.some((ringing) => ringing.id === session), `${session} rings`);
  return at.rings.find((ringing) => ringing.id === session) as CallSession;
}

/**
 * Resolves once `at` has handled everything `from` sent to `to` before: a signal of a version meshcall does not
 * implement, which it reports and never answers (§1), sent behind them on the same route, where XMPP keeps the
 * order. Shows that something did not happen without waiting a fixed time.
 */
async function handled(from: DocPeer, to: string, at: Device): Promise<void> {
  const count = () => at.errors.filter((code) => code === 'signal-unsupported-version').length;
  const before = count();
  await from.send(to, 'hangup', newSessionId(from.bare), {}, [], '2');
  await waitFor(() => count() > before, 'the barrier is reported');
}

/** Connects the meshcall end of every link that took the peer's SDP marked `mark` (the peer has no ICE). */
function connectFakesTo(mark: number): void {
  for (const pc of fakeConnections) {
    if (pc.signalingState === 'closed' || pc.connectionState === 'connected') continue;
    if (pc.remoteDescription?.sdp.includes(`o=- ${mark} `)) pc.simulate('connected');
  }
}

/** A `call` from the peer as §4 has it: everyone in `participants` (the caller first), the offer marked `mark`. */
function callFrom(
  caller: DocPeer,
  to: string,
  session: string,
  participants: readonly string[],
  mark: number,
  { started = String(Date.now()), version = '1' } = {},
): Promise<void> {
  return caller.send(
    to,
    'call',
    session,
    { 'call-type': 'audio', started, dialing: '3000' },
    [...participantsEls(participants), sdpEl('offer', sdp(mark), '1'), userInfoEl({ name: caller.bare })],
    version,
  );
}

describe('the peer calls meshcall', () => {
  it('call → accept → hang up, with user info each way', async () => {
    const bob = await device('bob');
    const alice = await peer('alice');
    await online([bob], ['alice@localhost']);
    const session = newSessionId(alice.bare);
    await callFrom(alice, 'bob@localhost', session, [alice.bare, 'bob@localhost'], 101);
    const ringing = await rung(bob, session);
    expect([ringing.initiator, ringing.callType, { ...ringing.userInfo }]).toEqual([
      'alice@localhost',
      'audio',
      { name: 'alice@localhost' },
    ]);

    await ringing.accept({ name: 'Bob' });
    const accept = await alice.next('accept', session);
    // §3.2: callees answer the full JID the call came from; §4: the answer, echoing the offer's seq.
    expect([accept.type, accept.to, accept.attrs.v]).toEqual(['headline', alice.jid, '1']);
    const answers = accept.signal.getChildren('sdp');
    expect(answers.map((answer) => answer.attrs)).toEqual([{ type: 'answer', seq: '1' }]);
    expect(answers[0]?.getText()).toMatch(/^v=0\n/);
    expect(answers[0]?.getText()).not.toContain('\r');
    expect(accept.attrs['share-sections']).toBe('true');
    expect(readUserInfo(accept.signal)).toEqual({ name: 'Bob' });

    // §3.3: the caller takes the device, naming it; then candidates flow full JID ↔ full JID.
    await alice.send(bare(accept.from), 'cancel', session, { reason: 'answered-elsewhere', joined: accept.from });
    await alice.send(accept.from, 'candidates', session, {}, candidateEls(101));
    const candidates = await alice.next('candidates', session);
    expect(candidates.to).toBe(alice.jid);
    await waitFor(() => fakeConnections.some((pc) => pc.addedCandidates.length > 0), "bob takes alice's candidate");
    connectFakesTo(101);
    await waitFor(() => ringing.state === 'active', 'bob in the call');

    let hungUp: Record<string, string> | undefined;
    ringing.on('hungUp', ({ userInfo }) => {
      hungUp = { ...userInfo };
    });
    await alice.send(accept.from, 'hangup', session, {}, [userInfoEl({ reason: 'done' })]);
    await waitFor(() => ringing.state === 'closed', 'bob ends');
    expect(hungUp).toEqual({ reason: 'done' });
    expect(bob.errors).toEqual([]);
  });

  it('reject, with user info, to the full JID the call came from', async () => {
    const bob = await device('bob');
    const alice = await peer('alice');
    await online([bob], ['alice@localhost']);
    const session = newSessionId(alice.bare);
    await callFrom(alice, 'bob@localhost', session, [alice.bare, 'bob@localhost'], 102);
    (await rung(bob, session)).reject({ message: 'In a meeting' });
    const reject = await alice.next('reject', session);
    expect([reject.to, reject.attrs.reason, reject.attrs.failed]).toEqual([alice.jid, 'declined', undefined]);
    expect(readUserInfo(reject.signal)).toEqual({ message: 'In a meeting' });
  });

  it('a cancel to the bare JID stops the ringing', async () => {
    const bob = await device('bob');
    const alice = await peer('alice');
    await online([bob], ['alice@localhost']);
    const session = newSessionId(alice.bare);
    await callFrom(alice, 'bob@localhost', session, [alice.bare, 'bob@localhost'], 103);
    const ringing = await rung(bob, session);
    await alice.send('bob@localhost', 'cancel', session, { reason: 'cancelled' });
    await waitFor(() => ringing.state === 'closed', 'bob stops ringing');
    expect(ringing.closeReason).toBe('cancelled');
  });

  it('a re-sent call: nothing while it rings, the accept again once accepted, the reject again once declined', async () => {
    const bob = await device('bob');
    const alice = await peer('alice');
    await online([bob], ['alice@localhost']);
    const participants = [alice.bare, 'bob@localhost'];
    const answered = newSessionId(alice.bare);
    const started = String(Date.now());
    await callFrom(alice, 'bob@localhost', answered, participants, 104, { started });
    const ringing = await rung(bob, answered);
    // §3.1: the same call again (same session, started, offer and user info) is a no-op.
    await callFrom(alice, 'bob@localhost', answered, participants, 104, { started });
    await handled(alice, 'bob@localhost', bob);
    expect(bob.rings).toHaveLength(1);

    await ringing.accept();
    const accept = await alice.next('accept', answered);
    // Nothing answered the re-send: the accept is the first word for this session on bob's route to alice.
    expect(alice.received.find((signal) => signal.session === answered)?.kind).toBe('accept');
    // §8 "Lost signals": a re-send after the accept brings the same accept again.
    await callFrom(alice, 'bob@localhost', answered, participants, 104, { started });
    const again = await alice.next('accept', answered, 1);
    expect(again.signal.toString()).toBe(accept.signal.toString());
    ringing.hangUp();

    const declined = newSessionId(alice.bare);
    await callFrom(alice, 'bob@localhost', declined, participants, 105);
    (await rung(bob, declined)).reject();
    await alice.next('reject', declined);
    await callFrom(alice, 'bob@localhost', declined, participants, 105);
    expect((await alice.next('reject', declined, 1)).attrs.reason).toBe('declined');
    expect(bob.rings).toHaveLength(2);
  });

  it('a call of another version is reported and never answered; v="01" is version 1', async () => {
    const bob = await device('bob');
    const alice = await peer('alice');
    await online([bob], ['alice@localhost']);
    const participants = [alice.bare, 'bob@localhost'];
    const future = newSessionId(alice.bare);
    await callFrom(alice, 'bob@localhost', future, participants, 106, { version: '2' });
    const padded = newSessionId(alice.bare);
    await callFrom(alice, 'bob@localhost', padded, participants, 107, { version: '01' });
    // Delivered in order: once the second rings, the first was handled.
    const ringing = await rung(bob, padded);
    expect(bob.errors).toEqual(['signal-unsupported-version']);
    expect(bob.rings).toHaveLength(1);
    ringing.reject();
    await alice.next('reject', padded);
    expect(alice.received.filter((signal) => signal.session === future)).toEqual([]);
  });
});

describe('meshcall calls the peer', () => {
  it('the call as §2–§4 write it; accept → cancel answered-elsewhere → candidates → hang up, user info each way', async () => {
    const alice = await device('alice', { dialingInterval: 2000 });
    const bob = await peer('bob');
    await online([alice], ['bob@localhost']);
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    let accepted: Record<string, string> | undefined;
    outgoing.on('accepted', ({ userInfo }) => {
      accepted = { ...userInfo };
    });
    const before = Date.now();
    await outgoing.start({ topic: 'hi' });
    const call = await bob.next('call');

    // §2: the envelope.
    expect([call.type, call.to, call.attrs.v]).toEqual(['headline', 'bob@localhost', '1']);
    expect(call.message.attrs.id).toMatch(/^.{1,256}$/);
    expect(call.message.getChildren('signal', NS)).toHaveLength(1);
    for (const hint of ['no-store', 'no-permanent-store', 'no-copy']) {
      expect(call.message.getChild(hint, 'urn:xmpp:hints'), hint).toBeDefined();
    }
    // §4: a session id that names its caller, and the call's attributes and children.
    expect(call.session).toHaveLength(44);
    expect(call.session.slice(22)).toBe(sessionTag(call.session.slice(0, 22), bare(call.from)));
    expect([call.attrs['call-type'], call.attrs.dialing]).toEqual(['audio', '2000']);
    expect(Number(call.attrs.started)).toBeGreaterThanOrEqual(before - 1000);
    expect(call.signal.getChildren('participant').map((participant) => participant.attrs.jid)).toEqual([
      'alice@localhost',
      'bob@localhost',
    ]);
    const offers = call.signal.getChildren('sdp');
    expect(offers.map((offer) => offer.attrs.type)).toEqual(['offer']);
    expect(offers[0]?.getText()).toMatch(/^v=0\n/);
    expect(offers[0]?.getText()).not.toContain('\r');
    expect(readUserInfo(call.signal)).toEqual({ topic: 'hi' });

    await bob.send(call.from, 'accept', call.session, { 'share-sections': 'true' }, [
      sdpEl('answer', sdp(201), offers[0]?.attrs.seq),
      userInfoEl({ name: 'Bob' }),
    ]);
    // §3.3: the caller tells bob's devices at the bare JID, naming the one it took.
    const cancel = await bob.next('cancel', call.session);
    expect([cancel.to, cancel.attrs.reason, cancel.attrs.joined]).toEqual([
      'bob@localhost',
      'answered-elsewhere',
      bob.jid,
    ]);
    // §3.2, §4 `candidates`: the caller's candidates, held until the accept, to bob's full JID.
    const candidates = await bob.next('candidates', call.session);
    expect(candidates.to).toBe(bob.jid);
    expect(candidates.signal.getChildren('candidate').map((candidate) => candidate.attrs)).toEqual([
      { mid: '0', mline: '0', ufrag: 'u1' },
    ]);
    connectFakesTo(201);
    await waitFor(() => outgoing.state === 'active', 'alice in the call');
    expect(accepted).toEqual({ name: 'Bob' });

    outgoing.hangUp({ reason: 'done' });
    const hangup = await bob.next('hangup', call.session);
    expect(hangup.to).toBe(bob.jid);
    expect(readUserInfo(hangup.signal)).toEqual({ reason: 'done' });
    expect(alice.errors).toEqual([]);
  });

  it('reject with user info; the caller tells the callee’s other devices (cancel rejected-elsewhere, bare JID)', async () => {
    const alice = await device('alice');
    const bob = await peer('bob');
    await online([alice], ['bob@localhost']);
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    let rejected: { reason: string; userInfo: Record<string, string> } | undefined;
    outgoing.on('rejected', ({ reason, userInfo }) => {
      rejected = { reason, userInfo: { ...userInfo } };
    });
    await outgoing.start();
    const call = await bob.next('call');
    await bob.send(call.from, 'reject', call.session, { reason: 'declined' }, [userInfoEl({ message: 'later' })]);
    const cancel = await bob.next('cancel', call.session);
    expect([cancel.to, cancel.attrs.reason, cancel.attrs.joined]).toEqual([
      'bob@localhost',
      'rejected-elsewhere',
      undefined,
    ]);
    expect(rejected).toEqual({ reason: 'declined', userInfo: { message: 'later' } });
    await waitFor(() => outgoing.state === 'closed', 'alice ends');
  });

  it('not answered: the same call again every dialing interval, then cancel timeout', async () => {
    const alice = await device('alice', { answerTimeout: 1500, dialingInterval: 300 });
    const bob = await peer('bob');
    await online([alice], ['bob@localhost']);
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    await outgoing.start({ topic: 'hi' });
    const cancel = await bob.next('cancel');
    expect([cancel.to, cancel.attrs.reason]).toEqual(['bob@localhost', 'timeout']);
    // §3.1: re-sends to the bare JID, with the same session, started, offer and user info.
    const calls = bob.of('call', cancel.session);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) {
      expect(call.to).toBe('bob@localhost');
      expect(call.signal.toString()).toBe(calls[0]?.signal.toString());
    }
    await waitFor(() => outgoing.state === 'closed', 'alice gives up');
    expect(outgoing.closeReason).toBe('notAnswered');
  });

  it('hanging up while it rings: cancel cancelled to the bare JID', async () => {
    const alice = await device('alice');
    const bob = await peer('bob');
    await online([alice], ['bob@localhost']);
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    await outgoing.start();
    const call = await bob.next('call');
    outgoing.hangUp();
    const cancel = await bob.next('cancel', call.session);
    expect([cancel.to, cancel.attrs.reason]).toEqual(['bob@localhost', 'cancelled']);
  });

  it('candidates gathered within the batching window go out in one signal (§4 `candidates`)', async () => {
    const alice = await device('alice');
    const bob = await peer('bob');
    await online([alice], ['bob@localhost']);
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    await outgoing.start();
    const call = await bob.next('call');
    await bob.send(call.from, 'accept', call.session, {}, [
      sdpEl('answer', sdp(202), call.signal.getChild('sdp')?.attrs.seq),
    ]);
    await bob.next('candidates', call.session);
    // The fake gathers one candidate per description; a host with more interfaces gathers several at once.
    const link = fakeConnections.find((pc) => pc.remoteDescription?.sdp.includes('o=- 202 '));
    for (const port of [50001, 50002, 50003]) {
      const json = {
        candidate: `candidate:${port} 1 udp 2122260223 192.0.2.1 ${port} typ host`,
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: 'u1',
      };
      link?.onicecandidate?.({ candidate: { ...json, toJSON: () => json } });
    }
    const batch = await bob.next('candidates', call.session, 1);
    expect(batch.signal.getChildren('candidate').map((candidate) => candidate.getText())).toEqual([
      'candidate:50001 1 udp 2122260223 192.0.2.1 50001 typ host',
      'candidate:50002 1 udp 2122260223 192.0.2.1 50002 typ host',
      'candidate:50003 1 udp 2122260223 192.0.2.1 50003 typ host',
    ]);
    outgoing.hangUp();
  });

  it('an accept to the caller without the answer is refused (§4, §6); said again with it, it joins', async () => {
    const alice = await device('alice', { dialingInterval: 300 });
    const bob = await peer('bob');
    await online([alice], ['bob@localhost']);
    const outgoing = alice.client.createSession(['bob@localhost'], 'audio');
    const accepted: string[] = [];
    outgoing.on('accepted', ({ userId }) => accepted.push(userId));
    await outgoing.start();
    const call = await bob.next('call');
    await bob.send(call.from, 'accept', call.session, { 'share-sections': 'true' }, [userInfoEl({ name: 'Bob' })]);
    await waitFor(() => alice.errors.includes('signal-malformed'), 'alice refuses the accept');

    // §6: bob still rings there. Her next re-send comes, and nothing came before it on her route to bob: no cancel.
    const next = await bob.next('call', call.session, bob.of('call', call.session).length);
    expect(next.signal.toString()).toBe(call.signal.toString());
    expect(bob.received.map((signal) => signal.kind).filter((kind) => kind !== 'call')).toEqual([]);
    expect([outgoing.state, outgoing.getPeerState('bob@localhost'), accepted]).toEqual(['pending', 'wait', []]);

    await bob.send(call.from, 'accept', call.session, { 'share-sections': 'true' }, [
      sdpEl('answer', sdp(203), call.signal.getChild('sdp')?.attrs.seq),
      userInfoEl({ name: 'Bob' }),
    ]);
    const cancel = await bob.next('cancel', call.session);
    expect([cancel.attrs.reason, cancel.attrs.joined]).toEqual(['answered-elsewhere', bob.jid]);
    connectFakesTo(203);
    await waitFor(() => outgoing.state === 'active', 'alice in the call');
    expect([outgoing.getPeerState('bob@localhost'), accepted]).toEqual(['connected', ['bob@localhost']]);
    expect(alice.errors).toEqual(['signal-malformed']);
  });
});

describe('a group of three (§8 "Joining a group call", §9.3)', () => {
  /**
   * Connects every link whose two ends are meshcall fakes, and meshcall's end of every link to the peer's SDPs
   * `marks`. Each call is a poll step: links appear as descriptions arrive.
   */
  function connectAll(marks: readonly number[]): void {
    connectPairedFakes();
    for (const mark of marks) connectFakesTo(mark);
  }

  for (const order of ['the peer accepts first', 'carol accepts first'] as const) {
    it(`the peer as bob, the lower JID of the callees, offers to carol: ${order}`, async () => {
      const alice = await device('alice');
      const carol = await device('carol');
      const bob = await peer('bob');
      await online([alice, carol], ['alice@localhost', 'bob@localhost', 'carol@localhost']);
      const outgoing = alice.client.createSession(['bob@localhost', 'carol@localhost'], 'audio');
      await outgoing.start();
      const call = await bob.next('call');
      expect(call.signal.getChildren('participant').map((participant) => participant.attrs.jid)).toEqual([
        'alice@localhost',
        'bob@localhost',
        'carol@localhost',
      ]);
      const atCarol = await rung(carol, call.session);
      // The first callee's accept (after the caller took it) reaches the other without SDP, at the address it
      // knows: the bare JID of a callee still ringing (§3.4), else the device it took from the other's accept.
      const carolAccepts = async (to: string) => {
        await atCarol.accept();
        const accept = await bob.next('accept', call.session);
        expect([accept.to, accept.signal.getChild('sdp')]).toEqual([to, undefined]);
        return accept.from;
      };
      let carolDevice = order === 'carol accepts first' ? await carolAccepts('bob@localhost') : undefined;

      await bob.send(call.from, 'accept', call.session, { 'share-sections': 'true' }, [sdpEl('answer', sdp(301), '1')]);
      expect((await bob.next('cancel', call.session)).attrs.joined).toBe(bob.jid);
      // Taken by the caller: now bob tells carol he joined, and sends the caller his candidates.
      await bob.send(carolDevice ?? 'carol@localhost', 'accept', call.session, { 'share-sections': 'true' });
      await bob.send(call.from, 'candidates', call.session, {}, candidateEls(301));
      carolDevice ??= await carolAccepts(bob.jid);

      // bob@ < carol@: bob offers, carol answers echoing seq.
      await bob.send(carolDevice, 'description', call.session, {}, [sdpEl('offer', sdp(302), '1')]);
      const answer = await bob.next('description', call.session);
      expect([answer.from, answer.to]).toEqual([carolDevice, bob.jid]);
      expect(answer.signal.getChild('sdp')?.attrs).toEqual({ type: 'answer', seq: '1' });
      await bob.send(carolDevice, 'candidates', call.session, {}, candidateEls(302));
      await waitFor(() => {
        connectAll([301, 302]);
        return (
          outgoing.getPeerState('bob@localhost') === 'connected' &&
          outgoing.getPeerState('carol@localhost') === 'connected' &&
          atCarol.getPeerState('bob@localhost') === 'connected'
        );
      }, 'everyone connected');

      // §8.5: a hangup to every other participant; the call goes on without bob.
      await bob.send(call.from, 'hangup', call.session);
      await bob.send(carolDevice, 'hangup', call.session);
      await waitFor(() => outgoing.getPeerState('bob@localhost') === 'hungUp', 'alice sees bob leave');
      await waitFor(() => atCarol.getPeerState('bob@localhost') === 'hungUp', 'carol sees bob leave');
      expect([outgoing.state, atCarol.state]).toEqual(['active', 'active']);
      expect([...alice.errors, ...carol.errors]).toEqual([]);
    });
  }

  it('the peer as dave, the higher JID of the callees, answers carol’s offer', async () => {
    const alice = await device('alice');
    const carol = await device('carol');
    const dave = await peer('dave');
    await online([alice, carol], ['alice@localhost', 'carol@localhost', 'dave@localhost']);
    carol.client.on('incomingCall', ({ session }) => void session.accept());
    const outgoing = alice.client.createSession(['carol@localhost', 'dave@localhost'], 'audio');
    await outgoing.start();
    const call = await dave.next('call');
    const carolAccept = await dave.next('accept', call.session);
    expect([carolAccept.to, carolAccept.signal.getChild('sdp')]).toEqual(['dave@localhost', undefined]);

    await dave.send(call.from, 'accept', call.session, {}, [sdpEl('answer', sdp(401), '1')]);
    await dave.next('cancel', call.session);
    await dave.send(carolAccept.from, 'accept', call.session);
    // carol@ < dave@: carol offers, in a description to dave's device.
    const offer = await dave.next('description', call.session);
    expect([offer.from, offer.to]).toEqual([carolAccept.from, dave.jid]);
    const offered = offer.signal.getChild('sdp');
    expect(offered?.attrs.type).toBe('offer');
    await dave.send(offer.from, 'description', call.session, {}, [sdpEl('answer', sdp(402), offered?.attrs.seq)]);
    await dave.send(call.from, 'candidates', call.session, {}, candidateEls(401));
    await dave.send(offer.from, 'candidates', call.session, {}, candidateEls(402));
    const atCarol = await rung(carol, call.session);
    await waitFor(() => {
      connectAll([401, 402]);
      return (
        outgoing.getPeerState('dave@localhost') === 'connected' &&
        outgoing.getPeerState('carol@localhost') === 'connected' &&
        atCarol.getPeerState('dave@localhost') === 'connected'
      );
    }, 'everyone connected');
    expect([...alice.errors, ...carol.errors]).toEqual([]);
  });

  it('the peer as the caller: each callee answers it, the caller takes each, the callees mesh', async () => {
    const bob = await device('bob');
    const carol = await device('carol');
    const alice = await peer('alice');
    await online([bob, carol], ['alice@localhost', 'bob@localhost', 'carol@localhost']);
    for (const callee of [bob, carol]) callee.client.on('incomingCall', ({ session }) => void session.accept());
    const session = newSessionId(alice.bare);
    const participants = [alice.bare, 'bob@localhost', 'carol@localhost'];
    const started = String(Date.now());
    await callFrom(alice, 'bob@localhost', session, participants, 501, { started });
    await callFrom(alice, 'carol@localhost', session, participants, 502, { started });

    for (const index of [0, 1]) {
      const accept = await alice.next('accept', session, index);
      expect(accept.signal.getChild('sdp')?.attrs).toEqual({ type: 'answer', seq: '1' });
      await alice.send(bare(accept.from), 'cancel', session, { reason: 'answered-elsewhere', joined: accept.from });
      await alice.send(
        accept.from,
        'candidates',
        session,
        {},
        candidateEls(bare(accept.from) === 'bob@localhost' ? 501 : 502),
      );
    }
    const [atBob, atCarol] = [await rung(bob, session), await rung(carol, session)];
    await waitFor(() => {
      connectAll([501, 502]);
      return (
        atBob.getPeerState('alice@localhost') === 'connected' &&
        atCarol.getPeerState('alice@localhost') === 'connected' &&
        atBob.getPeerState('carol@localhost') === 'connected' &&
        atCarol.getPeerState('bob@localhost') === 'connected'
      );
    }, 'everyone connected');

    for (const accept of alice.of('accept', session)) await alice.send(accept.from, 'hangup', session);
    await waitFor(() => atBob.getPeerState('alice@localhost') === 'hungUp', 'bob sees alice leave');
    await waitFor(() => atCarol.getPeerState('alice@localhost') === 'hungUp', 'carol sees alice leave');
    expect([atBob.state, atCarol.state]).toEqual(['active', 'active']);
    expect([...bob.errors, ...carol.errors]).toEqual([]);
  });
});
