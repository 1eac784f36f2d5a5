#!/usr/bin/env node
/**
 * Bundle budget of meshcall: @meshcall/core + @meshcall/hooks + @meshcall/ui bundled the way an app's bundler
 * would (esbuild: bundle, minify, ESM, browser platform, code splitting, TypeScript sources through the
 * `source` condition), every output chunk gzipped. Left out, as DESIGN.md's budget defines it: react /
 * react-dom, and the XMPP client (xmpp.js: @xmpp/*, ltx), which an app whose chat already runs on xmpp.js has
 * anyway. zustand and everything else count. The CSS is a separate file and is reported separately.
 *
 * The figures, because they answer different questions:
 *
 * - `bundle_gz_bytes` — what a typical app ships: an entry that imports `CallClient` and `XmppTransport` from
 *   core, `CallProvider` from hooks and `<VideoCall>` from ui, and uses them, so tree-shaking drops what the
 *   app does not reach (MemoryNetwork, the standalone building blocks it does not import, …). This is the
 *   figure the 25 KB budget of DESIGN.md is about ("what meshcall adds to an app") and what `--check` tests.
 *   The packages declare no side effects (except ui's CSS and the opt-in `@meshcall/core/adapter`), so
 *   bundlers that honour `sideEffects` (Vite/Rollup, webpack, esbuild) drop the same unused code.
 * - `bundle_with_xmpp_gz_bytes` — the same typical app with xmpp.js (@xmpp/*) and ltx counted: what an app with no
 *   XMPP client of its own ships (they are dependencies of @meshcall/core, and `XmppTransport.connect` creates
 *   the client). The figure to compare with libraries that bring their own signaling (PeerJS, simple-peer…).
 * - `bundle_full_api_gz_bytes` — everything the three main entries export, all kept. An upper bound no real
 *   app reaches; it shows how much the public surface weighs and catches growth in rarely imported parts.
 *
 * All count lazily loaded chunks too (a dynamic `import()` is still code the user downloads). The opt-in
 * subpaths are in none of them: `@meshcall/core/adapter` (webrtc-adapter's shims, reported alone as
 * `adapter_gz_bytes`) and `@meshcall/core/testing` (test and Storybook helpers).
 *
 *   node scripts/bundle-size.mjs            prints the figures
 *   node scripts/bundle-size.mjs --check    also exits 1 when the typical app is above the budget
 *   node scripts/bundle-size.mjs --json     prints the result as JSON
 *   node scripts/bundle-size.mjs --top 15   lists the 15 biggest inputs of the typical app (minified bytes)
 *   node scripts/bundle-size.mjs --top 15 --full   the same for the full public API
 *
 * `import { measureBundle } from './scripts/bundle-size.mjs'` gives the same figures to the benchmarks.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The budget from DESIGN.md: core + hooks + ui, minified and gzipped, under 25 KB. */
export const BUNDLE_BUDGET_BYTES = 25 * 1024;

/** What an app brings itself and so is not counted. */
export const BUNDLE_EXTERNALS = [
  ...['react', 'react/*', 'react-dom', 'react-dom/*'],
  // xmpp.js: its modules and their own dependencies (the SASL mechanisms).
  ...['@xmpp/*', 'ltx', 'ltx/*', 'saslmechanisms', 'sasl-plain'],
];

/** For an app that has no XMPP client of its own: @meshcall/core's dependencies, xmpp.js and ltx, count too. */
const WITH_XMPP_EXTERNALS = ['react', 'react/*', 'react-dom', 'react-dom/*'];

/** esbuild is not a direct dependency: take the one tsup runs on. */
export async function loadEsbuild() {
  const fromTsup = createRequire(createRequire(path.join(root, 'package.json')).resolve('tsup/package.json'));
  return import(pathToFileURL(fromTsup.resolve('esbuild')).href);
}

