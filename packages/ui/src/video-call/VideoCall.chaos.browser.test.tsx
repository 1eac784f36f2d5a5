/**
 * UI chaos: three or four people (Alice, Bob, Carol and maybe Dan) each have a `<VideoCall>` over the real
 * engine (real RTCPeerConnections, synthetic media, a network that reorders signals), and a random sequence
 * of clicks drives them — calling some of the others, calling back, accepting, declining, muting, turning the
 * camera off, sharing the screen, leaving, closing the end screen — with no waiting for anything to finish.
 * Whatever the order, nothing may throw or log an error, and once things settle each screen must agree with
 * its engine: the call on screen is the engine's call, it shows a tile for exactly the people the engine
 * still has in the call, the toggle buttons show the engine's microphone, camera and sharing state, and a
 * call ringing out rings at every callee it still waits for.
 * Three seeded runs in CI.
 */
import { type BusyPolicy, CallClient, MemoryNetwork, TERMINAL_PEER_STATES, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalStreamRequest } from './context.js';
import { VideoCall } from './VideoCall.js';

/** Runs per test: 3 in CI, more with `CHAOS_RUNS` (see vitest.shared.ts). */
const RUNS = Number((import.meta as { env?: { CHAOS_RUNS?: string } }).env?.CHAOS_RUNS || 3);

/** Everyone who may take part; a run has the first three or all four. */
const PEOPLE = ['alice', 'bob', 'carol', 'dan'] as const;
type Who = (typeof PEOPLE)[number];
const jidOf = (who: Who): UserId => `${who}@example.test`;
type Click = 'call' | 'accept' | 'decline' | 'mic' | 'camera' | 'screen' | 'leave' | 'close' | 'pause';

/** Weighted so that calls usually get answered and then played with, and sometimes not. */
const CLICKS: ReadonlyArray<[Click, number]> = [
  ['call', 2],
  ['accept', 4],
  ['decline', 1],
  ['mic', 3],
  ['camera', 3],
  ['screen', 2],
  ['leave', 1],
  ['close', 1],
  ['pause', 3],
];

const clickArb = fc.record({
  /** Who clicks, as an index into the run's people (taken modulo their number). */
  who: fc.nat(PEOPLE.length - 1),
  click: fc.oneof(...CLICKS.map(([click, weight]) => ({ weight, arbitrary: fc.constant(click) }))),
  /** For `call`: whom, among the others in call order (the first of them if none is picked). */
  callees: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
});

type Step = { readonly who: number; readonly click: Click; readonly callees: readonly boolean[] };

/** The button a click presses, by its accessible name (labels flip with the state they show). */
const BUTTONS: Record<Exclude<Click, 'call' | 'pause'>, RegExp> = {
  accept: /^(Accept|End call and accept)$/,
  decline: /^Decline$/,
  mic: /^(Mute|Unmute)$/,
  camera: /^Turn (off|on) camera$/,
  screen: /^Share screen$/,
  leave: /^Leave call$/,
  close: /^Close$/,
};

const streams: SyntheticStream[] = [];

afterEach(() => {
  cleanup();
  for (const stream of streams.splice(0)) stream.stop();
  vi.restoreAllMocks();
});

