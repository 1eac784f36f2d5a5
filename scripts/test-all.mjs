#!/usr/bin/env node
// `pnpm test`: every suite, in order of cost — lint, types, unit tests, then the real-browser and real-server
// suites — inside a loopback-only network namespace (see scripts/netns.mjs). Each Vitest run also writes a JSON
// report; the totals are printed at the end as "N passed, N failed". Exits non-zero if anything failed.
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForwardingSignals } from './run-child.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const GROUPS = ['lint', 'typecheck', 'unit', 'browser', 'xmpp', 'stories', 'package', 'e2e'];
const only = process.argv.slice(2); // e.g. `pnpm test browser xmpp` runs just those groups
const unknown = only.filter((group) => !GROUPS.includes(group));
if (unknown.length > 0) {
  console.error(`unknown test group: ${unknown.join(', ')} (groups: ${GROUPS.join(', ')})`);
  process.exit(2);
}

if (process.env.MESHCALL_NETNS !== '1' && process.env.MESHCALL_NO_NETNS !== '1') {
  const netns = [process.execPath, path.join(root, 'scripts/netns.mjs'), process.execPath, ...process.argv.slice(1)];
  process.exit((await runForwardingSignals(netns)).status);
}

const resultsDir = path.join(root, '.tmp/test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const packages = ['packages/core', 'packages/hooks', 'packages/ui', 'apps/demo'];
const vitestRuns = [
  ...packages.map((dir) => ({ group: 'unit', dir, config: 'vitest.config.ts' })),
  ...packages.map((dir) => ({ group: 'browser', dir, config: 'vitest.browser.config.ts' })),
  { group: 'browser', dir: 'packages/hooks', config: 'vitest.react18.config.ts' },
  { group: 'browser', dir: 'packages/ui', config: 'vitest.react18.config.ts' },
  { group: 'browser', dir: 'packages/ui', config: 'vitest.touch.config.ts' },
  ...packages.map((dir) => ({ group: 'xmpp', dir, config: 'vitest.xmpp.config.ts' })),
  ...packages.map((dir) => ({ group: 'xmpp', dir, config: 'vitest.xmpp-browser.config.ts' })),
  { group: 'stories', dir: '.', config: 'vitest.storybook.config.ts' },
];

const steps = [];
const wanted = (group) => only.length === 0 || only.includes(group);
if (wanted('lint'))
  steps.push({ name: 'lint (biome ci)', group: 'lint', cwd: root, argv: ['pnpm', 'exec', 'biome', 'ci', '.'] });
if (wanted('typecheck')) {
  steps.push({
    name: 'typecheck',
    group: 'typecheck',
    cwd: root,
    argv: ['pnpm', 'exec', 'turbo', 'run', 'typecheck', '--output-logs=errors-only'],
  });
  // The e2e suite and the Storybook config are not workspace packages: type-check them on their own.
  for (const project of ['e2e/tsconfig.json', '.storybook/tsconfig.json']) {
    if (!existsSync(path.join(root, project))) continue;
    steps.push({
      name: `typecheck ${project}`,
      group: 'typecheck',
      cwd: root,
      argv: ['pnpm', 'exec', 'tsc', '-p', project],
    });
  }
}
for (const run of vitestRuns) {
  const cwd = path.join(root, run.dir);
  if (!wanted(run.group) || !existsSync(path.join(cwd, run.config))) continue;
  const report = path.join(resultsDir, `${run.dir.replaceAll('/', '-')}-${run.config.replace(/\.ts$/, '')}.json`);
  steps.push({
    name: `${run.group}: ${run.dir === '.' ? 'storybook' : run.dir} (${run.config})`,
    group: run.group,
    cwd,
    report,
    argv: [
      'pnpm',
      'exec',
      'vitest',
      'run',
      '-c',
      run.config,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
  });
}
// What `npm publish` would ship, installed into an app outside the workspace: every other suite sees the sources.
if (wanted('package')) {
  steps.push({
    name: 'package: the packed packages in an app of their own',
    group: 'package',
    cwd: root,
    argv: [process.execPath, path.join(root, 'scripts/package-check/run.mjs')],
  });
}
if (wanted('e2e') && existsSync(path.join(root, 'playwright.config.ts'))) {
  const report = path.join(resultsDir, 'e2e.json');
  steps.push({
    name: 'e2e (playwright)',
    group: 'e2e',
    cwd: root,
    playwrightReport: report,
    argv: ['pnpm', 'exec', 'playwright', 'test'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: report, PLAYWRIGHT_REPORTERS: 'list,json' },
  });
}

let passed = 0;
let failed = 0;
const failures = [];
const failedTests = [];
const started = Date.now();
for (const step of steps) {
  console.log(`\n▶ ${step.name}`);
  const t0 = Date.now();
  const result = await runForwardingSignals(step.argv, { cwd: step.cwd, env: { ...process.env, ...step.env } });
  if (result.error) console.error(`✘ ${step.name}: could not run ${step.argv[0]}: ${result.error.message}`);
  const ok = result.status === 0 && result.stoppedBy === null;
  const counts = readCounts(step);
  passed += counts.passed;
  failed += counts.failed;
  failedTests.push(...counts.failedTests.map((test) => ({ step: step.name, ...test })));
  if (!ok) {
    failures.push(step.name);
    if (counts.failed === 0) failed += 1; // a step that failed outside any test (lint, types, crash)
  }
  console.log(`${ok ? '✔' : '✘'} ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // Stopped from outside (Ctrl-C, kill, a CI timeout): the run is over, not just this step.
  if (result.stoppedBy !== null) {
    console.log(`stopped by ${result.stoppedBy}`);
    process.exit(1);
  }
}

console.log(
  `\nmeshcall test suites: ${steps.length - failures.length}/${steps.length} steps green in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
if (failures.length) console.log(`failed steps: ${failures.join(', ')}`);
// Repeated at the end because CI logs are often read from the tail: which tests failed, and why.
for (const test of failedTests) {
  console.log(`✘ [${test.step}] ${test.name}`);
  const lines = test.message.split('\n').filter((line) => !/^\s*at .*(node_modules|node:internal)/.test(line));
  for (const line of lines.slice(0, 8)) console.log(`    ${line}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);

function readCounts(step) {
  const none = { passed: 0, failed: 0, failedTests: [] };
  try {
    if (step.report && existsSync(step.report)) {
      const json = JSON.parse(readFileSync(step.report, 'utf8'));
      const failedTests = (json.testResults ?? []).flatMap((file) =>
        (file.assertionResults ?? [])
          .filter((test) => test.status === 'failed')
          .map((test) => ({
            name: `${path.relative(root, file.name)} › ${test.fullName}`,
            message: stripAnsi(test.failureMessages?.join('\n') ?? ''),
          })),
      );
      return { passed: json.numPassedTests ?? 0, failed: json.numFailedTests ?? 0, failedTests };
    }
    if (step.playwrightReport && existsSync(step.playwrightReport)) {
      const report = JSON.parse(readFileSync(step.playwrightReport, 'utf8'));
      const stats = report.stats ?? {};
      return {
        passed: stats.expected ?? 0,
        failed: (stats.unexpected ?? 0) + (stats.flaky ?? 0),
        failedTests: playwrightFailures(report.suites ?? []),
      };
    }
  } catch {
    // an unreadable report counts as nothing; the step's exit code still decides
  }
  return none;
}

function playwrightFailures(suites) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? [])
      .filter((spec) => spec.ok === false)
      .map((spec) => ({
        name: `${spec.file} › ${spec.title}`,
        message: stripAnsi(
          (spec.tests ?? [])
            .flatMap((test) => test.results ?? [])
            .flatMap((result) => result.errors ?? [])
            .map((error) => error.message ?? '')
            .join('\n'),
        ),
      })),
    ...playwrightFailures(suite.suites ?? []),
  ]);
}

function stripAnsi(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes start with ESC
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}
