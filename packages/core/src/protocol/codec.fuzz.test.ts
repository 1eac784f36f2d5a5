/**
 * Fuzzing the decoder: well over 100k stanzas, mostly valid signals mutated at random (attributes, children,
 * text, names, namespaces, nesting, width, non-XML values, cycles), plus damaged XML text and random trees
 * from fast-check. The decoder must stay total (never throw), answer one of the three result shapes, only
 * ever produce signals that are valid and re-encodable, and take bounded time on every single stanza.
 *
 * Deterministic: fixed seeds everywhere, so a failure reproduces.
 */
import { Element } from '@xmpp/xml';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.js';
import { fullJidArb, senderOf, signalArb } from './arbitraries.js';
import { type DecodeResult, SignalError } from './codec.js';
import { SIGNAL_LIMITS } from './limits.js';
import { meshcallCodec } from './meshcall-codec.js';
import { checkSignal } from './validate.js';
import { MESHCALL_NS } from './wire.js';
import { parseStanza } from './xml.js';

/** Generous on purpose: the bound proves "cannot hang or go quadratic", not speed (see the benchmark). */
const MAX_MS_PER_STANZA = 50;
/** Slower single runs are repeated and the fastest counts: GC pauses are not the decoder's doing. */
const RETRY_ABOVE_MS = 5;

const HUGE = 'x'.repeat(SIGNAL_LIMITS.stanzaLength + 10);
const NAMES = [
  'message',
  'signal',
  'participant',
  'sdp',
  'user-info',
  'entry',
  'candidate',
  'delay',
  'x',
  'iq',
  'body',
  '__proto__',
  'constructor',
  'a',
];
const ATTRS = [
  'v',
  'kind',
  'session',
  'from',
  'to',
  'type',
  'xmlns',
  'mline',
  'mid',
  'ufrag',
  'jid',
  'key',
  'reason',
  'call-type',
  'started',
  'audio-muted',
  '__proto__',
  'constructor',
];
const VALUES: unknown[] = [
  '',
  '0',
  '1',
  '2',
  '-1',
  '63',
  '64',
  '1e3',
  'NaN',
  'true',
  'false',
  'call',
  'accept',
  'candidates',
  'media',
  'headline',
  'error',
  'chat',
  'offer',
  'answer',
  'audio',
  'video',
  'busy',
  'timeout',
  MESHCALL_NS,
  'urn:xmpp:delay',
  'alice@example.org',
  'alice@example.org/web',
  'Alice@Example.org',
  'bad jid',
  '@',
  'a@b@c',
  '\u0000',
  '\uD800',
  'v=0\n',
  'v=0\r\na=x\r\n',
  '&<>"\'',
  '😀'.repeat(300),
  'y'.repeat(1025),
  HUGE,
  7,
  null,
  undefined,
  {},
  [],
];
const TEXTS: unknown[] = [
  '',
  ' ',
  '\n',
  'v=0\n',
  'candidate:1 1 udp 1 127.0.0.1 9 typ host',
  '<not a tag>',
  '\u0001',
  '\uDC00',
  'z'.repeat(2000),
  HUGE,
];

type Node = Element;

function clone(node: Node): Node {
  const copy = new Element(node.name, { ...node.attrs });
  for (const child of node.children) copy.children.push(child instanceof Element ? clone(child) : child);
  for (const child of copy.children) if (child instanceof Element) child.parent = copy;
  return copy;
}

/** Every element of a finite tree, root first. */
function nodesOf(root: Node): Node[] {
  const out: Node[] = [];
  const stack = [root];
  while (stack.length > 0 && out.length < 5000) {
    const node = stack.pop()!;
    out.push(node);
    for (const child of node.children) if (child instanceof Element) stack.push(child);
  }
  return out;
}