async function run(size: 3 | 4, clicks: readonly Step[], busyPolicy: BusyPolicy): Promise<void> {
  const people = PEOPLE.slice(0, size);
  const errors: unknown[] = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => errors.push(args));
  const network = new MemoryNetwork({ latencyMs: 2, jitterMs: 8 });
  const clients = Object.fromEntries(
    people.map((who) => [who, new CallClient({ transport: network.createTransport(jidOf(who)), busyPolicy })]),
  ) as Record<Who, CallClient>;
  const views = Object.fromEntries(
    (Object.entries(clients) as [Who, CallClient][]).map(([who, client]) => {
      const getLocalStream = ({ video }: LocalStreamRequest) => {
        const source = createSyntheticStream({ label: who, video, volume: 0.01 });
        streams.push(source);
        return source.stream;
      };
      const { container } = render(
        <div data-who={who} style={{ width: 420, height: 280 }}>
          <CallProvider client={client}>
            <VideoCall getLocalStream={getLocalStream} onActionError={(error) => errors.push(error)} />
          </CallProvider>
        </div>,
      );
      const box = container.querySelector<HTMLElement>(`[data-who="${who}"]`)!;
      return [who, within(box)];
    }),
  ) as Record<Who, ReturnType<typeof within>>;

  try {
    for (const step of clicks) {
      const { click, callees } = step;
      const who = people[step.who % size]!;
      if (click === 'pause') {
        await new Promise((resolve) => setTimeout(resolve, 150));
        continue;
      }
      if (click === 'call') {
        const client = clients[who];
        // As in the UI: no new call while in one; calling back while a call rings here is fair game (glare).
        const inACall = [...client.sessions.values()].some(
          (session) => session.direction === 'outgoing' || session.state !== 'pending',
        );
        if (inACall) continue;
        const everyoneElse = people.filter((person) => person !== who);
        const picked = everyoneElse.filter((_, i) => callees[i]);
        const others = (picked.length > 0 ? picked : everyoneElse.slice(0, 1)).map(jidOf);
        const source = createSyntheticStream({ label: who, volume: 0.01 });
        streams.push(source);
        void client
          .createSession(others, 'video')
          .start({}, { stream: source.stream })
          .catch((error: unknown) => errors.push(error));
        continue;
      }
      const button = views[who].queryAllByRole('button', { name: BUTTONS[click] })[0];
      // Not on screen right now (no call, already ended…): this click misses, as a real one would.
      button?.click();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    // Settled: every screen agrees with its engine.
    for (const [who, client] of Object.entries(clients) as [Who, CallClient][]) {
      await expect
        .poll(
          () => {
            const session = [...client.sessions.values()].find((s) => s.state === 'active' || s.state === 'connecting');
            const mic = views[who].queryByRole('button', { name: BUTTONS.mic });
            if (!session) return mic === null ? 'no call, no controls' : 'controls without a call';
            // Connecting is settled only while someone is still being waited for (ringing, answer timeout 60 s).
            const waiting = session.opponents.some((user) => session.getPeerState(user) === 'wait');
            if (session.state !== 'active' && !waiting) return 'connecting';
            const tiles = (views[who].queryAllByRole('group') as HTMLElement[])
              .map((tile) => tile.getAttribute('data-user-id') ?? session.localUser)
              .filter((user) => user !== session.localUser)
              .sort();
            const inCall = session.opponents
              .filter((user) => !TERMINAL_PEER_STATES.has(session.getPeerState(user)))
              .sort();
            if (JSON.stringify(tiles) !== JSON.stringify(inCall)) return `tiles ${tiles} for ${inCall}`;
            const shown = {
              audioMuted: mic?.getAttribute('aria-pressed'),
              videoMuted: views[who].queryByRole('button', { name: BUTTONS.camera })?.getAttribute('aria-pressed'),
              screenSharing: views[who].queryByRole('button', { name: BUTTONS.screen })?.getAttribute('aria-pressed'),
            };
            const engine = session.localMedia;
            const expected = {
              audioMuted: String(engine.audioMuted),
              videoMuted: String(engine.videoMuted),
              screenSharing: String(engine.screenSharing),
            };
            return JSON.stringify(shown) === JSON.stringify(expected) ? 'agrees' : JSON.stringify({ shown, expected });
          },
          { timeout: 15_000, message: `${who}'s screen agrees with the engine` },
        )
        .toMatch(/^(agrees|no call, no controls)$/);
    }
    // Nobody dials into nothing: a callee the caller still waits for has the call ringing.
    const clientFor = (user: UserId) => clients[people.find((who) => jidOf(who) === user)!];
    const ringingIntoNothing = () =>
      Object.values(clients)
        .flatMap((client) => [...client.sessions.values()])
        .filter((session) => session.direction === 'outgoing' && session.state !== 'closed')
        .flatMap((session) =>
          session.opponents
            .filter((callee) => session.getPeerState(callee) === 'wait')
            .filter((callee) => clientFor(callee).getSession(session.id)?.state !== 'pending')
            .map(
              (callee) =>
                `${session.localUser} waits for ${callee}, who has ${
                  [...clientFor(callee).sessions.values()]
                    .map((other) => `${other.id === session.id ? 'it' : 'another call'} ${other.state}`)
                    .join(', ') || 'no call'
                }`,
            ),
        );
    await expect.poll(ringingIntoNothing, { timeout: 10_000 }).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    cleanup();
    for (const client of Object.values(clients)) await client.destroy();
    // Each run's synthetic sources (canvas timers, AudioContexts) go with it, or long runs slow to a crawl.
    for (const stream of streams.splice(0)) stream.stop();
  }
}

describe('<VideoCall> under random clicks', () => {
  it(
    'never throws or logs an error, and settles with each screen agreeing with its engine',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<3 | 4>(3, 4),
          fc.array(clickArb, { minLength: 8, maxLength: 36 }),
          // 'ring': a second call rings during a call ("End call and accept").
          fc.constantFrom<BusyPolicy>('reject', 'ring'),
          run,
        ),
        {
          numRuns: RUNS,
          endOnFailure: true,
        },
      );
    },
    RUNS * 40_000,
  );
});
