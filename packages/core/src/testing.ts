/**
 * `@meshcall/core/testing` — helpers for tests, Storybook and offline demos, kept out of the main entry so an
 * app's bundle never carries them: a synthetic camera and microphone ({@link createSyntheticStream}) for
 * simulated participants, and a manually advanced clock ({@link ManualClock}) to drive meshcall's timers
 * (pass it as `CallClientConfig.clock`) in fast, deterministic tests. For call logic tested in Node without a
 * browser: {@link FakeRTCPeerConnection} (assign it to `globalThis.RTCPeerConnection`; no media flows, the
 * test moves each connection's state) and {@link FakeSessionMedia} (pass it through
 * `CallClientConfig.createMedia`). `MemoryNetwork`, the in-process transport, stays in the main entry: it is a
 * regular transport for offline demos too.
 * @packageDocumentation
 */
export { FakeSessionMedia } from './testing/fake-media.js';
export { connectPairedFakes, FakeRTCPeerConnection, fakeConnections } from './testing/fake-rtc.js';
export { ManualClock } from './testing/manual-clock.js';
export { seededRandom } from './testing/seeded-random.js';
export {
  createSyntheticStream,
  hueForLabel,
  type SyntheticStream,
  type SyntheticStreamOptions,
} from './testing/synthetic-media.js';
