#!/usr/bin/env node
// @ts-check
/**
 * The packages as users get them. Every other suite runs the TypeScript sources inside the workspace; this one
 * checks what `npm publish` would ship, from outside it:
 *
 *   1. builds core, hooks and ui (tsup) and packs each one (`pnpm pack`, which applies `publishConfig`);
 *   2. reads each tarball: the files an app needs are there (dist, types, README, LICENSE, the CSS) and
 *      nothing else is (no tests, stories or sources), every `exports` target exists, the packages need each
 *      other as peers (one copy of each in an app), and the React packages' modules start with "use client"
 *      (for React Server Components, e.g. Next.js's App Router);
 *   3. installs the tarballs into an app of its own (`app/`, outside the workspace, offline from the pnpm
 *      store, with its own lockfile), next to React, TypeScript and Vite;
 *   4. type-checks that app as strictly as TypeScript allows (and again with Node's module resolution), with
 *      every TypeScript example of the READMEs in it: the examples must compile against the published types;
 *   5. bundles it with esbuild as webpack and Next.js would (no Node built-in may be imported), and an app that
 *      does not connect over XMPP without xmpp.js's connection code;
 *   6. builds it with Vite and runs it in Chromium against a real Prosody: two people in one page, Alice calls,
 *      Bob accepts in `<VideoCall>`, both see the other's video, Alice leaves and Bob sees the end screen.
 *
 *   node scripts/package-check/run.mjs                 the check (part of `pnpm test`, group `package`)
 *   node scripts/package-check/run.mjs --update-lock   after a dependency of a package changed: re-resolve
 *                                                      the app's lockfile (offline) and save it
 *
 * A README example that needs names from around it says so in an HTML comment right above it:
 *   <!-- typecheck-context: declare const client: import('@meshcall/core').CallClient; -->
 * The comment's text is put at the top of the example's file; nothing else is added.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadEsbuild } from '../bundle-size.mjs';
import { chromiumLaunchOptions } from '../chromium.mjs';
import { DEMO_USERS, DOMAIN, freePort, startProsody, stopPid } from '../prosody/prosody.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const work = path.join(root, '.tmp/package-check');
const appDir = path.join(work, 'app');
const PACKAGES = ['core', 'hooks', 'ui'];
/** Packages that run only in the browser: React Server Components must see them as client modules. */
const CLIENT_ONLY = new Set(['hooks', 'ui']);
const READMES = ['README.md', ...PACKAGES.map((name) => `packages/${name}/README.md`)];
/** What a tarball may hold besides these: nothing. */
const ALLOWED_FILE = /^(package\.json|README\.md|LICENSE|dist\/[^/]+\.(js|js\.map|d\.ts)|src\/styles\.css)$/;
const STEP_TIMEOUT_MS = 30_000;

const updateLock = process.argv.includes('--update-lock');
const problems = [];
const log = (message) => console.log(`[package-check] ${message}`);
const problem = (message) => {
  problems.push(message);
  console.error(`[package-check] ✘ ${message}`);
};

/** Runs a command to completion; returns its output, or throws with it. */
function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error) throw new Error(`${command} ${args.join(' ')}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}\n${result.stdout}${result.stderr}`);
  }
  return result.stdout;
}

async function buildAndPack() {
  run('pnpm', ['--filter', './packages/*', 'run', 'build'], { cwd: root });
  const tarballs = path.join(work, 'tarballs');
  await mkdir(tarballs, { recursive: true });
  for (const name of PACKAGES) {
    run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: path.join(root, 'packages', name) });
    const [tarball] = (await readdir(tarballs)).filter((file) => file.startsWith(`meshcall-${name}-`));
    if (!tarball) throw new Error(`pnpm pack made no tarball for @meshcall/${name}`);
    const into = path.join(work, 'packed', name);
    await mkdir(into, { recursive: true });
    run('tar', ['xzf', path.join(tarballs, tarball), '-C', into, '--strip-components=1']);
  }
}

/** Every path an `exports` map points to, whatever the conditions. */
function exportTargets(exports) {
  if (typeof exports === 'string') return [exports];
  if (exports === null || typeof exports !== 'object') return [];
  return Object.values(exports).flatMap(exportTargets);
}

function conditionsOf(exports) {
  if (exports === null || typeof exports !== 'object') return [];
  return Object.entries(exports).flatMap(([key, value]) => [key, ...conditionsOf(value)]);
}

