// @vitest-environment jsdom
/**
 * What <VideoCall> says when a call ends the ways that are easy to word wrongly, on real engines (CallClient over
 * a MemoryNetwork on a ManualClock, core's fake RTC and fake media), each user with their own <VideoCall>: a call
 * that never took place is told by what became of each callee, never as "Everyone else left the call."; nobody
 * is blamed for what was a connection; nobody is told they left a call they were never in.
 */
import { CallClient, type CallClientConfig, type CallSession, MemoryNetwork } from '@meshcall/core';
import {
  connectPairedFakes,
  FakeRTCPeerConnection,
  FakeSessionMedia,
  fakeConnections,
  ManualClock,
} from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VideoCall } from './VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const ERIN = 'erin@example.test';

const original = globalThis.RTCPeerConnection;
let clock: ManualClock;
let network: MemoryNetwork;
let clients: CallClient[] = [];
const views = new Map<string, HTMLElement>();

beforeEach(() => {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  fakeConnections.length = 0;
  clock = new ManualClock();
  network = new MemoryNetwork({ clock });
  clients = [];
  views.clear();
});
afterEach(async () => {
  cleanup();
  for (const client of clients) await client.destroy();
  globalThis.RTCPeerConnection = original;
});

/** A client of `user`, shown in a <VideoCall> of its own unless `show` is false. */
function client(user: string, show = true, config: Partial<CallClientConfig> = {}): CallClient {
  const made = new CallClient({
    transport: network.createTransport(user),
    clock,
    answerTimeout: 30_000,
    disconnectTimeout: 10_000,
    createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
    ...config,
  });
  clients.push(made);
  if (show) {
    const { container } = render(
      <CallProvider client={made}>
        <VideoCall statsInterval={0} />
      </CallProvider>,
    );
    views.set(user, container);
  }
  return made;
}

const settle = (ms = 0) => act(() => clock.settle(ms));
const connectLinks = () =>
  act(async () => {
    connectPairedFakes();
    await clock.settle();
  });
const incoming = (callee: CallClient) =>
  new Promise<CallSession>((resolve) => callee.once('incomingCall', ({ session }) => resolve(session)));

/** What `user`'s <VideoCall> shows and has said. */
function seen(user: string) {
  const view = views.get(user)!;
  const root = view.querySelector<HTMLElement>('.meshcall-video-call')!;
  return {
    screen: root.dataset.screen,
    title: root.querySelector('h2')?.textContent ?? null,
    text: root.querySelector('.meshcall-status__description p')?.textContent ?? null,
    callAgain: [...root.querySelectorAll('button')].some((button) => button.textContent?.includes('Call again')),
    told: [...view.querySelectorAll('[role="status"] p, [role="alert"] p')].map((node) => node.textContent ?? ''),
    alerts: [...view.querySelectorAll('[role="alert"] p')].map((node) => node.textContent ?? ''),
  };
}

/** Alice calls `callees` (each with a <VideoCall>); resolves once it rings at each of them. */
async function aliceCalls(callees: readonly string[]) {
  const alice = client(ALICE);
  const others = callees.map((user) => client(user));
  const rings = others.map(incoming);
  const call = alice.createSession(callees, 'video');
  await act(() => call.start());
  await settle();
  return { alice, call, ringing: await Promise.all(rings) };
}

describe('a group call that never connected: one said no, another did not answer or could not connect', () => {
  it('Bob declines and Carol never answers: the caller is not told "Everyone else left the call."', async () => {
    const { ringing } = await aliceCalls([BOB, CAROL]);
    await act(async () => ringing[0]!.reject());
    await settle();
    await settle(31_000); // Carol's answer timeout
    await settle();
    const alice = seen(ALICE);
    expect(alice.title).toBe('Call not connected');
    // Nobody was ever in this call; Bob declined and Carol did not answer.
    expect(alice.text).toBe('Bob declined the call. Carol did not answer.');
    expect(alice.told.at(-1)).toBe('Call not connected. Bob declined the call. Carol did not answer.');
  });

  it('Bob is busy and Carol never answers: the caller is told Bob is in another call', async () => {
    const alice = client(ALICE);
    const bob = client(BOB, false);
    client(CAROL, false);
    const erin = client(ERIN, false);
    // Bob is in a call with Erin: his client turns Alice's call down as busy.
    const bobRings = incoming(bob);
    const erins = erin.createSession([BOB], 'audio');
    await act(() => erins.start());
    await settle();
    await act(async () => (await bobRings).accept());
    await settle();
    await connectLinks();
    const call = alice.createSession([BOB, CAROL], 'video');
    await act(() => call.start());
    await settle();
    await settle(31_000);
    await settle();
    const seenByAlice = seen(ALICE);
    expect(seenByAlice.title).toBe('Call not connected');
    expect(seenByAlice.text).toBe('Bob is in another call. Carol did not answer.');
  });

  it('Bob declines and Carol answers but her link never connects: nobody is told everyone "left"', async () => {
    const { ringing } = await aliceCalls([BOB, CAROL]);
    await act(async () => ringing[0]!.reject());
    await settle();
    const before = fakeConnections.length;
    await act(() => ringing[1]!.accept());
    await settle();
    // Carol's link (both of its ends) fails: it never connected.
    const carols = new Set(fakeConnections.slice(before));
    for (const pc of fakeConnections) for (const mine of [...carols]) if (pc.isPairedWith(mine)) carols.add(pc);
    await act(async () => {
      for (const pc of carols) pc.simulate('failed');
    });
    await settle();
    await settle(11_000);
    const alice = seen(ALICE);
    const carol = seen(CAROL);
    expect(alice.screen).toBe('ended');
    expect(carol.screen).toBe('ended');
    // Alice: Bob declined, and Carol could not be connected. Carol: her own connection failed; nobody "left".
    expect(alice.text).toBe('Bob declined the call. Couldn’t connect to Carol.');
    expect(carol.text).toBe('The call couldn’t connect.');
    // A failure is said at once, as every other failed call is.
    expect(carol.alerts).toEqual(['Call not connected. The call couldn’t connect.']);
  });
});

