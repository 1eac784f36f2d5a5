// Measurement "bundle": what meshcall adds to an app's JavaScript, minified and gzipped (esbuild, the same
// figures as `node scripts/bundle-size.mjs`). Deterministic: one build, `ctx.runs` does not apply. Needs no
// browser and no server.
//   bundle_gz_bytes           a typical app (CallClient + XmppTransport + CallProvider + VideoCall), tree-shaken;
//                             the figure the 25 KB budget is about
//   bundle_with_xmpp_gz_bytes the same app with @xmpp/client and ltx counted (an app without an XMPP client)
//   bundle_full_api_gz_bytes  everything the three main entries export, all kept (upper bound)
//   adapter_gz_bytes          the opt-in @meshcall/core/adapter (webrtc-adapter's shims), in neither figure
//   css_gz_bytes              @meshcall/ui/styles.css, in neither figure
import { measureBundle } from '../scripts/bundle-size.mjs';

/** @typedef {import('./run.mjs').BenchContext} BenchContext */

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * @param {BenchContext} ctx
 * @returns {Promise<import('./run.mjs').Measurement>}
 */
export async function measure(ctx) {
  ctx.log('bundle: bundling with esbuild');
  const figures = await measureBundle();
  const budget = figures.budget_bytes;
  const rows = [
    ['typical app (bundle_gz_bytes)', figures.bundle_gz_bytes, figures.bundle_min_bytes, figures.bundle_lazy_gz_bytes],
    ['  with @xmpp/client and ltx (bundle_with_xmpp_gz_bytes)', figures.bundle_with_xmpp_gz_bytes, null, null],
    [
      'full public API (bundle_full_api_gz_bytes)',
      figures.bundle_full_api_gz_bytes,
      figures.bundle_full_api_min_bytes,
      figures.bundle_full_api_lazy_gz_bytes,
    ],
    ['opt-in @meshcall/core/adapter (adapter_gz_bytes)', figures.adapter_gz_bytes, null, null],
    ['@meshcall/ui/styles.css (css_gz_bytes)', figures.css_gz_bytes, null, null],
  ].map(([what, gz, min, lazy]) => [
    what,
    kb(gz),
    min === null ? '' : kb(min),
    lazy === null ? '' : kb(lazy),
    what.startsWith('typical')
      ? `${kb(budget)} (${figures.within_budget ? 'within' : `over by ${kb(gz - budget)}`})`
      : '',
  ]);
  return {
    results: {
      bundle_gz_bytes: figures.bundle_gz_bytes,
      bundle_min_bytes: figures.bundle_min_bytes,
      bundle_with_xmpp_gz_bytes: figures.bundle_with_xmpp_gz_bytes,
      bundle_full_api_gz_bytes: figures.bundle_full_api_gz_bytes,
      bundle_full_api_min_bytes: figures.bundle_full_api_min_bytes,
      adapter_gz_bytes: figures.adapter_gz_bytes,
      css_gz_bytes: figures.css_gz_bytes,
      bundle_budget_bytes: budget,
    },
    table: {
      title: 'Bundle size: core + hooks + ui, minified + gzipped (react, react-dom, @xmpp/* excluded)',
      columns: ['what', 'gzipped', 'minified', 'of it lazy', 'budget'],
      rows,
    },
  };
}
