/**
 * `@meshcall/core/testing` — helpers for tests, Storybook and offline demos, kept out of the main entry so an
 * app's bundle never carries them: a synthetic camera and microphone ({@link createSyntheticStream}) for
 * simulated participants, and a manually advanced clock ({@link ManualClock}) to drive meshcall's timers
 * (pass it as `CallClientConfig.clock`) in fast, deterministic tests. `MemoryNetwork`, the in-process
 * transport, stays in the main entry: it is a regular transport for offline demos too.
 * @packageDocumentation
 */
export { ManualClock } from './testing/manual-clock.js';
export {
  createSyntheticStream,
  hueForLabel,
  type SyntheticStream,
  type SyntheticStreamOptions,
} from './testing/synthetic-media.js';
