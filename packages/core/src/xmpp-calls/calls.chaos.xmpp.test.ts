/**
 * Chaos through a real Prosody with the real @xmpp/client: alice calls bob (two devices) and carol, and a
 * random sequence of answers, hang-ups, call-backs, mute and screen presses, connection changes and dropped XMPP
 * sockets (each device reconnects on its own) follows, in real time. The Node chaos test covers far more
 * sequences on a simulated network; this one proves the same invariants hold over the real server, its
 * delivery rules (headline messages are not kept for a device that is reconnecting) and the transport's
 * reconnection. Each run picks the server: without stream management (a dropped socket is a new session) or
 * with it (XEP-0198, as Prosody's stock config: a dropped socket is resumed, queued stanzas are re-sent). The
 * real `LocalMedia` over fake devices, and a fake RTC with ICE modelled (see `runIce`).
 *
 * Invariants: nothing throws but `MeshcallError`; once-only events happen once; states only move forward;
 * once things settle nobody dials a callee whose device does not ring, every call left is active with each
 * link connected or ended, nobody is connected to someone who is not in the call, and everyone shows
 * everyone's mute and screen state as it is (a device that reconnects is told again); after everyone hangs
 * up no session, connection, capture track or socket is left.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { BusyPolicy } from '../client/config.js';
import { LocalMedia } from '../media/local-media.js';
import type { CallSession } from '../session/call-session.js';
import { TERMINAL_PEER_STATES } from '../session/types.js';
import {
  attempt,
  halfOpen,
  runIce,
  simulateConnection,
  staleMedia,
  useFakeRtcAndStreams,
  Violations,
  watch,
} from '../testing/chaos-invariants.js';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { fakeConnections } from '../testing/fake-rtc.js';
import { ownProsody, passwordOf, rawWebSocket, waitFor, xmppServer } from '../testing/prosody.js';
import { XmppTransport } from '../transport/xmpp-transport.js';
import { MeshcallError } from '../util/errors.js';

/** Runs in CI; `CHAOS_RUNS=50` runs longer. Each run takes a few seconds of real time. */
const RUNS = Number(process.env.CHAOS_RUNS || 2);

type Device = 'alice' | 'bob' | 'bobPhone' | 'carol';
const DEVICES: Record<Device, { user: string; resource: string }> = {
  alice: { user: 'alice', resource: 'chaos-laptop' },
  bob: { user: 'bob', resource: 'chaos-laptop' },
  bobPhone: { user: 'bob', resource: 'chaos-phone' },
  carol: { user: 'carol', resource: 'chaos-laptop' },
};

type Move =
  | { readonly type: 'accept' | 'reject' | 'hangUp'; readonly device: Device }
  | { readonly type: 'mute'; readonly device: Device; readonly muted: boolean }
  | { readonly type: 'screen'; readonly device: Device; readonly on: boolean }
  | { readonly type: 'callBack'; readonly device: Device; readonly callee: Device }
  | { readonly type: 'connection'; readonly index: number; readonly state: RTCPeerConnectionState }
  /** The device's WebSocket dies; @xmpp/client reconnects by itself. */
  | { readonly type: 'dropSocket'; readonly device: Device }
  | { readonly type: 'wait'; readonly ms: number };

const deviceArb = fc.constantFrom<Device>('alice', 'bob', 'bobPhone', 'carol');

const moveArb: fc.Arbitrary<Move> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ type: fc.constant('accept' as const), device: deviceArb }) },
  {
    weight: 1,
    arbitrary: fc.record({ type: fc.constantFrom('reject' as const, 'hangUp' as const), device: deviceArb }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('mute' as const), device: deviceArb, muted: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('screen' as const), device: deviceArb, on: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('callBack' as const), device: deviceArb, callee: deviceArb }) },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('connection' as const),
      index: fc.nat({ max: 12 }),
      state: fc.constantFrom<RTCPeerConnectionState>('connected', 'disconnected', 'failed'),
    }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('dropSocket' as const), device: deviceArb }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 1_200 }) }) },
);

const SETTINGS = {
  answerTimeout: 3_000,
  dialingInterval: 500,
  disconnectTimeout: 2_000,
  iceRestartDelay: 200,
  speakingInterval: 0,
};

/** A second Prosody, with stream management and resumption (mod_smacks). */
const resuming = ownProsody({ smacks: true });
useFakeRtcAndStreams();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Outgoing calls still dialing someone whose devices have no ringing session for it: ringing into nothing. */
function ringingIntoNothing(clients: Record<Device, CallClient>): string[] {
  const all = Object.values(clients);
  return all.flatMap((client) =>
    [...client.sessions.values()]
      .filter((session) => session.direction === 'outgoing' && session.state === 'pending')
      .flatMap((session) =>
        session.opponents
          .filter((callee) => session.getPeerState(callee) === 'wait')
          .filter((callee) =>
            all.every((other) => other.localUser !== callee || other.getSession(session.id)?.state !== 'pending'),
          )
          .map((callee) => `${session.localUser} dials ${callee}, whose devices do not ring`),
      ),
  );
}

/** Calls that have not settled: anything not active, or a link neither connected nor ended. */
function unsettled(sessions: readonly CallSession[]): string[] {
  return sessions.flatMap((session) => {
    if (session.state === 'closed') return [];
    if (session.state !== 'active') return [`${session.localUser} ${session.id}: ${session.state}`];
    return [...session.peers]
      .filter(([, peer]) => peer.state !== 'connected' && !TERMINAL_PEER_STATES.has(peer.state))
      .map(([userId, peer]) => `${session.localUser} ${session.id}: link to ${userId} ${peer.state}`);
  });
}