/** Bundles `entry` with code splitting (as an app bundler would split a dynamic `import()`); write nothing. */
async function bundle(esbuild, entry, external) {
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: path.join(root, 'packages/ui'), loader: 'ts', sourcefile: 'entry.ts' },
    // esbuild reports paths relative to its working directory: make that the root, wherever we run from.
    absWorkingDir: root,
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir: path.join(root, '.tmp/bundle-size'),
    conditions: ['source'],
    external,
    // The CSS file is imported by apps separately; keep it out of the JS figure.
    loader: { '.css': 'empty' },
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    write: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const gz = (file) => gzipSync(file.contents, { level: 9 }).length;
  const outputs = result.metafile.outputs;
  const entryFile = result.outputFiles.find((file) => outputs[path.relative(root, file.path)]?.entryPoint);
  if (!entryFile) throw new Error('esbuild produced no entry chunk');
  // Eager: the entry chunk and every chunk it imports statically. Lazy: chunks reached only by import().
  const eager = new Set();
  const visit = (file) => {
    if (eager.has(file)) return;
    eager.add(file);
    for (const imported of outputs[file]?.imports ?? []) if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(path.relative(root, entryFile.path));
  let eagerGz = 0;
  let lazyGz = 0;
  let minified = 0;
  const inputs = new Map();
  for (const file of result.outputFiles) {
    const key = path.relative(root, file.path);
    if (!key.endsWith('.js')) continue;
    minified += file.contents.length;
    if (eager.has(key)) eagerGz += gz(file);
    else lazyGz += gz(file);
    for (const [input, info] of Object.entries(outputs[key]?.inputs ?? {})) {
      inputs.set(input, (inputs.get(input) ?? 0) + info.bytesInOutput);
    }
  }
  return { eagerGz, lazyGz, minified, inputs };
}

/** Each package's whole public API (its main entry), everything kept. */
const PUBLIC_API = {
  core: "export * from '@meshcall/core';",
  hooks: "export * from '@meshcall/hooks';",
  ui: "export * from '@meshcall/ui';",
};

/**
 * A typical app: sign in over XMPP, create the client, render the all-in-one call UI. Its own code is a few
 * hundred bytes; the rest is what meshcall costs it.
 */
export const TYPICAL_APP = `
import { CallClient, XmppTransport } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { VideoCall } from '@meshcall/ui';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

export async function startCalls(container, login) {
  const transport = await XmppTransport.connect(login);
  const client = new CallClient({ transport });
  createRoot(container).render(
    createElement(CallProvider, { client }, createElement(VideoCall, { ringtone: true })),
  );
  return client;
}
`;

/** The opt-in shims, alone: what `import '@meshcall/core/adapter'` adds. */
const ADAPTER = "import '@meshcall/core/adapter';";

