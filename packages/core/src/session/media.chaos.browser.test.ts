/**
 * Media chaos with real peer connections in Chromium: three people in a video call press the microphone,
 * camera and screen-share buttons in random orders — some presses awaited, some not (an impatient user) — over
 * a network that reorders signals. However the presses interleave, the call must settle on what each person
 * asked last: everyone sees everyone's mute, camera and sharing state, and sees the picture of everyone whose
 * camera is on or who shares a screen. Few runs (each is a real call), seeded by fast-check so a failure
 * prints what replays it.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { MediaState } from '../protocol/signal.js';
import { expectVideoFlowing, meshCall, trackResources, waitFor } from '../testing/harness.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { MeshcallError } from '../util/errors.js';
import type { CallSession } from './call-session.js';

/** Runs per test: 3 in CI, more with `CHAOS_RUNS` (see vitest.shared.ts). */
const RUNS = Number((import.meta as { env?: { CHAOS_RUNS?: string } }).env?.CHAOS_RUNS || 3);

const USERS = ['alice@example.test', 'bob@example.test', 'carol@example.test'];

type Press = 'mute' | 'unmute' | 'cameraOff' | 'cameraOn' | 'share' | 'stopSharing';

interface Step {
  readonly who: number;
  readonly press: Press;
  /** Wait for this press to finish before the next one (otherwise it runs on while the next comes). */
  readonly await: boolean;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  who: fc.nat(2),
  press: fc.constantFrom<Press>('mute', 'unmute', 'cameraOff', 'cameraOn', 'share', 'stopSharing'),
  await: fc.boolean(),
});

let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  resources = trackResources();
});

afterEach(() => {
  resources.restore();
});

function press(session: CallSession, button: Press): Promise<void> {
  switch (button) {
    case 'mute':
    case 'unmute':
      session.setAudioMuted(button === 'mute');
      return Promise.resolve();
    case 'cameraOff':
    case 'cameraOn':
      return session.setVideoMuted(button === 'cameraOff');
    case 'share':
      return session.startScreenShare();
    case 'stopSharing':
      return session.stopScreenShare();
  }
}

/** What a person looks like to the others before announcing anything: microphone and camera on. */
const NOT_ANNOUNCED = { audioMuted: false, videoMuted: false, screenSharing: false };

/** What the others should see of a person: the shared part of their local media state. */
function shown(media: MediaState): MediaState {
  return { audioMuted: media.audioMuted, videoMuted: media.videoMuted, screenSharing: media.screenSharing };
}

async function scenario(steps: readonly Step[]): Promise<void> {
  const network = new MemoryNetwork({ latencyMs: 3, jitterMs: 15 });
  const clients = USERS.map((user) => new CallClient({ transport: network.createTransport(user) }));
  try {
    const sessions = await meshCall(clients[0]!, clients.slice(1));
    const running: Promise<void>[] = [];
    const failures: unknown[] = [];
    for (const step of steps) {
      const done = press(sessions[step.who]!, step.press).catch((error: unknown) => {
        failures.push(error);
      });
      if (step.await) await done;
      else running.push(done);
    }
    await Promise.all(running);
    // A press may be refused only with a typed error (none is expected in a live call).
    expect(failures.filter((error) => !(error instanceof MeshcallError))).toEqual([]);
    expect(failures.map(String)).toEqual([]);

    // Everyone sees what each person asked last.
    for (const [i, viewer] of sessions.entries()) {
      for (const [j, person] of sessions.entries()) {
        if (i === j) continue;
        const expected = shown(person.localMedia);
        await waitFor(
          () =>
            JSON.stringify(shown({ ...NOT_ANNOUNCED, ...viewer.peers.get(USERS[j]!)?.media })) ===
            JSON.stringify(expected),
          `${USERS[i]} sees ${USERS[j]} as ${JSON.stringify(expected)}`,
        );
      }
    }
    // …and the picture of everyone whose camera is on or who shares a screen.
    for (const [j, person] of sessions.entries()) {
      const { videoMuted, screenSharing } = person.localMedia;
      if (videoMuted && !screenSharing) continue;
      for (const [i, viewer] of sessions.entries()) if (i !== j) await expectVideoFlowing(viewer, USERS[j]!);
    }
  } finally {
    for (const client of clients) await client.destroy();
  }
  await waitFor(() => resources.openPeerConnections() === 0, 'every connection closed');
  expect(resources.liveCaptureTracks()).toBe(0);
}

describe('media chaos', () => {
  it(
    'random mute, camera and screen presses in a 3-person call settle on what each asked last',
    async () => {
      await fc.assert(fc.asyncProperty(fc.array(stepArb, { minLength: 4, maxLength: 14 }), scenario), {
        numRuns: RUNS,
        endOnFailure: true,
      });
    },
    RUNS * 60_000,
  );
});