function mutate(root: Node, random: () => number, corpus: readonly Node[]): { node: Node; cyclic: boolean } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const nodes = nodesOf(root);
  const target = pick(nodes);
  const attrs = target.attrs as Record<string, unknown>;
  let cyclic = false;
  const op = Math.floor(random() * 15);
  switch (op) {
    case 0: {
      const keys = Object.keys(attrs);
      if (keys.length > 0) delete attrs[pick(keys)];
      break;
    }
    case 1: {
      const keys = Object.keys(attrs);
      attrs[keys.length > 0 && random() < 0.7 ? pick(keys) : pick(ATTRS)] = pick(VALUES);
      break;
    }
    case 2:
      if (target.children.length > 0) target.children.splice(Math.floor(random() * target.children.length), 1);
      break;
    case 3:
      if (target.children.length > 0) {
        const child = pick(target.children);
        target.children.push(child instanceof Element ? clone(child) : child);
      }
      break;
    case 4: {
      const donor = pick(nodesOf(pick(corpus)));
      target.children.splice(Math.floor(random() * (target.children.length + 1)), 0, clone(donor));
      break;
    }
    case 5:
      target.children = [pick(TEXTS) as string];
      break;
    case 6: {
      // Deep nesting around the target's children.
      let inner = new Element(pick(NAMES), random() < 0.5 ? { xmlns: MESHCALL_NS } : {});
      inner.children = target.children;
      for (let depth = Math.floor(random() * 200); depth > 0; depth--) {
        const outer = new Element(pick(NAMES));
        outer.children = [inner];
        inner = outer;
      }
      target.children = [inner];
      break;
    }
    case 7:
      target.name = pick(NAMES);
      break;
    case 8:
      attrs.xmlns = pick([MESHCALL_NS, 'urn:xmpp:delay', 'jabber:client', '', undefined, 5]);
      break;
    case 9:
      // Not XML at all: what buggy in-process code could hand over.
      target.children.push(
        pick([null, undefined, 5, {}, [], Symbol('s'), { name: 'x', attrs: null, children: 3 }]) as string,
      );
      break;
    case 10: {
      // Wide: many empty children or text pieces.
      const count = random() < 0.03 ? 20_000 : Math.floor(random() * 300);
      const filler = random() < 0.5 ? '' : 'ab';
      for (let i = 0; i < count; i++)
        target.children.push(random() < 0.5 ? filler : new Element('entry', { key: `k${i}` }));
      break;
    }
    case 11:
      if (random() < 0.1) {
        target.children.push(root);
        cyclic = true;
      }
      break;
    case 12:
      root.children.push(new Element(pick(['delay', 'x', 'no-store', 'signal']), { xmlns: pick(VALUES) }));
      break;
    case 13: {
      // Replace the whole attribute object with something odd.
      const odd = pick([Object.create(null), { v: '1' }, { kind: ['call'] }, { length: 1e9 }]);
      (target as unknown as { attrs: unknown }).attrs = odd;
      break;
    }
    case 14: {
      const entries = Array.from({ length: Math.floor(random() * 40) }, (_, i) => [`k${i}`, pick(VALUES)] as const);
      Object.assign(attrs, Object.fromEntries(entries));
      break;
    }
  }
  return { node: root, cyclic };
}

/** Flips, drops and duplicates characters of a serialized stanza. */
function damageText(text: string, random: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(random() * 4);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * out.length);
    const len = Math.floor(random() * 12);
    const choice = random();
    if (choice < 0.33) out = out.slice(0, at) + out.slice(at + len);
    else if (choice < 0.66) out = out.slice(0, at) + '<>&"/= x\n'.charAt(Math.floor(random() * 9)) + out.slice(at);
    else out = out.slice(0, at) + out.slice(at, at + len) + out.slice(at);
  }
  return out;
}

/** Random XML trees (names, attributes and text from small pools plus arbitrary strings). */
const treeArb: fc.Arbitrary<Node> = fc
  .letrec<{ node: { name: string; attrs: Record<string, string>; children: unknown[] } }>((tie) => ({
    node: fc.record({
      name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 5 })),
      attrs: fc.dictionary(
        fc.oneof(fc.constantFrom(...ATTRS), fc.string({ maxLength: 5 })),
        fc.oneof(
          fc.constantFrom(...(VALUES.filter((v) => typeof v === 'string' && v.length < 100) as string[])),
          fc.string(),
        ),
        { maxKeys: 6 },
      ),
      children: fc.array(fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 40 }), tie('node')), { maxLength: 5 }),
    }),
  }))
  .node.map(function build(raw): Node {
    const el = new Element(raw.name, raw.attrs);
    for (const child of raw.children) {
      el.children.push(typeof child === 'string' ? child : build(child as typeof raw));
    }
    return el;
  })
  .map((body) => {
    const message = new Element('message', { from: 'alice@example.org/web', type: 'headline' });
    const signal = new Element('signal', { xmlns: MESHCALL_NS, v: '1', kind: 'hangup', session: 's' });
    signal.children.push(body);
    message.children.push(signal);
    return message;
  });

const CODES = new Set(['signal-malformed', 'signal-too-large', 'signal-unsupported-version', 'signal-stale']);

