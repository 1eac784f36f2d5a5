#!/usr/bin/env node
// meshcall benchmarks. `pnpm bench` runs this inside the loopback-only network namespace:
//   node scripts/netns.mjs node bench/run.mjs [--runs N] [measurement ...]
// Each measurement is a module exporting `measure(ctx)`; add one to MEASUREMENTS below. Shared resources
// (the built bench page in Chromium, a Prosody on free ports) are created on first use and always released.
// Results are merged into bench/results.json (keys of measurements not run this time are kept).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_USERS, startProsody } from '../scripts/prosody/prosody.mjs';
import { launchChromium } from './lib/browser.mjs';
import { servePage } from './lib/page.mjs';

/**
 * @typedef {object} BenchContext
 * @property {number} runs  Measured runs per figure (medians are reported).
 * @property {(message: string) => void} log  Progress output (stderr).
 * @property {() => Promise<import('playwright-core').Page>} page  The bench page (bench/page) in Chromium.
 * @property {() => Promise<import('../scripts/prosody/prosody.d.mts').ProsodyServer>} prosody  A Prosody with the demo users.
 * @property {(cleanup: () => Promise<void> | void) => void} onCleanup  Registers a release step (run in reverse order).
 *
 * @typedef {object} Measurement
 * @property {Record<string, number>} results  Flat figures merged into results.json.
 * @property {{ title: string, columns: string[], rows: string[][] }} [table]  What to print.
 */

/** Measurement name → module with `measure(ctx): Promise<Measurement>`. */
const MEASUREMENTS = {
  bundle: () => import('./bundle.mjs'),
  'setup-times': () => import('./setup-times.mjs'),
};

const RESULTS_PATH = resolve(import.meta.dirname, 'results.json');

const { values, positionals } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, help: { type: 'boolean', default: false } },
  allowPositionals: true,
});
if (values.help) {
  console.log(`usage: node bench/run.mjs [--runs N] [${Object.keys(MEASUREMENTS).join(' | ')} ...]`);
  process.exit(0);
}
const runs = Number.parseInt(values.runs ?? '7', 10);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const selected = positionals.length > 0 ? positionals : Object.keys(MEASUREMENTS);
for (const name of selected) {
  if (!(name in MEASUREMENTS)) throw new Error(`unknown measurement "${name}" (known: ${Object.keys(MEASUREMENTS)})`);
}

/** @type {Array<() => Promise<void> | void>} */
const cleanups = [];
const once = (create) => {
  let promise;
  return () => {
    promise ??= create();
    return promise;
  };
};
const log = (message) => console.error(`[bench] ${message}`);

/** @type {BenchContext} */
const ctx = {
  runs,
  log,
  onCleanup: (cleanup) => cleanups.push(cleanup),
  prosody: once(async () => {
    const server = await startProsody({ users: DEMO_USERS });
    cleanups.push(() => server.stop());
    log(`Prosody ${server.wsUrl} (pid ${server.pid})`);
    return server;
  }),
  page: once(async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'meshcall-bench-page-'));
    cleanups.push(() => rm(outDir, { recursive: true, force: true }));
    const served = await servePage(outDir);
    cleanups.push(() => served.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') log(`page console: ${message.text()}`);
    });
    await page.goto(served.url);
    await page.waitForFunction(() => 'meshcallBench' in window, undefined, { timeout: 30_000 });
    log(`bench page ${served.url} in ${browser.version()}`);
    return page;
  }),
};

/** @type {Promise<void> | undefined} */
let releasing;
/** Runs the cleanups once; a second caller (a signal during the normal end) waits for that same run. */
function releaseAll() {
  releasing ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log(`cleanup failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  })();
  return releasing;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(signal, () => {
    void releaseAll().finally(() => process.exit(130));
  });
}

function printTable({ title, columns, rows }) {
  const widths = columns.map((column, i) => Math.max(column.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) => `| ${cells.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${title}\n`);
  console.log(line(columns));
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
  for (const row of rows) console.log(line(row));
}

let exitCode = 0;
const collected = {};
try {
  for (const name of selected) {
    log(`running ${name}`);
    const { measure } = await MEASUREMENTS[name]();
    const { results, table } = await measure(ctx);
    Object.assign(collected, results);
    if (table) printTable(table);
  }
} catch (error) {
  exitCode = 1;
  console.error(error);
} finally {
  await releaseAll();
}

if (Object.keys(collected).length > 0) {
  const previous = existsSync(RESULTS_PATH) ? JSON.parse(await readFile(RESULTS_PATH, 'utf8')) : {};
  // How many runs a figure is the median of is a figure of its measurement (e.g. `setup_runs`): a later run of
  // another measurement must not relabel it.
  const { runs: _oldRunsKey, ...kept } = previous;
  const merged = { ...kept, ...collected, generated_at: new Date().toISOString() };
  await writeFile(RESULTS_PATH, `${JSON.stringify(merged, null, 2)}\n`);
  console.log(`\nwrote ${RESULTS_PATH}`);
}
process.exit(exitCode);
