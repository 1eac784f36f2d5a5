/**
 * Vitest setup for the Node-side suites: property-based tests (fast-check) draw from one fixed seed, so a run of
 * the suite is repeatable — the same commit passes or fails the same way on every machine, and CI never turns
 * red on a sequence nobody can replay. Exploring is a choice: `FC_SEED=random` draws a new seed each run
 * (fast-check prints it with any failure), `FC_SEED=<n>` replays one. `CHAOS_RUNS` still sets how many runs.
 */
import fc from 'fast-check';

/** The seed of a plain run; any fixed number would do. */
const REPEATABLE_SEED = 20_261_128;

const chosen = process.env.FC_SEED;
if (chosen !== 'random') {
  const seed = chosen ? Number(chosen) : REPEATABLE_SEED;
  if (!Number.isInteger(seed)) throw new Error(`FC_SEED must be an integer or "random", not "${chosen}"`);
  fc.configureGlobal({ seed });
}
