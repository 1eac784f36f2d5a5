/**
 * Answers that overlap, over the real engine (MemoryNetwork, fake peer connections, a camera prompt held open):
 * Alice is in Carol's call; Bob's and Dave's calls ring (busyPolicy 'ring'). She answers Bob's (Carol's call goes
 * on hold), and while Bob's camera prompt is open she answers Dave's too. Whatever she left goes once an answer
 * went through; a failed answer leaves the decision to the one still pending; when every answer failed, the call
 * she was in comes back on.
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

const gates: Promise<void>[] = [];
class PromptedMedia extends FakeSessionMedia {
  override async acquire(options: { video?: boolean } = {}): Promise<void> {
    const gate = gates.shift();
    if (gate) await gate;
    return super.acquire(options);
  }
}

function gate() {
  let release!: () => void;
  let deny!: () => void;
  const p = new Promise<void>((resolve, reject) => {
    release = resolve;
    deny = () => reject(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }));
  });
  p.catch(() => {});
  gates.push(p);
  return { release, deny };
}

async function setup() {
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
  const hook = renderHook(() => useIncomingCall(), { wrapper });
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
  await act(async () => {
    await bob.createSession([ALICE], 'video').start();
    await clock.settle();
    await dave.createSession([ALICE], 'video').start();
    await clock.settle();
  });
  const of = (user: string) => [...alice.sessions.values()].find((s) => s.initiator === user);
  const done = async () => {
    hook.unmount();
    for (const c of [alice, bob, carol, dave]) await c.destroy();
  };
  return { clock, hook, carols, of, done };
}

it("a third call's failed answer leaves the second one's answer going, and that one, answered, ends the first", async () => {
  const { clock, hook, carols, of, done } = await setup();
  const bobsPrompt = gate();
  let bobsAnswer!: Promise<unknown>;
  act(() => {
    bobsAnswer = hook.result.current.accept().catch((e) => e);
  });
  expect(hook.result.current.session?.initiator).toBe(DAVE);
  // She answers Dave's instead, but denies the camera for it: Dave's answer fails.
  const davesPrompt = gate();
  let davesAnswer!: Promise<unknown>;
  act(() => {
    davesAnswer = hook.result.current.accept().catch((e) => e);
  });
  await act(async () => {
    davesPrompt.deny();
    await davesAnswer;
    await clock.settle();
  });
  // Dave's answer failed, nothing else was taken up: Bob's answer (the one Dave's would have ended) should go on.
  const bobsStateAfterDavesFailure = of(BOB)?.state ?? 'closed';
  await act(async () => {
    bobsPrompt.release();
    await bobsAnswer;
    await clock.settle();
  });
  expect({ bobsStateAfterDavesFailure }).toEqual({ bobsStateAfterDavesFailure: 'connecting' });
  expect(carols.state).toMatch(/closed|closing/);
  await done();
});

it('when both answers fail, the call she was in comes back on', async () => {
  const { clock, hook, carols, done } = await setup();
  const bobsPrompt = gate();
  let bobsAnswer!: Promise<unknown>;
  act(() => {
    bobsAnswer = hook.result.current.accept().catch((e) => e);
  });
  const davesPrompt = gate();
  let davesAnswer!: Promise<unknown>;
  act(() => {
    davesAnswer = hook.result.current.accept().catch((e) => e);
  });
  // Bob's camera is denied while Dave's prompt is still open, then Dave's camera is denied too.
  await act(async () => {
    bobsPrompt.deny();
    await bobsAnswer;
    await clock.settle();
  });
  await act(async () => {
    davesPrompt.deny();
    await davesAnswer;
    await clock.settle();
  });
  // Neither answer went through: the call she was in should be taken off hold, as after one failed answer.
  expect({ carol: carols.state, muted: carols.localMedia.audioMuted }).toEqual({ carol: 'active', muted: false });
  await done();
});

it('an answer that goes through ends the call she was in, whatever becomes of an earlier answer still pending', async () => {
  const { clock, hook, carols, of, done } = await setup();
  const bobsPrompt = gate();
  let bobsAnswer!: Promise<unknown>;
  act(() => {
    bobsAnswer = hook.result.current.accept().catch((e) => e);
  });
  expect(carols.localMedia.audioMuted).toBe(true); // Carol's call on hold
  expect(hook.result.current.session?.initiator).toBe(DAVE);
  await act(async () => {
    await hook.result.current.accept();
    await clock.settle();
  });
  expect(of(BOB)?.state ?? 'closed').not.toBe('active');
  // Bob's camera prompt is denied at last: his answer fails, which must not take Carol's call off hold.
  await act(async () => {
    bobsPrompt.deny();
    await bobsAnswer;
    await clock.settle();
  });
  expect(of(DAVE)?.state).toMatch(/connecting|active/);
  expect(carols.state).toMatch(/closed|closing/);
  await done();
});
