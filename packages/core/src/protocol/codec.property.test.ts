import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJidArb, senderOf, signalArb } from './arbitraries.js';
import { meshcallCodec } from './meshcall-codec.js';
import type { Signal } from './signal.js';
import { parseStanza } from './xml.js';

/** What a receiver gets: the stanza serialized, stamped with `from` by the server, and parsed again. */
function overTheWire(
  signal: Signal,
  to: string,
  from: string,
): { text: string; received: ReturnType<typeof parseStanza> } {
  const stanza = meshcallCodec.encode(signal, to, { id: 'fixed-id' });
  const text = stanza.toString();
  stanza.attrs.from = from;
  return { text, received: parseStanza(stanza.toString()) };
}

describe('meshcall codec properties', () => {
  it('round-trips every valid signal through encode → XML text → parse → decode', () => {
    fc.assert(
      fc.property(signalArb, fullJidArb, fullJidArb, (signal, to, otherSender) => {
        const from = senderOf(signal, otherSender);
        const { received } = overTheWire(signal, to, from);
        const result = meshcallCodec.decode(received);
        expect(result).toEqual({ type: 'signal', signal, from });
      }),
      { numRuns: 1500 },
    );
  });

  it('re-encodes a decoded signal to exactly the same stanza text', () => {
    fc.assert(
      fc.property(signalArb, fullJidArb, fullJidArb, (signal, to, otherSender) => {
        const from = senderOf(signal, otherSender);
        const { text, received } = overTheWire(signal, to, from);
        const result = meshcallCodec.decode(received);
        if (result.type !== 'signal') throw new Error(`decode failed: ${JSON.stringify(result)}`);
        expect(meshcallCodec.encode(result.signal, to, { id: 'fixed-id' }).toString()).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes the in-memory element the encoder built just like its parsed text', () => {
    fc.assert(
      fc.property(signalArb, fullJidArb, fullJidArb, (signal, to, otherSender) => {
        const from = senderOf(signal, otherSender);
        const stanza = meshcallCodec.encode(signal, to);
        stanza.attrs.from = from;
        expect(meshcallCodec.decode(stanza)).toEqual({ type: 'signal', signal, from });
      }),
      { numRuns: 500 },
    );
  });

  it('restores CRLF whatever line endings the transport left (LF, CRLF or lone CR)', () => {
    fc.assert(
      fc.property(signalArb, fc.constantFrom('\n', '\r\n', '\r'), (signal, newline) => {
        fc.pre(signal.kind === 'description');
        const stanza = meshcallCodec.encode(signal, 'bob@example.org');
        stanza.attrs.from = 'alice@example.org/web';
        const sdp = stanza.getChild('signal')!.getChild('sdp')!;
        sdp.children = [sdp.getText().replace(/\n/g, newline)];
        expect(meshcallCodec.decode(stanza)).toEqual({ type: 'signal', signal, from: 'alice@example.org/web' });
      }),
      { numRuns: 300 },
    );
  });
});