interface Stats {
  total: number;
  maxMs: number;
  outcomes: Map<string, number>;
}

/** Decodes once, timing it; a slow run is retried so one GC pause on a busy machine is not a failure. */
function timedDecode(stanza: unknown, stats: Stats): DecodeResult {
  let best = Number.POSITIVE_INFINITY;
  let result: DecodeResult | undefined;
  for (let attempt = 0; attempt < 3 && best > RETRY_ABOVE_MS; attempt++) {
    const start = performance.now();
    result = meshcallCodec.decode(stanza as Element);
    best = Math.min(best, performance.now() - start);
  }
  stats.total++;
  stats.maxMs = Math.max(stats.maxMs, best);
  return result!;
}

function check(result: DecodeResult, stats: Stats): void {
  const key = result.type === 'error' ? result.error.code : result.type;
  stats.outcomes.set(key, (stats.outcomes.get(key) ?? 0) + 1);
  if (result.type === 'error') {
    if (!(result.error instanceof SignalError) || !CODES.has(result.error.code)) {
      throw new Error(`unexpected error ${String(result.error)}`);
    }
  } else if (result.type === 'signal') {
    // Whatever the decoder lets through must be a valid signal that encodes and decodes to itself.
    if (checkSignal(result.signal) !== null) throw new Error(`invalid signal decoded: ${JSON.stringify(result)}`);
    if (stats.outcomes.get('signal')! % 8 === 0) {
      const again = meshcallCodec.encode(result.signal, 'bob@example.org', { id: 'again' });
      again.attrs.from = result.from;
      const back = meshcallCodec.decode(again);
      if (JSON.stringify(back) !== JSON.stringify(result)) {
        throw new Error(`re-encoding changed the signal: ${JSON.stringify(result)} → ${JSON.stringify(back)}`);
      }
    }
  } else if (result.type !== 'ignored') {
    throw new Error(`unknown result ${JSON.stringify(result)}`);
  }
}

describe('meshcall codec fuzzing', () => {
  const encoded = fc.sample(fc.tuple(signalArb, fullJidArb), { numRuns: 400, seed: 20261127 }).map(([signal, jid]) => {
    const stanza = meshcallCodec.encode(signal, 'bob@example.org');
    stanza.attrs.from = senderOf(signal, jid);
    return stanza;
  });

  it('decodes 100k+ mutated, damaged and random stanzas: total, well-typed, bounded time', () => {
    const stats: Stats = { total: 0, maxMs: 0, outcomes: new Map() };
    const random = seededRandom(0xc0ffee);

    // 1. Structural mutations of valid stanzas, decoded as objects and (a quarter of them) as re-parsed text.
    for (let i = 0; i < 52_000; i++) {
      let { node, cyclic } = { node: clone(encoded[i % encoded.length]!), cyclic: false };
      const rounds = 1 + Math.floor(random() * 3);
      for (let r = 0; r < rounds && !cyclic; r++) ({ node, cyclic } = mutate(node, random, encoded));
      check(timedDecode(node, stats), stats);
      if (!cyclic && i % 4 === 0) {
        let text: string | null = null;
        try {
          text = node.toString();
        } catch {
          // non-XML children can't be serialized; the object form was decoded above
        }
        if (text !== null && text.length < 1_000_000) {
          let parsed: Element | null = null;
          try {
            parsed = parseStanza(text);
          } catch {
            // not parseable XML: a server would have closed the stream
          }
          if (parsed) check(timedDecode(parsed, stats), stats);
        }
      }
    }

    // 2. Character-level damage to serialized stanzas.
    for (let i = 0; i < 22_000; i++) {
      const text = damageText(encoded[i % encoded.length]!.toString(), random);
      let parsed: Element | null = null;
      try {
        parsed = parseStanza(text);
      } catch {
        // ditto
      }
      check(timedDecode(parsed ?? text, stats), stats);
    }

    // 3. Random trees from fast-check inside a payload.
    for (const tree of fc.sample(treeArb, { numRuns: 14_000, seed: 7 })) check(timedDecode(tree, stats), stats);

    expect(stats.total).toBeGreaterThanOrEqual(100_000);
    expect(stats.maxMs).toBeLessThan(MAX_MS_PER_STANZA);
    // The fuzzer reached every outcome, so it exercised the decoder beyond its first checks.
    for (const outcome of ['signal', 'ignored', ...CODES]) expect(stats.outcomes.get(outcome) ?? 0).toBeGreaterThan(0);
  }, 180_000);
});