describe('the caller hangs up just after the callee answered, before the link connected', () => {
  it('the callee is told the caller hung up, not "Everyone else left the call."', async () => {
    const { call, ringing } = await aliceCalls([BOB]);
    await act(() => ringing[0]!.accept());
    await settle();
    await act(async () => call.hangUp());
    await settle();
    const bob = seen(BOB);
    expect(bob.title).toBe('Call not connected');
    // Nobody was ever in this 1:1 call: Alice hung up (as "Alice hung up before you answered." says a moment earlier).
    expect(bob.text).toBe('Alice left the call.');
  });
});

describe("the caller's connection drops while the call rings", () => {
  it('Bob answered meanwhile: the caller is not told "No answer."', async () => {
    const { alice, ringing } = await aliceCalls([BOB]);
    (alice.transport as unknown as { setOnline(online: boolean): void }).setOnline(false);
    await settle();
    await act(() => ringing[0]!.accept()); // his answer cannot reach her
    await settle(31_000); // her answer timeout falls due while she is offline
    await settle();
    const seenByAlice = seen(ALICE);
    expect(seenByAlice.screen).toBe('ended');
    // She could not have heard an answer: "No answer." would blame Bob, who did answer (and sees a failed call).
    expect(seenByAlice.text).toBe('Couldn’t connect to Bob.');
    expect(seen(BOB).text).toBe('The call couldn’t connect.');
  });
});

describe('a call whose link never connected', () => {
  it('is not told as a connection that was lost', async () => {
    const { ringing } = await aliceCalls([BOB]);
    await act(() => ringing[0]!.accept());
    await settle();
    await act(async () => {
      for (const pc of fakeConnections) pc.simulate('failed');
    });
    await settle();
    await settle(11_000);
    for (const user of [ALICE, BOB]) {
      const view = seen(user);
      expect(view.title).toBe('Call not connected');
      // "Call not connected. The connection was lost." / "Lost the connection to Bob.": there never was one.
      expect(view.text).not.toMatch(/lost/i);
      expect(view.told.filter((sentence) => /lost/i.test(sentence))).toEqual([]);
      // Said by the end screen only (the link's failure ends the call: it is not announced before it as well).
      expect(view.told.filter((sentence) => sentence.includes('connect'))).toEqual([
        `Call not connected. ${user === ALICE ? 'Couldn’t connect to Bob.' : 'The call couldn’t connect.'}`,
      ]);
    }
  });
});

describe('the caller cancels a call that is still ringing', () => {
  it('is not told "You left the call."', async () => {
    const { call } = await aliceCalls([BOB]);
    await act(async () => call.hangUp());
    await settle();
    const alice = seen(ALICE);
    expect(alice.title).toBe('Call not connected');
    // She was never in a call to leave: she cancelled it.
    expect(alice.text).toBe('You cancelled the call.');
    expect(alice.told.at(-1)).toBe('Call not connected. You cancelled the call.');
  });
});

describe('a call ended because its client was destroyed', () => {
  it('offers no "Call again" that cannot work', async () => {
    const { alice, ringing } = await aliceCalls([BOB]);
    await act(() => ringing[0]!.accept());
    await settle();
    await connectLinks();
    await act(() => alice.destroy());
    await settle();
    expect(seen(ALICE).text).toBe('The call was closed.');
    // Pressing it clears the end screen and starts nothing: the client is gone.
    expect(seen(ALICE).callAgain).toBe(false);
  });
});