async function listFiles(dir, prefix = '') {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await listFiles(path.join(dir, entry.name), relative)));
    else files.push(relative);
  }
  return files;
}

async function inspectTarballs() {
  const license = await readFile(path.join(root, 'LICENSE'), 'utf8');
  for (const name of PACKAGES) {
    const dir = path.join(work, 'packed', name);
    const files = await listFiles(dir);
    const manifest = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
    const what = `@meshcall/${name}`;
    for (const file of files.filter((file) => !ALLOWED_FILE.test(file))) problem(`${what} ships ${file}`);
    for (const needed of ['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
      if (!files.includes(needed)) problem(`${what} lacks ${needed}`);
    }
    if (files.includes('LICENSE') && (await readFile(path.join(dir, 'LICENSE'), 'utf8')) !== license) {
      problem(`${what}'s LICENSE differs from the repository's`);
    }
    for (const target of exportTargets(manifest.exports)) {
      if (!files.includes(target.replace(/^\.\//, ''))) problem(`${what} exports ${target}, which it does not ship`);
    }
    if (conditionsOf(manifest.exports).includes('source')) {
      problem(`${what} publishes the \`source\` condition (it points at TypeScript sources it does not ship)`);
    }
    for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
        if (String(range).startsWith('workspace:')) problem(`${what} depends on ${dependency}@${range}`);
        // One copy of each in an app: hooks and ui share the provider's React context and core's classes, and
        // a copy of their own (a pinned version the app's differs from) would see no <CallProvider> at all.
        if (dependency.startsWith('@meshcall/') && (field !== 'peerDependencies' || !String(range).startsWith('^'))) {
          problem(`${what} has ${dependency}@${range} in ${field}: a sibling must be a peer with a caret range`);
        }
      }
    }
    if (CLIENT_ONLY.has(name)) {
      for (const file of files.filter((file) => /^dist\/.*\.js$/.test(file))) {
        const code = await readFile(path.join(dir, file), 'utf8');
        if (!/^(['"])use client\1;/.test(code)) problem(`${what}'s ${file} does not start with "use client"`);
      }
    }
    log(`${what}: ${files.length} files, ${files.filter((file) => file.startsWith('dist/')).length} in dist`);
  }
}

/** `name@version` keys of a pnpm lockfile's `packages` sections. */
async function lockedPackages(lockfile) {
  const text = await readFile(lockfile, 'utf8');
  const keys = new Set();
  for (const section of text.split(/\n(?=\S)/).filter((block) => block.startsWith('packages:'))) {
    for (const match of section.matchAll(/^ {2}(\S.*):$/gm)) keys.add(match[1].replace(/^'|'$/g, ''));
  }
  return keys;
}

async function installApp() {
  await cp(path.join(here, 'app'), appDir, { recursive: true });
  const lockfile = path.join(appDir, 'pnpm-lock.yaml');
  if (updateLock) {
    await rm(lockfile, { force: true });
    run('pnpm', ['install', '--offline'], { cwd: appDir });
    await cp(lockfile, path.join(here, 'app', 'pnpm-lock.yaml'));
    log('saved scripts/package-check/app/pnpm-lock.yaml');
  } else {
    try {
      run('pnpm', ['install', '--offline', '--frozen-lockfile'], { cwd: appDir });
    } catch (error) {
      throw new Error(
        `installing the packed packages failed; if a package's dependencies changed, run \`node scripts/package-check/run.mjs --update-lock\`\n${error instanceof Error ? error.message : error}`,
      );
    }
  }
  // The run inside `pnpm test` is offline: the app may only use what the workspace's install put in the store.
  const workspace = await lockedPackages(path.join(root, 'pnpm-lock.yaml'));
  for (const key of await lockedPackages(lockfile)) {
    if (!key.startsWith('@meshcall/') && !workspace.has(key)) {
      problem(`the app's lockfile uses ${key}, which the workspace's lockfile does not (an offline install fails)`);
    }
  }
}

/** Writes each TypeScript example of the READMEs into the app as a module of its own. */
async function extractReadmeExamples() {
  const into = path.join(appDir, 'src/readme');
  await mkdir(into, { recursive: true });
  let count = 0;
  for (const readme of READMES) {
    const text = await readFile(path.join(root, readme), 'utf8');
    const block = /(?:<!-- typecheck-context:([\s\S]*?)-->\n)?```(tsx?)\n([\s\S]*?)^```$/gm;
    for (const match of text.matchAll(block)) {
      const [, context = '', extension, code] = match;
      const line = text.slice(0, match.index).split('\n').length + (context ? context.split('\n').length : 0);
      const file = `${readme.replaceAll('/', '_').replace(/\.md$/, '')}_line${line}.${extension}`;
      // `export {}` makes every example a module, so two examples may declare the same names.
      await writeFile(path.join(into, file), `// ${readme}:${line}\n${context.trim()}\n${code}\nexport {};\n`);
      count += 1;
    }
  }
  log(`${count} README examples to type-check`);
}

function typecheck() {
  const tsc = path.join(appDir, 'node_modules/typescript/bin/tsc');
  for (const project of ['tsconfig.json', 'tsconfig.node16.json']) {
    const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: appDir, encoding: 'utf8' });
    if (result.status === 0) log(`types: ${project} clean`);
    else problem(`type errors with ${project}:\n${result.stdout}${result.stderr}`);
  }
}

async function waitFor(what, predicate, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Builds the app and makes a call in it, in Chromium, through Prosody. */
/**
 * Bundles the app with esbuild for the browser, every dependency in and no Node built-in to fall back on: what
 * webpack 5, Next.js and esbuild itself do. They fail on an import of `node:*` that Vite only warns about
 * (xmpp.js's server discovery imports `node:dns`; meshcall must not load it).
 */
async function bundleStrictly() {
  const esbuild = await loadEsbuild();
  const result = await esbuild
    .build({
      entryPoints: [path.join(appDir, 'src/main.tsx')],
      absWorkingDir: appDir,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      loader: { '.css': 'empty' },
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      logLevel: 'silent',
    })
    .catch((error) => error);
  for (const message of result.errors ?? [])
    problem(`esbuild: ${message.text}${message.location ? ` (${message.location.file})` : ''}`);
  const code = result.outputFiles?.[0]?.text ?? '';
  for (const match of code.matchAll(/\bfrom\s*["'](node:[^"']+)["']|\bimport\(\s*["'](node:[^"']+)["']/g)) {
    problem(`the browser bundle imports ${match[1] ?? match[2]}`);
  }
  if (result.outputFiles) log(`esbuild bundles the app for the browser (${(code.length / 1024).toFixed(0)} KB)`);
}

/** xmpp.js's connection code: what only `XmppTransport.connect` needs. */
const XMPP_CONNECTION =
  /node_modules\/(@xmpp\/(client-core|connection|websocket|sasl|stream-management|reconnect)|saslmechanisms)\//;

/**
 * An app whose calls never go over `XmppTransport.connect` (MemoryNetwork in a demo, or its own transport) ships
 * none of xmpp.js's connection code: bundled from the packed packages with tree-shaking, as an app's bundler would.
 */
async function bundleWithoutXmpp() {
  const esbuild = await loadEsbuild();
  const result = await esbuild.build({
    stdin: {
      contents: [
        "import { CallClient, MemoryNetwork } from '@meshcall/core';",
        "import { CallProvider, useCallSession } from '@meshcall/hooks';",
        "export const client = new CallClient({ transport: new MemoryNetwork().createTransport('alice@example.org') });",
        'export { CallProvider, useCallSession };',
      ].join('\n'),
      resolveDir: appDir,
    },
    absWorkingDir: appDir,
    bundle: true,
    minify: true,
    splitting: true,
    outdir: path.join(work, 'without-xmpp'),
    platform: 'browser',
    format: 'esm',
    external: ['react', 'react/*'],
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // What the app can load: its entry chunk and every chunk it imports, statically or by import(). esbuild also
  // writes a chunk for an import() that tree-shaking dropped, which nothing loads (Rollup writes none).
  const { outputs } = result.metafile;
  const loadable = new Set();
  const visit = (file) => {
    if (loadable.has(file)) return;
    loadable.add(file);
    for (const imported of outputs[file]?.imports ?? []) visit(imported.path);
  };
  // (Every import() target is an entry point to esbuild: start from the app's own, stdin.)
  for (const [file, output] of Object.entries(outputs)) if (output.entryPoint === '<stdin>') visit(file);
  const kept = [...loadable].flatMap((file) =>
    Object.keys(outputs[file]?.inputs ?? {}).filter((input) => XMPP_CONNECTION.test(input)),
  );
  for (const input of kept) problem(`an app without XmppTransport still bundles ${input}`);
  if (kept.length === 0) log('an app without XmppTransport bundles none of xmpp.js');
}

async function runCall() {
  const vite = path.join(appDir, 'node_modules/vite/bin/vite.js');
  run(process.execPath, [vite, 'build', '--logLevel', 'error'], { cwd: appDir });
  const prosody = await startProsody({ users: DEMO_USERS.filter((user) => ['alice', 'bob'].includes(user.username)) });
  const port = await freePort();
  const preview = spawn(
    process.execPath,
    [vite, 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { cwd: appDir, stdio: 'ignore' },
  );
  // If this process ends first (an error, a signal: see the handlers at the bottom), the server goes with it;
  // Prosody has such a hook of its own.
  const killPreview = () => {
    if (preview.exitCode === null && preview.signalCode === null) preview.kill('SIGKILL');
  };
  process.once('exit', killPreview);
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  try {
    browser = await chromium.launch(chromiumLaunchOptions);
    const url = `http://127.0.0.1:${port}/?service=${encodeURIComponent(prosody.wsUrl)}&domain=${DOMAIN}`;
    await waitFor('vite preview', () =>
      fetch(url).then(
        (response) => response.ok,
        () => false,
      ),
    );
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForSelector('body[data-ready], body[data-failed]', { timeout: STEP_TIMEOUT_MS });
    const failed = await page.getAttribute('body', 'data-failed');
    if (failed) throw new Error(`the app could not sign in: ${failed}`);
    const alice = page.locator('section[data-person="alice"]');
    const bob = page.locator('section[data-person="bob"]');
    await alice.getByRole('button', { name: `Call bob@${DOMAIN}` }).click();
    await bob.getByRole('button', { name: 'Accept', exact: true }).click({ timeout: STEP_TIMEOUT_MS });
    // Each side's tile of the other: a picture, and frames still arriving.
    for (const [viewer, other] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ]) {
      const video = viewer.locator(`[data-user-id="${other}@${DOMAIN}"] video`);
      const frames = () =>
        video.evaluate((element) =>
          element instanceof HTMLVideoElement && element.videoWidth > 0
            ? element.getVideoPlaybackQuality().totalVideoFrames
            : 0,
        );
      await video.waitFor({ timeout: STEP_TIMEOUT_MS });
      await waitFor(`${other}'s video`, async () => (await frames()) > 0);
      const before = await frames();
      await waitFor(`${other}'s video to keep playing`, async () => (await frames()) >= before + 10);
      log(`call: ${other}'s video plays on the other side`);
    }
    await alice.getByRole('button', { name: 'Leave call' }).click();
    await bob.getByRole('button', { name: 'Close' }).waitFor({ timeout: STEP_TIMEOUT_MS });
    log('call: Alice left, Bob sees the end screen');
    if (errors.length > 0) problem(`the page threw: ${errors.join('; ')}`);
  } finally {
    await browser?.close();
    if (preview.pid !== undefined) await stopPid(preview.pid);
    process.off('exit', killPreview);
    await prosody.stop();
  }
}

async function main() {
  const started = Date.now();
  await rm(work, { recursive: true, force: true });
  await buildAndPack();
  await inspectTarballs();
  await installApp();
  await extractReadmeExamples();
  typecheck();
  await bundleStrictly();
  await bundleWithoutXmpp();
  if (!updateLock) await runCall();
  if (problems.length > 0) {
    console.error(`[package-check] ${problems.length} problem(s); the packed app is kept in ${work}`);
    process.exit(1);
  }
  await rm(work, { recursive: true, force: true });
  log(`the packed packages work (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

// A signal (Ctrl-C, a CI timeout passed on by scripts/run-child.mjs) ends the run through `exit`, so the
// servers' exit hooks run: a process killed by a signal it does not handle runs none.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.once(signal, () => process.exit(130));

main().catch((error) => {
  console.error(`[package-check] ✘ ${error instanceof Error ? error.message : error}`);
  console.error(`[package-check] the packed app is kept in ${work}`);
  process.exit(1);
});
