// Measurement "setup-times": real calls in Chromium (real RTCPeerConnections, fake camera) signaled over the
// in-page MemoryNetwork and through a real Prosody. Medians over `ctx.runs` runs after one warm-up.
//   setup_1to1_ms      start() → both sides `connected`, 1:1 video call
//   setup_mesh4_ms     last accept() → all 6 links connected, 4-person video mesh
//   stanzas_1to1       signals sent by both sides for a whole 1:1 call (start → hang-up → both closed)
//   bytes_1to1         their UTF-8 size as serialized by the sender
//   largest_stanza_bytes  the largest of them (an SDP offer)
// Keys without prefix are the Prosody figures; `memory_*` are the same over MemoryNetwork.
import { round1, summary } from './lib/stats.mjs';

/** @typedef {import('./run.mjs').BenchContext} BenchContext */

/**
 * @param {BenchContext} ctx
 * @returns {Promise<import('./run.mjs').Measurement>}
 */
export async function measure(ctx) {
  const page = await ctx.page();
  const prosody = await ctx.prosody();
  const modes = [
    { label: 'memory', prefix: 'memory_', mode: { kind: 'memory' } },
    { label: 'prosody', prefix: '', mode: { kind: 'xmpp', wsUrl: prosody.wsUrl } },
  ];
  /** @type {Record<string, number>} */
  const results = { setup_runs: ctx.runs };
  /** @type {Record<string, Record<string, { median: number, min: number, max: number }>>} */
  const figures = {};
  for (const { label, prefix, mode } of modes) {
    ctx.log(`setup-times: ${label}: warm-up`);
    await page.evaluate((m) => window.meshcallBench.call1to1(m), mode);
    await page.evaluate((m) => window.meshcallBench.mesh4(m), mode);
    const calls = [];
    for (let run = 1; run <= ctx.runs; run++) {
      calls.push(await page.evaluate((m) => window.meshcallBench.call1to1(m), mode));
      ctx.log(`setup-times: ${label}: 1:1 run ${run}/${ctx.runs}: ${round1(calls.at(-1).setupMs)} ms`);
    }
    const meshes = [];
    for (let run = 1; run <= ctx.runs; run++) {
      meshes.push(await page.evaluate((m) => window.meshcallBench.mesh4(m), mode));
      ctx.log(`setup-times: ${label}: mesh run ${run}/${ctx.runs}: ${round1(meshes.at(-1).setupMs)} ms`);
    }
    if (mode.kind === 'xmpp') await page.evaluate(() => window.meshcallBench.disconnect());
    const f = {
      setup_1to1_ms: summary(calls.map((c) => c.setupMs)),
      setup_mesh4_ms: summary(meshes.map((m) => m.setupMs)),
      stanzas_1to1: summary(calls.map((c) => c.stanzas)),
      bytes_1to1: summary(calls.map((c) => c.bytes)),
      largest_stanza_bytes: summary(calls.map((c) => c.largestStanzaBytes)),
      stanzas_mesh4: summary(meshes.map((m) => m.stanzas)),
    };
    figures[label] = f;
    for (const [key, value] of Object.entries(f)) {
      results[`${prefix}${key}`] = key.endsWith('_ms') ? round1(value.median) : Math.round(value.median);
    }
  }
  const cells = (key) => {
    const unit = key.endsWith('_ms') ? ' ms' : '';
    return ['memory', 'prosody'].map((label) => {
      const { median, min, max } = figures[label][key];
      const r = key.endsWith('_ms') ? round1 : Math.round;
      return `${r(median)}${unit} (${r(min)}–${r(max)})`;
    });
  };
  return {
    results,
    table: {
      title: `Call setup and signaling cost, median (min–max) of ${ctx.runs} runs`,
      columns: ['figure', 'MemoryNetwork', 'Prosody (WebSocket)'],
      rows: [
        ['1:1 start → both connected', ...cells('setup_1to1_ms')],
        ['4-mesh last accept → 6 links connected', ...cells('setup_mesh4_ms')],
        ['stanzas per 1:1 call', ...cells('stanzas_1to1')],
        ['bytes per 1:1 call', ...cells('bytes_1to1')],
        ['largest stanza (bytes)', ...cells('largest_stanza_bytes')],
        ['stanzas per 4-mesh call', ...cells('stanzas_mesh4')],
      ],
    },
  };
}
