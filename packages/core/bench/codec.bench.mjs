#!/usr/bin/env node
/**
 * Codec benchmark: stanza sizes per signal kind, encode and decode throughput (as objects and through XML
 * text, as a real connection does), and the worst-case decode time on hostile maximal stanzas.
 *
 * Uses the built package: `pnpm --filter @meshcall/core build && node packages/core/bench/codec.bench.mjs`.
 * Prints a table, plus one JSON line (prefixed `RESULT `) for scripts to collect.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

// MESHCALL_CORE_DIST points at another build output (a directory with index.js), e.g. a temporary one.
const entry = process.env.MESHCALL_CORE_DIST
  ? pathToFileURL(resolve(process.env.MESHCALL_CORE_DIST, 'index.js')).href
  : new URL('../dist/index.js', import.meta.url).href;
let core;
try {
  core = await import(entry);
} catch (error) {
  console.error('Build @meshcall/core first: pnpm --filter @meshcall/core build\n', error.message);
  process.exit(1);
}
const { meshcallCodec, parseStanza, SIGNAL_LIMITS } = core;

const CRLF = '\r\n';
/** A Chromium-like audio+video offer (~5 KB). */
function realisticSdp(type) {
  const lines = ['v=0', 'o=- 4611731400430051336 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1'];
  lines.push('a=extmap-allow-mixed', 'a=msid-semantic: WMS 3f1c2a');
  for (const [mid, media] of [
    [0, 'audio'],
    [1, 'video'],
  ]) {
    lines.push(`m=${media} 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126`, 'c=IN IP4 0.0.0.0', 'a=rtcp:9 IN IP4 0.0.0.0');
    lines.push('a=ice-ufrag:EsAw', 'a=ice-pwd:bP+XJMM09aR8AiX1jdukzR6Y', 'a=ice-options:trickle');
    lines.push(
      'a=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08',
    );
    lines.push(`a=setup:${type === 'offer' ? 'actpass' : 'active'}`, `a=mid:${mid}`, 'a=sendrecv', 'a=rtcp-mux');
    for (let pt = 96; pt < 126; pt++) {
      lines.push(`a=rtpmap:${pt} VP8/90000`, `a=rtcp-fb:${pt} goog-remb`, `a=rtcp-fb:${pt} transport-cc`);
      lines.push(`a=fmtp:${pt} level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f`);
    }
    lines.push(`a=ssrc:${1000 + mid} cname:4TOk42mSjXCkVIa6`, `a=ssrc:${1000 + mid} msid:3f1c2a track-${mid}`);
  }
  return lines.join(CRLF) + CRLF;
}

const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const signals = {
  call: {
    kind: 'call',
    sessionId: 'k3Jd9_x-2b7Q',
    callType: 'video',
    participants: [ALICE, BOB, 'carol@example.org', 'dave@example.org'],
    startedAt: 1_795_000_000_000,
    offer: { type: 'offer', sdp: realisticSdp('offer') },
    userInfo: { name: 'Alice Example', avatar: 'https://example.org/a.png' },
  },
  accept: {
    kind: 'accept',
    sessionId: 'k3Jd9_x-2b7Q',
    answer: { type: 'answer', sdp: realisticSdp('answer') },
    userInfo: {},
  },
  candidates: {
    kind: 'candidates',
    sessionId: 'k3Jd9_x-2b7Q',
    candidates: Array.from({ length: 8 }, (_, i) => ({
      candidate: `candidate:${842163049 + i} 1 udp ${2122260223 - i} 192.168.1.${20 + i} ${50000 + i} typ host generation 0 ufrag EsAw network-id 1`,
      sdpMid: String(i % 2),
      sdpMLineIndex: i % 2,
      usernameFragment: 'EsAw',
    })),
  },
  media: {
    kind: 'media',
    sessionId: 'k3Jd9_x-2b7Q',
    media: { audioMuted: true, videoMuted: false, screenSharing: false },
  },
  hangup: { kind: 'hangup', sessionId: 'k3Jd9_x-2b7Q', userInfo: {} },
};

/** Runs `fn` repeatedly for about `ms` milliseconds; returns operations per second. */
function opsPerSecond(fn, ms = 400) {
  for (let i = 0; i < 200; i++) fn(); // warm-up
  let count = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 50; i++) fn();
    count += 50;
    now = performance.now();
  }
  return Math.round((count * 1000) / (now - start));
}

const rows = [];
for (const [name, signal] of Object.entries(signals)) {
  const stanza = meshcallCodec.encode(signal, BOB);
  stanza.attrs.from = `${ALICE}/laptop`;
  const text = stanza.toString();
  const parsed = parseStanza(text);
  if (meshcallCodec.decode(parsed).type !== 'signal') throw new Error(`${name} does not round-trip`);
  rows.push({
    kind: name,
    bytes: Buffer.byteLength(text),
    'encode/s': opsPerSecond(() => meshcallCodec.encode(signal, BOB, { id: 'x' })),
    'decode/s': opsPerSecond(() => meshcallCodec.decode(parsed)),
    'text→signal/s': opsPerSecond(() => meshcallCodec.decode(parseStanza(text))),
  });
}

/** Worst cases a hostile peer can send: median and slowest of 20 runs after 3 warm-up runs (ms). */
function worst(stanza) {
  for (let i = 0; i < 3; i++) meshcallCodec.decode(stanza);
  const times = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    meshcallCodec.decode(stanza);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { medianMs: Number(times[10].toFixed(3)), maxMs: Number(times[19].toFixed(3)) };
}
const from = ` from="${ALICE}/x" type="headline"`;
const ns = 'xmlns="urn:meshcall:signal" v="1"';
const hostile = {
  'text at the size limit': parseStanza(
    `<message${from}><signal ${ns} kind="hangup" session="s">${'x'.repeat(SIGNAL_LIMITS.stanzaLength)}</signal></message>`,
  ),
  '40k empty children': parseStanza(
    `<message${from}><signal ${ns} kind="hangup" session="s">${'<a/>'.repeat(40_000)}</signal></message>`,
  ),
  'nesting 10k deep': parseStanza(
    `<message${from}><signal ${ns} kind="hangup" session="s">${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</signal></message>`,
  ),
  'maximal valid candidates': (() => {
    const s = meshcallCodec.encode(
      {
        kind: 'candidates',
        sessionId: 's',
        candidates: Array.from({ length: SIGNAL_LIMITS.candidatesPerSignal }, () => ({
          candidate: 'c'.repeat(SIGNAL_LIMITS.candidateLength),
          sdpMid: '0',
          sdpMLineIndex: 0,
          usernameFragment: null,
        })),
      },
      BOB,
    );
    s.attrs.from = `${ALICE}/x`;
    return parseStanza(s.toString());
  })(),
};
const worstCase = Object.fromEntries(Object.entries(hostile).map(([name, stanza]) => [name, worst(stanza)]));

console.table(rows);
console.table(worstCase);
console.log(`RESULT ${JSON.stringify({ bench: 'codec', rows, hostile: worstCase })}`);
