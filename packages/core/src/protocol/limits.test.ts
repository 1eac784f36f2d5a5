/**
 * The codec at the exact boundaries of its limits and rules, written out as docs/protocol.md states them (a test
 * computing its inputs from SIGNAL_LIMITS would move with a wrong constant): each limit checked on both sides,
 * so moving it by one, or `>` to `>=`, fails here.
 */
import { describe, expect, it } from 'vitest';
import { isMeshcallError } from '../util/errors.js';
import type { DecodeResult } from './codec.js';
import { MESHCALL_NS, meshcallCodec, parseStanza } from './index.js';
import { newSessionId } from './session-id.js';
import type { CallSignal, Signal } from './signal.js';
import { isValidJid } from './validate.js';

const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const ALICE_WEB = `${ALICE}/web`;
const SDP = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
const CALL_SID = newSessionId(ALICE, 'k3Jd9_x-2k3Jd9_x-2k3Jd');
const call: CallSignal = {
  kind: 'call',
  sessionId: CALL_SID,
  callType: 'audio',
  participants: [ALICE, BOB],
  startedAt: 1_795_000_000_000,
  offer: { type: 'offer', sdp: SDP },
  userInfo: {},
};

/** Encodes, stamps `from` as a server would, parses back. */
function roundTrip(signal: Signal): DecodeResult {
  const stanza = meshcallCodec.encode(signal, BOB);
  stanza.attrs.from = ALICE_WEB;
  return meshcallCodec.decode(parseStanza(stanza.toString()));
}

function decodeMessage(inner: string): DecodeResult {
  return meshcallCodec.decode(
    parseStanza(`<message to="${BOB}" from="${ALICE_WEB}" type="headline" id="m1">${inner}</message>`),
  );
}

const hangupXml = (body = '', v = '1') =>
  `<signal xmlns="${MESHCALL_NS}" v="${v}" kind="hangup" session="s1">${body}</signal>`;

function encodeError(fn: () => unknown): boolean {
  try {
    fn();
    return false;
  } catch (error) {
    return isMeshcallError(error, 'invalid-argument');
  }
}

