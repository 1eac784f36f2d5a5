/**
 * Keeps the specification honest: every complete example stanza in docs/protocol.md must decode to a
 * signal, and re-encoding it must give back the same signal.
 */
import { readFileSync } from 'node:fs';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../client/config.js';
import { meshcallCodec } from './meshcall-codec.js';
import { parseStanza } from './xml.js';

const doc = readFileSync(new URL('../../../../docs/protocol.md', import.meta.url), 'utf8');
const blocks = [...doc.matchAll(/```xml\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
// The envelope sketch in section 2 has placeholders (…); every other block is made of real stanzas.
const examples = blocks.filter((block) => !block.includes('kind="…"'));
const messages = examples.flatMap(
  (block) => parseStanza(`<examples>${block}</examples>`).getChildren('message') as Element[],
);

describe('docs/protocol.md examples', () => {
  it('has examples of every kind', () => {
    const kinds = new Set(messages.map((message) => message.getChild('signal')?.attrs.kind));
    expect([...kinds].sort()).toEqual([
      'accept',
      'call',
      'cancel',
      'candidates',
      'description',
      'hangup',
      'media',
      'reject',
    ]);
  });

  for (const message of messages) {
    const signal = message.getChild('signal');
    it(`decodes ${signal?.attrs.kind} to ${message.attrs.to} (${message.attrs.id})`, () => {
      const result = meshcallCodec.decode(message);
      if (result.type !== 'signal') throw new Error(`example does not decode: ${JSON.stringify(result)}`);
      expect(result.from).toBe(message.attrs.from);
      const again = meshcallCodec.encode(result.signal, message.attrs.to, { id: message.attrs.id });
      again.attrs.from = result.from;
      expect(meshcallCodec.decode(again)).toEqual(result);
      if (result.signal.kind === 'call' || result.signal.kind === 'description') {
        const sdp = result.signal.kind === 'call' ? result.signal.offer.sdp : result.signal.description.sdp;
        expect(sdp).toMatch(/^v=0\r\n(?:[^\r\n]*\r\n)+$/);
      }
    });
  }
});

describe('docs/protocol.md figures', () => {
  it("states meshcall's default timers as the client has them", () => {
    const stated =
      /meshcall's defaults: answer timeout (\d+) s, dialing interval\s+(\d+) s, disconnect timeout (\d+) s, `iceRestartDelay` (\d+) s, candidate batching window (\d+) ms/.exec(
        doc,
      );
    expect(stated?.slice(1).map(Number)).toEqual([
      DEFAULT_CONFIG.answerTimeout / 1000,
      DEFAULT_CONFIG.dialingInterval / 1000,
      DEFAULT_CONFIG.disconnectTimeout / 1000,
      DEFAULT_CONFIG.iceRestartDelay / 1000,
      DEFAULT_CONFIG.candidateBatchMs,
    ]);
  });
});