/** Inputs with their minified bytes, biggest first, node_modules paths shortened to the package. */
function sortedInputs(inputs) {
  return [...inputs]
    .map(([file, bytes]) => ({ path: file.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''), bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

/**
 * Measures the typical app (`bundle_*`, checked against the budget) and the full public API
 * (`bundle_full_api_*`, with `packages_gz_bytes`: each package's API alone, the packages below it left out).
 * `*_gz_bytes` totals are eager + lazy chunks, each chunk gzipped.
 * @returns {Promise<{ bundle_gz_bytes: number, bundle_eager_gz_bytes: number, bundle_lazy_gz_bytes: number,
 *   bundle_min_bytes: number, bundle_with_xmpp_gz_bytes: number, bundle_full_api_gz_bytes: number, bundle_full_api_eager_gz_bytes: number,
 *   bundle_full_api_lazy_gz_bytes: number, bundle_full_api_min_bytes: number, adapter_gz_bytes: number,
 *   css_gz_bytes: number, budget_bytes: number, within_budget: boolean,
 *   packages_gz_bytes: { core: number, hooks: number, ui: number },
 *   inputs: Array<{ path: string, bytes: number }>, full_api_inputs: Array<{ path: string, bytes: number }> }>}
 */
export async function measureBundle() {
  const esbuild = await loadEsbuild();
  const app = await bundle(esbuild, TYPICAL_APP, BUNDLE_EXTERNALS);
  const withXmpp = await bundle(esbuild, TYPICAL_APP, WITH_XMPP_EXTERNALS);
  const all = await bundle(esbuild, Object.values(PUBLIC_API).join('\n'), BUNDLE_EXTERNALS);
  const adapter = await bundle(esbuild, ADAPTER, BUNDLE_EXTERNALS);
  const alone = async (name, below) => {
    const { eagerGz, lazyGz } = await bundle(esbuild, PUBLIC_API[name], [...BUNDLE_EXTERNALS, ...below]);
    return eagerGz + lazyGz;
  };
  const packages = {
    core: await alone('core', []),
    hooks: await alone('hooks', ['@meshcall/core']),
    ui: await alone('ui', ['@meshcall/core', '@meshcall/hooks']),
  };
  const css = await readFile(path.join(root, 'packages/ui/src/styles.css'));
  const total = app.eagerGz + app.lazyGz;
  return {
    bundle_gz_bytes: total,
    bundle_eager_gz_bytes: app.eagerGz,
    bundle_lazy_gz_bytes: app.lazyGz,
    bundle_min_bytes: app.minified,
    bundle_with_xmpp_gz_bytes: withXmpp.eagerGz + withXmpp.lazyGz,
    bundle_full_api_gz_bytes: all.eagerGz + all.lazyGz,
    bundle_full_api_eager_gz_bytes: all.eagerGz,
    bundle_full_api_lazy_gz_bytes: all.lazyGz,
    bundle_full_api_min_bytes: all.minified,
    adapter_gz_bytes: adapter.eagerGz + adapter.lazyGz,
    css_gz_bytes: gzipSync(css, { level: 9 }).length,
    budget_bytes: BUNDLE_BUDGET_BYTES,
    within_budget: total <= BUNDLE_BUDGET_BYTES,
    packages_gz_bytes: packages,
    inputs: sortedInputs(app.inputs),
    full_api_inputs: sortedInputs(all.inputs),
  };
}

/** Bytes of the biggest inputs, grouped by package (a workspace package counts as one). */
function byPackage(inputs) {
  const groups = new Map();
  for (const { path: file, bytes } of inputs) {
    const clean = file.replace(/^(\.\.\/)+/, '');
    const twoParts = clean.startsWith('@') || clean.startsWith('packages/') || clean.startsWith('apps/');
    const key = clean
      .split('/')
      .slice(0, twoParts ? 2 : 1)
      .join('/');
    groups.set(key, (groups.get(key) ?? 0) + bytes);
  }
  return [...groups].sort((a, b) => b[1] - a[1]);
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(argv) {
  const result = await measureBundle();
  const full = argv.includes('--full');
  if (argv.includes('--json')) {
    const { inputs, full_api_inputs, ...figures } = result;
    console.log(
      JSON.stringify({ ...figures, packages: Object.fromEntries(byPackage(full ? full_api_inputs : inputs)) }, null, 2),
    );
  } else {
    const lazy = (bytes) => (bytes > 0 ? `, ${kb(bytes)} of it loaded lazily by import()` : '');
    console.log(
      `typical app (CallClient + XmppTransport + CallProvider + VideoCall): ${kb(result.bundle_gz_bytes)} gzipped` +
        ` (${kb(result.bundle_min_bytes)} minified${lazy(result.bundle_lazy_gz_bytes)}), budget ${kb(result.budget_bytes)}`,
    );
    console.log(
      `  the same with xmpp.js and ltx (an app without an XMPP client of its own): ${kb(result.bundle_with_xmpp_gz_bytes)} gzipped`,
    );
    console.log(
      `full public API of core + hooks + ui: ${kb(result.bundle_full_api_gz_bytes)} gzipped` +
        ` (${kb(result.bundle_full_api_min_bytes)} minified${lazy(result.bundle_full_api_lazy_gz_bytes)})`,
    );
    const { core, hooks, ui } = result.packages_gz_bytes;
    console.log(`  each API alone, gzipped: core ${kb(core)} (with its deps), hooks ${kb(hooks)}, ui ${kb(ui)}`);
    console.log(
      `opt-in @meshcall/core/adapter (webrtc-adapter): ${kb(result.adapter_gz_bytes)} gzipped (in neither figure)`,
    );
    console.log(`styles.css: ${kb(result.css_gz_bytes)} gzipped (in neither figure)`);
    const inputs = full ? result.full_api_inputs : result.inputs;
    console.log(`minified bytes by package (${full ? 'full public API' : 'typical app'}):`);
    for (const [name, bytes] of byPackage(inputs)) console.log(`  ${kb(bytes).padStart(9)}  ${name}`);
    const topIndex = argv.indexOf('--top');
    if (topIndex >= 0) {
      const count = Number(argv[topIndex + 1] ?? 15) || 15;
      console.log(`biggest ${count} inputs:`);
      for (const input of inputs.slice(0, count)) console.log(`  ${kb(input.bytes).padStart(9)}  ${input.path}`);
    }
  }
  if (argv.includes('--check') && !result.within_budget) {
    console.error(`typical app over budget by ${kb(result.bundle_gz_bytes - result.budget_bytes)}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error);
      process.exit(2);
    },
  );
}