describe('protocol limits at their exact boundary', () => {
  it('userInfo of exactly userInfoTotalLength characters passes; one more is too large, both ways', () => {
    // Four entries of 1 + 1023 characters: 4096 exactly, every key and value within its own limit.
    const full: Record<string, string> = {
      a: 'x'.repeat(1023),
      b: 'x'.repeat(1023),
      c: 'x'.repeat(1023),
      d: 'x'.repeat(1023),
    };
    const atLimit: Signal = { kind: 'hangup', sessionId: 's1', userInfo: full };
    expect(roundTrip(atLimit)).toMatchObject({ type: 'signal', signal: { userInfo: full } });
    const over: Signal = { kind: 'hangup', sessionId: 's1', userInfo: { ...full, e: '' } };
    expect(encodeError(() => meshcallCodec.encode(over, BOB))).toBe(true);
    const entries = Object.entries({ ...full, e: '' })
      .map(([key, value]) => `<entry key="${key}">${value}</entry>`)
      .join('');
    const decoded = decodeMessage(hangupXml(`<user-info>${entries}</user-info>`));
    expect(decoded.type === 'error' && decoded.error.code).toBe('signal-too-large');
  });

  it('an SDP of exactly sdpLength characters (CR LF counted) passes; one more is too large', () => {
    const limit = 65536;
    const sdpOf = (length: number) => `v=0\r\n${'a'.repeat(length - 7)}\r\n`;
    expect(sdpOf(limit)).toHaveLength(limit);
    const at: Signal = { kind: 'description', sessionId: 's1', description: { type: 'offer', sdp: sdpOf(limit) } };
    expect(roundTrip(at)).toMatchObject({ type: 'signal', signal: { description: { sdp: sdpOf(limit) } } });
    const over: Signal = {
      kind: 'description',
      sessionId: 's1',
      description: { type: 'offer', sdp: sdpOf(limit + 1) },
    };
    expect(encodeError(() => meshcallCodec.encode(over, BOB))).toBe(true);
    const raw = `<signal xmlns="${MESHCALL_NS}" v="1" kind="description" session="s1"><sdp type="offer">${sdpOf(limit + 1).replace(/\r\n/g, '\n')}</sdp></signal>`;
    const decoded = decodeMessage(raw);
    expect(decoded.type === 'error' && decoded.error.code).toBe('signal-too-large');
  });

  it('a payload nested exactly `depth` levels deep is read; one level deeper is refused as too large', () => {
    const depth = 8;
    const nest = (levels: number) => '<x>'.repeat(levels) + '</x>'.repeat(levels);
    // The payload itself is level 1.
    expect(decodeMessage(hangupXml(nest(depth - 1))).type).toBe('signal');
    const deep = decodeMessage(hangupXml(nest(depth)));
    expect(deep.type === 'error' && deep.error.code).toBe('signal-too-large');
  });

  it('a message of exactly messageChildren children is read; one more child is refused as too large', () => {
    const limit = 64;
    expect(decodeMessage(hangupXml() + '<x/>'.repeat(limit - 1)).type).toBe('signal');
    const crowded = decodeMessage(hangupXml() + '<x/>'.repeat(limit));
    expect(crowded.type === 'error' && crowded.error.code).toBe('signal-too-large');
  });

  it('a message id of exactly 256 characters is accepted by the encoder, 257 are not', () => {
    const hangup: Signal = { kind: 'hangup', sessionId: 's1', userInfo: {} };
    expect(meshcallCodec.encode(hangup, BOB, { id: 'i'.repeat(256) }).attrs.id).toHaveLength(256);
    expect(encodeError(() => meshcallCodec.encode(hangup, BOB, { id: 'i'.repeat(257) }))).toBe(true);
  });

  it('a JID of exactly jidLength characters is valid, one more is not', () => {
    const limit = 1024;
    const jidOf = (length: number) => `${'u'.repeat(length - '@example.org'.length)}@example.org`;
    expect(isValidJid(jidOf(limit))).toBe(true);
    expect(isValidJid(jidOf(limit + 1))).toBe(false);
    // and the encoder sends to it
    const hangup: Signal = { kind: 'hangup', sessionId: 's1', userInfo: {} };
    expect(meshcallCodec.encode(hangup, jidOf(limit)).attrs.to).toHaveLength(limit);
  });
});

describe('protocol rules', () => {
  it('a domain that starts or ends with a dot is no JID', () => {
    expect(isValidJid('alice@.example.org')).toBe(false);
    expect(isValidJid('.example.org')).toBe(false);
    expect(isValidJid('alice@example.org.')).toBe(false);
    expect(isValidJid('alice@example.org')).toBe(true);
    // As a sender, such an address makes the stanza an error, never a signal.
    const result = meshcallCodec.decode(
      parseStanza(`<message to="${BOB}" from="bob@.example.org/x" type="headline">${hangupXml()}</message>`),
    );
    expect(result.type).toBe('error');
  });

  it('the encoder refuses participants that are not lower case (the receiver would read other JIDs)', () => {
    const mixed: CallSignal = { ...call, participants: [ALICE, 'Bob@example.org'] };
    expect(encodeError(() => meshcallCodec.encode(mixed, BOB))).toBe(true);
  });

  it('the encoder refuses a negative startedAt (the decoder could not read it back)', () => {
    expect(encodeError(() => meshcallCodec.encode({ ...call, startedAt: -1 }, BOB))).toBe(true);
    expect(roundTrip({ ...call, startedAt: 0 })).toMatchObject({ type: 'signal', signal: { startedAt: 0 } });
  });

  it('a payload of protocol version 0 is refused as unsupported, like any version but 1', () => {
    const v0 = decodeMessage(hangupXml('', '0'));
    expect(v0.type === 'error' && v0.error.code).toBe('signal-unsupported-version');
    const v2 = decodeMessage(hangupXml('', '2'));
    expect(v2.type === 'error' && v2.error.code).toBe('signal-unsupported-version');
  });
});
