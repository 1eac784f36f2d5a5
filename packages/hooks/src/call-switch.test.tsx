/**
 * Answering a second ringing call while the first answer is still opening its camera, over the real engine.
 * Alice is in Carol's call; Bob's and Dave's calls ring (busyPolicy 'ring'). She answers Bob's (Carol's call goes
 * on hold), and while Bob's camera prompt is still open she answers Dave's instead: Dave's answer hangs up Bob's
 * call, and Carol's, which she chose to leave, must not come back on (live, microphone and camera on) beside it.
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { connectPairedFakes, FakeRTCPeerConnection, FakeSessionMedia, ManualClock } from '@meshcall/core/testing';
import { act, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, expect, it } from 'vitest';
import { CallProvider } from './react/context.js';
import { useIncomingCall } from './react/useCallSession.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';

const original = globalThis.RTCPeerConnection;
afterEach(() => {
  globalThis.RTCPeerConnection = original;
});

/** The next acquire() waits for `release()` (a camera prompt left open). */
const gates: Promise<void>[] = [];
class PromptedMedia extends FakeSessionMedia {
  override async acquire(options: { video?: boolean } = {}): Promise<void> {
    const gate = gates.shift();
    if (gate) await gate;
    return super.acquire(options);
  }
}

it('a second answer while the first one opens its camera does not bring the held call back on', async () => {
  globalThis.RTCPeerConnection = FakeRTCPeerConnection as unknown as typeof RTCPeerConnection;
  const clock = new ManualClock();
  const network = new MemoryNetwork({ clock });
  const make = (user: string, ring = false) =>
    new CallClient({
      transport: network.createTransport(user),
      clock,
      busyPolicy: ring ? 'ring' : 'reject',
      createMedia: ({ callType }) => new PromptedMedia(callType === 'video'),
    });
  const alice = make(ALICE, true);
  const [bob, carol, dave] = [make(BOB), make(CAROL), make(DAVE)];
  const wrapper = ({ children }: { children: ReactNode }) => <CallProvider client={alice}>{children}</CallProvider>;
  const { result, unmount } = renderHook(() => useIncomingCall(), { wrapper });

  // Alice is in Carol's call.
  await act(async () => {
    await carol.createSession([ALICE], 'video').start();
    await clock.settle();
  });
  const carols = [...alice.sessions.values()][0]!;
  await act(async () => {
    await carols.accept();
    await clock.settle();
    connectPairedFakes();
    await clock.settle();
  });
  expect(carols.state).toBe('active');

  // Bob's call, then Dave's, ring at Alice.
  await act(async () => {
    await bob.createSession([ALICE], 'video').start();
    await clock.settle();
    await dave.createSession([ALICE], 'video').start();
    await clock.settle();
  });
  expect(result.current.session?.initiator).toBe(BOB);
  expect(result.current.endsCurrentCall).toBe(true);

  // She answers Bob's: the camera prompt stays open.
  let release!: () => void;
  gates.push(new Promise<void>((resolve) => (release = resolve)));
  let bobsAnswer!: Promise<void>;
  act(() => {
    bobsAnswer = result.current.accept().catch(() => {});
  });
  expect(carols.localMedia.audioMuted).toBe(true); // Carol's call on hold

  // Then Dave's (it is the one ringing now); it goes through at once.
  expect(result.current.session?.initiator).toBe(DAVE);
  await act(async () => {
    await result.current.accept();
    await clock.settle();
  });
  const bobs = [...alice.sessions.values()].find((s) => s.initiator === BOB);
  expect(bobs?.state ?? 'closed').not.toBe('active');

  // Bob's camera prompt closes at last.
  await act(async () => {
    release();
    await bobsAnswer;
    await clock.settle();
  });
  const daves = [...alice.sessions.values()].find((s) => s.initiator === DAVE);
  expect(daves?.state).toMatch(/connecting|active/);
  // Carol's call must be over, or at least still hear nothing of Alice: she answered something else twice.
  const carolHearsAlice = carols.state !== 'closed' && carols.state !== 'closing' && !carols.localMedia.audioMuted;
  expect({ carolsCall: carols.state, carolHearsAlice }).toEqual({
    carolsCall: expect.stringMatching(/closed|closing/),
    carolHearsAlice: false,
  });
  unmount();
  for (const c of [alice, bob, carol, dave]) await c.destroy();
});