async function runScenario(moves: readonly Move[], busyPolicy: BusyPolicy, resumption: boolean): Promise<string[]> {
  const violations = new Violations();
  const server = resumption ? resuming() : xmppServer();
  const transports = {} as Record<Device, XmppTransport>;
  for (const [device, { user, resource }] of Object.entries(DEVICES) as [Device, (typeof DEVICES)[Device]][]) {
    transports[device] = await XmppTransport.connect({
      service: server.wsUrl,
      domain: server.domain,
      username: user,
      password: passwordOf(user),
      resource,
    });
  }
  const devices = Object.fromEntries(Object.keys(DEVICES).map((device) => [device, new FakeMediaDevices()])) as Record<
    Device,
    FakeMediaDevices
  >;
  const clients = {} as Record<Device, CallClient>;
  const watched: CallSession[] = [];
  for (const device of Object.keys(transports) as Device[]) {
    const client = new CallClient({
      transport: transports[device],
      busyPolicy,
      // The real LocalMedia over fake devices.
      createMedia: ({ callType }) => new LocalMedia({ callType, mediaDevices: devices[device] }),
      ...SETTINGS,
    });
    clients[device] = client;
    client.on('incomingCall', ({ session }) => {
      watched.push(session);
      watch(session, `${device} ${session.id}`, violations);
    });
    client.on('error', ({ error }) => {
      if (!(error instanceof MeshcallError)) violations.add(`${device}: client error ${String(error)}`);
    });
  }
  const call = clients.alice.createSession(['bob@localhost', 'carol@localhost'], 'video');
  watched.push(call);
  watch(call, 'alice main', violations);
  attempt(violations, 'start', () => call.start());
  await sleep(100);

  const sessionOf = (device: Device): CallSession | undefined =>
    [...clients[device].sessions.values()].find((session) => session.state !== 'closed' && session.state !== 'closing');

  try {
    for (const move of moves) {
      switch (move.type) {
        case 'accept':
        case 'reject':
        case 'hangUp': {
          const session = sessionOf(move.device);
          if (session) attempt(violations, `${move.device} ${move.type}`, () => session[move.type]());
          break;
        }
        case 'mute': {
          const session = sessionOf(move.device);
          if (session) attempt(violations, `${move.device} mute`, () => session.setAudioMuted(move.muted));
          break;
        }
        case 'screen': {
          const session = sessionOf(move.device);
          if (session) {
            attempt(violations, `${move.device} screen ${move.on}`, () =>
              move.on ? session.startScreenShare() : session.stopScreenShare(),
            );
          }
          break;
        }
        case 'callBack': {
          const callee = transports[move.callee].localUser;
          if (callee === transports[move.device].localUser) break;
          attempt(violations, `${move.device} calls back`, () => {
            const session = clients[move.device].createSession([callee], 'audio');
            watched.push(session);
            watch(session, `${move.device} own call`, violations);
            return session.start();
          });
          break;
        }
        case 'connection': {
          simulateConnection(fakeConnections[move.index % Math.max(1, fakeConnections.length)], move.state);
          break;
        }
        case 'dropSocket':
          rawWebSocket(transports[move.device])?.terminate();
          break;
        case 'wait':
          await sleep(move.ms);
          break;
      }
      await sleep(30);
    }

    // Left alone (every socket back, ICE working), every call settles within the answer timeout, the
    // other callees' grace and the connection deadline.
    const everyoneOnline = () => Object.values(transports).every((transport) => transport.status === 'online');
    const all = Object.values(clients);
    const problems = () => [
      ...unsettled(watched),
      ...ringingIntoNothing(clients),
      ...halfOpen(all),
      ...staleMedia(all),
    ];
    const settled = () => {
      runIce();
      return everyoneOnline() && problems().length === 0;
    };
    try {
      await waitFor(settled, 'calls settle', 20_000);
    } catch {
      if (!everyoneOnline()) violations.add('a device did not reconnect');
      for (const line of problems()) violations.add(line);
    }

    // Everyone leaves; nothing may be left.
    for (const client of Object.values(clients)) {
      for (const session of client.sessions.values()) attempt(violations, 'final hang-up', () => session.hangUp());
    }
    try {
      await waitFor(() => Object.values(clients).every((client) => client.sessions.size === 0), 'sessions end');
    } catch {
      for (const [device, client] of Object.entries(clients)) {
        for (const session of client.sessions.values())
          violations.add(`${device}: ${session.id} still ${session.state}`);
      }
    }
  } finally {
    for (const client of Object.values(clients)) await client.destroy();
    for (const transport of Object.values(transports)) await transport.close();
  }
  for (const session of watched) {
    if (session.state !== 'closed') violations.add(`${session.localUser} ${session.id}: left ${session.state}`);
  }
  const open = fakeConnections.filter((connection) => connection.signalingState !== 'closed').length;
  if (open !== 0) violations.add(`${open} connections left open`);
  for (const [device, media] of Object.entries(devices)) {
    if (media.liveTracks.length > 0) violations.add(`${device}: ${media.liveTracks.length} capture tracks left open`);
  }
  return violations.lines;
}

describe('chaos through a real Prosody: answers, hang-ups, call-backs and dropped sockets', () => {
  it('keeps every invariant, and every call settles', { timeout: RUNS * 60_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(moveArb, { minLength: 4, maxLength: 30 }),
        fc.constantFrom<BusyPolicy>('reject', 'ring'),
        // Stream management on the server: dropped sockets resume (true) or start new sessions (false).
        fc.boolean(),
        async (moves, busyPolicy, resumption) => {
          fakeConnections.length = 0;
          expect(await runScenario(moves, busyPolicy, resumption)).toEqual([]);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});
