#!/usr/bin/env node
/**
 * Bundle budget of meshcall: the public API of @meshcall/core + @meshcall/hooks + @meshcall/ui bundled the way
 * an app's bundler would (esbuild: bundle, minify, ESM, browser platform, TypeScript sources through the
 * `source` condition), gzipped. Only the app's own copies of react / react-dom and the XMPP client
 * (@xmpp/*, ltx) are left out; zustand, webrtc-adapter and everything else count. The CSS is measured
 * separately (it is a separate file).
 *
 *   node scripts/bundle-size.mjs            prints the figures
 *   node scripts/bundle-size.mjs --check    also exits 1 above the budget
 *   node scripts/bundle-size.mjs --json     prints the result as JSON
 *   node scripts/bundle-size.mjs --top 15   lists the 15 biggest inputs (minified bytes in the bundle)
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
export const BUNDLE_EXTERNALS = ['react', 'react/*', 'react-dom', 'react-dom/*', '@xmpp/*', 'ltx', 'ltx/*'];

/** esbuild is not a direct dependency: take the one tsup runs on. */
async function loadEsbuild() {
  const fromTsup = createRequire(createRequire(path.join(root, 'package.json')).resolve('tsup/package.json'));
  return import(pathToFileURL(fromTsup.resolve('esbuild')).href);
}

/** Bundles `entry` with code splitting (as an app bundler would split a dynamic `import()`); write nothing. */
async function bundle(esbuild, entry, external) {
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: path.join(root, 'packages/ui'), loader: 'ts', sourcefile: 'entry.ts' },
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

const PUBLIC_API = {
  core: "export * from '@meshcall/core';",
  hooks: "export * from '@meshcall/hooks';",
  ui: "export * from '@meshcall/ui';",
};

/**
 * Bundles an entry that re-exports the whole public API of the three packages and measures it. The figure
 * that counts against the budget, `bundle_gz_bytes`, is every chunk (eager + lazily imported, e.g.
 * webrtc-adapter's shims), each gzipped. `packages_gz_bytes` measures each package alone, the packages
 * below it left out.
 * @returns {Promise<{ bundle_gz_bytes: number, eager_gz_bytes: number, lazy_gz_bytes: number,
 *   bundle_min_bytes: number, css_gz_bytes: number, budget_bytes: number, within_budget: boolean,
 *   packages_gz_bytes: { core: number, hooks: number, ui: number },
 *   inputs: Array<{ path: string, bytes: number }> }>}
 */
export async function measureBundle() {
  const esbuild = await loadEsbuild();
  const all = await bundle(esbuild, Object.values(PUBLIC_API).join('\n'), BUNDLE_EXTERNALS);
  const alone = async (name, below) => {
    const { eagerGz, lazyGz } = await bundle(esbuild, PUBLIC_API[name], [...BUNDLE_EXTERNALS, ...below]);
    return eagerGz + lazyGz;
  };
  const packages = {
    core: await alone('core', []),
    hooks: await alone('hooks', ['@meshcall/core']),
    ui: await alone('ui', ['@meshcall/core', '@meshcall/hooks']),
  };
  const inputs = [...all.inputs]
    .map(([file, bytes]) => ({ path: file.replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, ''), bytes }))
    .sort((a, b) => b.bytes - a.bytes);
  const css = await readFile(path.join(root, 'packages/ui/src/styles.css'));
  const total = all.eagerGz + all.lazyGz;
  return {
    bundle_gz_bytes: total,
    eager_gz_bytes: all.eagerGz,
    lazy_gz_bytes: all.lazyGz,
    bundle_min_bytes: all.minified,
    css_gz_bytes: gzipSync(css, { level: 9 }).length,
    budget_bytes: BUNDLE_BUDGET_BYTES,
    within_budget: total <= BUNDLE_BUDGET_BYTES,
    packages_gz_bytes: packages,
    inputs,
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
  if (argv.includes('--json')) {
    const { inputs, ...figures } = result;
    console.log(JSON.stringify({ ...figures, packages: Object.fromEntries(byPackage(inputs)) }, null, 2));
  } else {
    console.log(
      `core + hooks + ui: ${kb(result.bundle_gz_bytes)} gzipped (${kb(result.bundle_min_bytes)} minified), budget ${kb(result.budget_bytes)}`,
    );
    console.log(
      `  loaded at once: ${kb(result.eager_gz_bytes)}; loaded lazily by import(): ${kb(result.lazy_gz_bytes)}`,
    );
    const { core, hooks, ui } = result.packages_gz_bytes;
    console.log(`  each alone, gzipped: core ${kb(core)} (with its deps), hooks ${kb(hooks)}, ui ${kb(ui)}`);
    console.log(`styles.css: ${kb(result.css_gz_bytes)} gzipped (not in the figure above)`);
    console.log('minified bytes by package:');
    for (const [name, bytes] of byPackage(result.inputs)) console.log(`  ${kb(bytes).padStart(9)}  ${name}`);
    const topIndex = argv.indexOf('--top');
    if (topIndex >= 0) {
      const count = Number(argv[topIndex + 1] ?? 15) || 15;
      console.log(`biggest ${count} inputs:`);
      for (const input of result.inputs.slice(0, count)) console.log(`  ${kb(input.bytes).padStart(9)}  ${input.path}`);
    }
  }
  if (argv.includes('--check') && !result.within_budget) {
    console.error(`over budget by ${kb(result.bundle_gz_bytes - result.budget_bytes)}`);
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
