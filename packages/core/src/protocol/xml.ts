/**
 * Defensive access to XML elements. Decoded stanzas come from the network (or, in tests and the in-memory
 * network, from arbitrary code), so nothing here trusts the shape of an element: names, attributes and
 * children are type-checked on every read, and every walk is bounded.
 */
import type { Element } from 'ltx';
import parse from 'ltx/lib/parse.js';
import { SIGNAL_LIMITS } from './limits.js';

/** The parts of an element the decoder reads, all untrusted. */
export interface UntrustedNode {
  readonly name: unknown;
  readonly attrs: unknown;
  readonly children: unknown;
}

/** Whether `value` looks like an ltx element (duck-typed: classes differ between ltx builds). */
export function isNode(value: unknown): value is UntrustedNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as UntrustedNode).name === 'string' &&
    typeof (value as UntrustedNode).attrs === 'object' &&
    (value as UntrustedNode).attrs !== null &&
    Array.isArray((value as UntrustedNode).children)
  );
}

/** An attribute's value if it is a string, `undefined` if absent, `null` if present with another type. */
export function attr(node: UntrustedNode, name: string): string | undefined | null {
  const attrs = node.attrs as Record<string, unknown>;
  if (!Object.hasOwn(attrs, name)) return undefined;
  const value = attrs[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

/** The children array (checked by {@link isNode}). */
export function childrenOf(node: UntrustedNode): readonly unknown[] {
  return node.children as readonly unknown[];
}

/**
 * Whether `node` is `<name xmlns="ns">`, or `<name>` inheriting `ns` when `inherited` is true. Only the
 * default-namespace form is recognised: senders never use prefixes, and resolving them would mean walking
 * parents that the decoder does not own.
 */
export function isElement(node: UntrustedNode, name: string, ns: string, inherited = false): boolean {
  if (node.name !== name) return false;
  const xmlns = attr(node, 'xmlns');
  return xmlns === ns || (inherited && xmlns === undefined);
}

/** The concatenated text children; `null` if the node has element (or other non-text) children. */
export function textOf(node: UntrustedNode): string | null {
  let text = '';
  for (const child of childrenOf(node)) {
    if (typeof child !== 'string') return null;
    text += child;
  }
  return text;
}

/** Upper bound of how many characters `value` takes once escaped (`&amp;` is the longest escape, 6). */
function escapedLength(value: string): number {
  let specials = 0;
  for (let i = value.indexOf('&'); i !== -1; i = value.indexOf('&', i + 1)) specials++;
  for (let i = value.indexOf('<'); i !== -1; i = value.indexOf('<', i + 1)) specials++;
  for (let i = value.indexOf('>'); i !== -1; i = value.indexOf('>', i + 1)) specials++;
  for (let i = value.indexOf('"'); i !== -1; i = value.indexOf('"', i + 1)) specials++;
  for (let i = value.indexOf("'"); i !== -1; i = value.indexOf("'", i + 1)) specials++;
  return value.length + 5 * specials;
}

/** The outcome of {@link measure}. */
export type Measure =
  | { readonly ok: true; readonly size: number }
  | { readonly ok: false; readonly reason: 'too-large' | 'too-deep' | 'not-xml' };

/**
 * Estimates the serialized size of `root` (an upper bound of `root.toString().length`), stopping as soon as
 * it passes `limit` characters or {@link SIGNAL_LIMITS.depth} levels, or meets a child that is neither a
 * string nor an element. Every node costs at least one unit, so the walk visits at most `limit` nodes
 * whatever the input: this is the decoder's guarantee of bounded work.
 */
export function measure(root: UntrustedNode, limit: number = SIGNAL_LIMITS.stanzaLength): Measure {
  // An element is charged its tags (`<name></name>`) when it is first seen, so a wide list of children stops
  // the walk as early as a long text does.
  let size = tagsLength(root);
  // Iterative walk with an explicit stack: no recursion, so no stack overflow on hostile nesting.
  const nodes: UntrustedNode[] = [root];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > SIGNAL_LIMITS.depth) return { ok: false, reason: 'too-deep' };
    const attrs = node.attrs as Record<string, unknown>;
    for (const key in attrs) {
      if (!Object.hasOwn(attrs, key)) continue;
      const value = attrs[key];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'string') return { ok: false, reason: 'not-xml' };
      size += key.length + 4 + escapedLength(value);
      if (size > limit) return { ok: false, reason: 'too-large' };
    }
    for (const child of childrenOf(node)) {
      if (typeof child === 'string') {
        size += 1 + escapedLength(child);
      } else if (isNode(child)) {
        size += tagsLength(child);
        nodes.push(child);
        depths.push(depth + 1);
      } else {
        return { ok: false, reason: 'not-xml' };
      }
      if (size > limit) return { ok: false, reason: 'too-large' };
    }
  }
  return { ok: true, size };
}

/** `<name></name>`: what an element costs before its attributes and content. */
function tagsLength(node: UntrustedNode): number {
  return 2 * (node.name as string).length + 5;
}

/**
 * Parses one XML document (such as a serialized stanza) into an element of the same class `@xmpp/xml` and
 * `@xmpp/client` use, so it can be handed to a codec's `decode`. Throws on malformed XML. For tests and the
 * in-memory network, which carry stanzas as text to exercise the same path as a real server.
 */
export function parseStanza(text: string): Element {
  return parse(text) as unknown as Element;
}
