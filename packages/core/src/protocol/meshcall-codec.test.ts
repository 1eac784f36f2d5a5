import xml from '@xmpp/xml';
import type { Element } from 'ltx';
import { describe, expect, it } from 'vitest';
import { isMeshcallError } from '../util/errors.js';
import { type DecodeResult, SignalError } from './codec.js';
import { MESHCALL_NS, MESHCALL_PROTOCOL_VERSION, meshcallCodec, parseStanza } from './index.js';
import { SIGNAL_LIMITS } from './limits.js';
import { newSessionId } from './session-id.js';
import type { CallSignal, Signal } from './signal.js';
import { isStaleCall } from './stale.js';

const ALICE = 'alice@example.org';
const BOB = 'bob@example.org';
const CAROL = 'carol@example.org';
const ALICE_WEB = `${ALICE}/web`;
const SDP = 'v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n';
/** The session id of Alice's calls: a call must carry an id made by its caller. */
const CALL_SID = newSessionId(ALICE, 'k3Jd9_x-2k3Jd9_x-2k3Jd');

const call: CallSignal = {
  kind: 'call',
  sessionId: CALL_SID,
  callType: 'video',
  participants: [ALICE, BOB],
  startedAt: 1_795_000_000_000,
  offer: { type: 'offer', sdp: SDP },
  userInfo: { name: 'Alice' },
};

/** Serializes, stamps `from` like a server, and parses back: what a receiving client sees. */
function receive(signal: Signal, from = ALICE_WEB, to = BOB): DecodeResult {
  const stanza = meshcallCodec.encode(signal, to);
  stanza.attrs.from = from;
  return meshcallCodec.decode(parseStanza(stanza.toString()));
}

/** A received message around a literal payload. */
function decodeXml(payload: string, envelope: { from?: string | null; type?: string | null; extra?: string } = {}) {
  const from = envelope.from === undefined ? ALICE_WEB : envelope.from;
  const type = envelope.type === undefined ? 'headline' : envelope.type;
  const attrs = `${from === null ? '' : ` from="${from}"`}${type === null ? '' : ` type="${type}"`}`;
  return meshcallCodec.decode(
    parseStanza(`<message to="${BOB}" id="m1"${attrs}>${payload}${envelope.extra ?? ''}</message>`),
  );
}

/** `<signal>` with the common attributes and `attrs`/`body`. */
function payload(kind: string, attrs = '', body = '', v = '1'): string {
  return `<signal xmlns="${MESHCALL_NS}" v="${v}" kind="${kind}" session="${kind === 'call' ? CALL_SID : 's1'}"${attrs}>${body}</signal>`;
}

const sdpXml = (type = 'offer', sdp = SDP) => `<sdp type="${type}">${sdp.replace(/\r\n/g, '\n')}</sdp>`;
const participantsXml = (...jids: string[]) => jids.map((jid) => `<participant jid="${jid}"/>`).join('');
const callXml = (extraBody = '', attrs = ' call-type="audio" started="1"') =>
  payload('call', attrs, participantsXml(ALICE, BOB) + sdpXml() + extraBody);

function expectSignal(result: DecodeResult): Signal {
  if (result.type !== 'signal') throw new Error(`expected a signal, got ${JSON.stringify(result)}`);
  return result.signal;
}

function expectError(result: DecodeResult, code: SignalError['code']): SignalError {
  if (result.type !== 'error') throw new Error(`expected error ${code}, got ${JSON.stringify(result)}`);
  expect(result.error).toBeInstanceOf(SignalError);
  expect(result.error.code).toBe(code);
  return result.error;
}

function expectInvalid(fn: () => unknown): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(isMeshcallError(thrown, 'invalid-argument')).toBe(true);
}

describe('meshcallCodec.encode', () => {
  it('names the dialect and version', () => {
    expect(meshcallCodec.name).toBe(`meshcall/${MESHCALL_PROTOCOL_VERSION}`);
  });

  it('writes a failed answer as a declined reject with failed="true", which a version-1 receiver reads', () => {
    const failed: Signal = { kind: 'reject', sessionId: 's1', reason: 'failed', userInfo: {} };
    const payloadOf = meshcallCodec.encode(failed, ALICE_WEB).getChild('signal', MESHCALL_NS);
    expect(payloadOf?.attrs.reason).toBe('declined');
    expect(payloadOf?.attrs.failed).toBe('true');
    expect(receive(failed, `${BOB}/desk`, ALICE_WEB)).toMatchObject({ type: 'signal', signal: { reason: 'failed' } });
    // Its pieces apart: a reason `failed`, and the attribute anywhere but on a declined reject, are refused.
    expectError(decodeXml(payload('reject', ' reason="failed"')), 'signal-malformed');
    expectError(decodeXml(payload('reject', ' reason="busy" failed="true"')), 'signal-malformed');
    expectError(decodeXml(payload('reject', ' reason="declined" failed="yes"')), 'signal-malformed');
  });

  it('says a callee takes the share sections with share-sections="true", and nothing when it does not', () => {
    const sharing: Signal = { kind: 'accept', sessionId: 's1', answer: null, userInfo: {}, shareSections: true };
    const payloadOf = (signal: Signal) => meshcallCodec.encode(signal, ALICE_WEB).getChild('signal', MESHCALL_NS);
    expect(payloadOf(sharing)?.attrs['share-sections']).toBe('true');
    expect(receive(sharing, `${BOB}/desk`, ALICE_WEB)).toMatchObject({
      type: 'signal',
      signal: { shareSections: true },
    });
    const older: Signal = { kind: 'accept', sessionId: 's1', answer: null, userInfo: {} };
    expect(payloadOf(older)?.attrs['share-sections']).toBeUndefined();
    const decoded = receive(older, `${BOB}/desk`, ALICE_WEB);
    expect(decoded.type === 'signal' && 'shareSections' in decoded.signal).toBe(false);
    expectError(decodeXml(payload('accept', ' share-sections="yes"')), 'signal-malformed');
    expectInvalid(() => meshcallCodec.encode({ ...older, shareSections: 'yes' } as unknown as Signal, ALICE_WEB));
  });

  it("names on a caller's hang-up the callees whose accept it took (<in-call/>), and nothing otherwise", () => {
    const leaving: Signal = { kind: 'hangup', sessionId: 's1', userInfo: {}, inCall: [BOB, CAROL] };
    const payloadOf = (signal: Signal) => meshcallCodec.encode(signal, ALICE_WEB).getChild('signal', MESHCALL_NS);
    expect(
      payloadOf(leaving)
        ?.getChildren('in-call')
        .map((child) => child.attrs.jid),
    ).toEqual([BOB, CAROL]);
    expect(receive(leaving, `${BOB}/desk`, ALICE_WEB)).toMatchObject({ type: 'signal', signal: leaving });
    const older: Signal = { kind: 'hangup', sessionId: 's1', userInfo: {} };
    const decoded = receive(older, `${BOB}/desk`, ALICE_WEB);
    expect(decoded.type === 'signal' && 'inCall' in decoded.signal).toBe(false);
    // A device, a JID twice, a missing jid, or more than a call holds: refused.
    expectError(decodeXml(payload('hangup', '', `<in-call jid="${BOB}/desk"/>`)), 'signal-malformed');
    expectError(decodeXml(payload('hangup', '', `<in-call jid="${BOB}"/><in-call jid="${BOB}"/>`)), 'signal-malformed');
    expectError(decodeXml(payload('hangup', '', '<in-call/>')), 'signal-malformed');
    const many = Array.from({ length: SIGNAL_LIMITS.participants + 1 }, (_, i) => `<in-call jid="u${i}@example.org"/>`);
    expectError(decodeXml(payload('hangup', '', many.join(''))), 'signal-too-large');
    expectInvalid(() => meshcallCodec.encode({ ...older, inCall: [] }, ALICE_WEB));
  });

  it('says a hang-up was a lost connection with connection-lost="true", and nothing otherwise', () => {
    const lost: Signal = { kind: 'hangup', sessionId: 's1', userInfo: {}, connectionLost: true };
    expect(meshcallCodec.encode(lost, ALICE_WEB).getChild('signal', MESHCALL_NS)?.attrs['connection-lost']).toBe(
      'true',
    );
    expect(receive(lost, `${BOB}/desk`, ALICE_WEB)).toMatchObject({ type: 'signal', signal: lost });
    const plain = receive({ kind: 'hangup', sessionId: 's1', userInfo: {} }, `${BOB}/desk`, ALICE_WEB);
    expect(plain.type === 'signal' && 'connectionLost' in plain.signal).toBe(false);
    expectError(decodeXml(payload('hangup', ' connection-lost="false"')), 'signal-malformed');
    expectInvalid(() => meshcallCodec.encode({ ...lost, connectionLost: false } as unknown as Signal, ALICE_WEB));
  });

  it('says a screen is shared with its sound with screen-audio="true", and nothing otherwise', () => {
    const media = { audioMuted: false, videoMuted: false, screenSharing: true };
    const withSound: Signal = { kind: 'media', sessionId: 's1', media: { ...media, screenAudio: true } };
    const payloadOf = (signal: Signal) => meshcallCodec.encode(signal, ALICE_WEB).getChild('signal', MESHCALL_NS);
    expect(payloadOf(withSound)?.attrs['screen-audio']).toBe('true');
    expect(receive(withSound, `${BOB}/desk`, ALICE_WEB)).toMatchObject({ type: 'signal', signal: withSound });
    const silent: Signal = { kind: 'media', sessionId: 's1', media };
    expect(payloadOf(silent)?.attrs['screen-audio']).toBeUndefined();
    const mediaXml = ' audio-muted="false" video-muted="false" screen-sharing="true"';
    expectError(decodeXml(payload('media', `${mediaXml} screen-audio="false"`)), 'signal-malformed');
    expectInvalid(() =>
      meshcallCodec.encode(
        { kind: 'media', sessionId: 's1', media: { ...media, screenAudio: 'yes' } } as never,
        ALICE_WEB,
      ),
    );
  });

  it('numbers a description with seq on its <sdp>, in offers and the answers that echo them, and nothing when absent', () => {
    const numbered: Signal = {
      kind: 'description',
      sessionId: 's1',
      description: { type: 'answer', sdp: SDP, seq: 7 },
    };
    const sdpOf = (signal: Signal) =>
      meshcallCodec.encode(signal, ALICE_WEB).getChild('signal', MESHCALL_NS)?.getChild('sdp', MESHCALL_NS);
    expect(sdpOf(numbered)?.attrs.seq).toBe('7');
    expect(receive(numbered, `${BOB}/desk`, ALICE_WEB)).toMatchObject({ type: 'signal', signal: numbered });
    const offerInCall = receive({ ...call, offer: { type: 'offer', sdp: SDP, seq: 1 } });
    expect(offerInCall.type === 'signal' && offerInCall.signal.kind === 'call' && offerInCall.signal.offer.seq).toBe(1);
    const plain: Signal = { kind: 'description', sessionId: 's1', description: { type: 'offer', sdp: SDP } };
    expect(sdpOf(plain)?.attrs.seq).toBeUndefined();
    const decoded = receive(plain, `${BOB}/desk`, ALICE_WEB);
    expect(
      decoded.type === 'signal' && decoded.signal.kind === 'description' && 'seq' in decoded.signal.description,
    ).toBe(false);
    for (const seq of ['-1', '01', '1.5', 'x', '1000000000', '']) {
      const sdp = `<sdp type="offer" seq="${seq}">${SDP.replace(/\r\n/g, '\n')}</sdp>`;
      expectError(decodeXml(payload('description', '', sdp)), 'signal-malformed');
    }
    for (const seq of [-1, 1.5, 1_000_000_000, '3']) {
      expectInvalid(() =>
        meshcallCodec.encode({ ...plain, description: { type: 'offer', sdp: SDP, seq } } as never, ALICE_WEB),
      );
    }
  });

  it('produces the documented stanza for a call (example 9.1 of docs/protocol.md)', () => {
    const offer = [
      'v=0',
      'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
      's=-',
      't=0 0',
      'a=group:BUNDLE 0 1',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111',
      'a=mid:0',
      'a=ice-ufrag:EsAw',
      'a=setup:actpass',
      'm=video 9 UDP/TLS/RTP/SAVPF 96',
      'a=mid:1',
      '',
    ];
    const signal: CallSignal = { ...call, offer: { type: 'offer', sdp: offer.join('\r\n'), seq: 1 } };
    const stanza = meshcallCodec.encode(signal, BOB, { id: 'mc6f1c0d2a9b3e4f57' });
    expect(stanza.toString()).toBe(
      '<message type="headline" to="bob@example.org" id="mc6f1c0d2a9b3e4f57">' +
        `<signal xmlns="urn:meshcall:signal" v="1" kind="call" session="k3Jd9_x-2k3Jd9_x-2k3Jdy12V3rydBqJvRqRrCclT7w" call-type="video" started="1795000000000">` +
        '<participant jid="alice@example.org"/><participant jid="bob@example.org"/>' +
        `<sdp type="offer" seq="1">${offer.join('\n')}</sdp>` +
        '<user-info><entry key="name">Alice</entry></user-info>' +
        '</signal>' +
        '<no-store xmlns="urn:xmpp:hints"/><no-permanent-store xmlns="urn:xmpp:hints"/><no-copy xmlns="urn:xmpp:hints"/>' +
        '</message>',
    );
  });

  it('generates a distinct message id when none is given', () => {
    const ids = new Set(Array.from({ length: 50 }, () => meshcallCodec.encode(call, BOB).attrs.id as string));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^mc[0-9a-f]{16}$/);
  });

  it('escapes XML specials in user data', () => {
    const text = meshcallCodec.encode({ ...call, userInfo: { 'a"<': '</signal><evil/>&' } }, BOB).toString();
    expect(text).toContain('<entry key="a&quot;&lt;">&lt;/signal&gt;&lt;evil/&gt;&amp;</entry>');
  });

  it('omits empty user-info and absent candidate fields', () => {
    const text = meshcallCodec
      .encode(
        {
          kind: 'candidates',
          sessionId: 's',
          candidates: [{ candidate: '', sdpMid: null, sdpMLineIndex: 1, usernameFragment: null }],
        },
        BOB,
      )
      .toString();
    expect(text).toContain('<candidate mline="1"/>');
    expect(meshcallCodec.encode({ kind: 'hangup', sessionId: 's', userInfo: {} }, BOB).toString()).not.toContain(
      'user-info',
    );
  });

  it('refuses signals that break the rules with invalid-argument', () => {
    const bad: unknown[] = [
      { ...call, sessionId: 'has space' },
      { ...call, sessionId: 'x'.repeat(65) },
      { ...call, sessionId: 's1' }, // not made by newSessionId
      { ...call, sessionId: newSessionId(CAROL) }, // the id of someone not in the call
      { ...call, participants: ['Alice@example.org', BOB] },
      { ...call, participants: [`${ALICE}/web`, BOB] },
      { ...call, participants: [ALICE, ALICE] },
      { ...call, participants: [ALICE] },
      { ...call, startedAt: 1.5 },
      { ...call, startedAt: Number.NaN },
      { ...call, callType: 'screen' },
      { ...call, offer: { type: 'answer', sdp: SDP } },
      { ...call, offer: { type: 'offer', sdp: 'hello' } },
      { ...call, offer: { type: 'offer', sdp: `v=0\r\n${'a'.repeat(SIGNAL_LIMITS.sdpLength)}` } },
      { ...call, userInfo: { k: 'line\r\nbreak' } },
      { ...call, userInfo: { k: 'nul\u0000' } },
      { ...call, userInfo: { k: 'lone \uD800 surrogate' } },
      { ...call, userInfo: { 'lone \uDC00': 'v' } },
      { ...call, participants: [ALICE, 'b\uD800@example.org'] },
      { ...call, userInfo: { k: 1 } },
      { ...call, userInfo: { '': 'empty key' } },
      { kind: 'candidates', sessionId: 's', candidates: [] },
      {
        kind: 'candidates',
        sessionId: 's',
        candidates: [{ candidate: 'candidate:1', sdpMid: null, sdpMLineIndex: null, usernameFragment: null }],
      },
      { kind: 'reject', sessionId: 's', reason: 'nope', userInfo: {} },
      { kind: 'media', sessionId: 's', media: { audioMuted: 'yes', videoMuted: false, screenSharing: false } },
      { kind: 'media', sessionId: 's', media: { audioMuted: true, videoMuted: false, screenSharing: false }, seq: -1 },
      { kind: 'media', sessionId: 's', media: { audioMuted: true, videoMuted: false, screenSharing: false }, seq: 1.5 },
      { kind: 'bogus', sessionId: 's' },
      null,
    ];
    for (const signal of bad) expectInvalid(() => meshcallCodec.encode(signal as Signal, BOB));
    expectInvalid(() => meshcallCodec.encode(call, 'not a jid'));
    expectInvalid(() => meshcallCodec.encode(call, BOB, { id: '' }));
    expectInvalid(() => meshcallCodec.encode(call, BOB, { id: 'a\nb' }));
  });

  it('refuses a payload over the stanza budget even when each field is within its own limit', () => {
    const heavy = '&'.repeat(SIGNAL_LIMITS.candidateLength);
    const candidates = Array.from({ length: SIGNAL_LIMITS.candidatesPerSignal }, () => ({
      candidate: heavy,
      sdpMid: '0',
      sdpMLineIndex: 0,
      usernameFragment: null,
    }));
    expectInvalid(() => meshcallCodec.encode({ kind: 'candidates', sessionId: 's', candidates }, BOB));
    // The same batch without escaping fits, which shows it is the total and not a field that failed.
    const plain = candidates.map((c) => ({ ...c, candidate: 'c'.repeat(SIGNAL_LIMITS.candidateLength) }));
    expect(receive({ kind: 'candidates', sessionId: 's', candidates: plain }).type).toBe('signal');
  });

  it('never builds a stanza a browser cannot send in one WebSocket frame: multi-byte text counts in bytes', () => {
    // 64 candidates of 1024 characters: about 68 K characters, within the character budget either way.
    const batch = (char: string): Signal => ({
      kind: 'candidates',
      sessionId: 's',
      candidates: Array.from({ length: SIGNAL_LIMITS.candidatesPerSignal }, () => ({
        candidate: char.repeat(SIGNAL_LIMITS.candidateLength),
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: null,
      })),
    });
    const ascii = meshcallCodec.encode(batch('c'), BOB).toString();
    expect(new TextEncoder().encode(ascii).length).toBeLessThan(SIGNAL_LIMITS.sendBytes);
    // Each '€' is 3 bytes: about 200 KB on the wire, which no browser sends as one frame; 'é' (2 bytes): 134 KB.
    for (const char of ['€', 'é']) {
      expect(() => meshcallCodec.encode(batch(char), BOB)).toThrow(/bytes on the wire/);
    }
  });
});

describe('meshcallCodec: what one side accepts, the other does too', () => {
  const offer = (sdp: string): Signal => ({
    kind: 'description',
    sessionId: 's1',
    description: { type: 'offer', sdp },
  });
  /** An SDP of `length` characters once its line endings are CR LF: many short lines, then one to fill. */
  const sdpOf = (length: number, end: string) => {
    const lines = 10_000; // "a=x" lines, 5 characters each with CR LF
    return `v=0${end}${`a=x${end}`.repeat(lines)}b=${'y'.repeat(length - 5 - 5 * lines - 4)}${end}`;
  };

  it('measures an SDP in CR LF whatever line endings it was given: the limit means the same on both sides', () => {
    const limit = SIGNAL_LIMITS.sdpLength;
    expect(sdpOf(limit, '\r\n')).toHaveLength(limit);
    for (const end of ['\r\n', '\n', '\r']) {
      const decoded = expectSignal(receive(offer(sdpOf(limit, end))));
      expect(decoded.kind === 'description' && decoded.description.sdp).toBe(sdpOf(limit, '\r\n'));
      // One character more is too large for the encoder too, although with LF it is far below the limit.
      expectInvalid(() => meshcallCodec.encode(offer(sdpOf(limit + 1, end)), BOB));
    }
    expect(sdpOf(limit + 1, '\n').length).toBeLessThan(limit - 10_000);
  });

  it('refuses control characters of every range (C0, DEL, C1) in single-line fields', () => {
    for (const control of ['\u0001', '\u007F', '\u0085', '\u009F']) {
      const key = `a${control}b`;
      expectInvalid(() => meshcallCodec.encode({ kind: 'hangup', sessionId: 's1', userInfo: { [key]: 'v' } }, BOB));
      expectInvalid(() => meshcallCodec.encode({ kind: 'hangup', sessionId: 's1', userInfo: {} }, BOB, { id: key }));
      const entry = `<user-info><entry key="${key}">v</entry></user-info>`;
      const xml = parseStanza(`<message from="${ALICE_WEB}" type="headline">${payload('hangup', '', entry)}</message>`);
      expectError(meshcallCodec.decode(xml), 'signal-malformed');
    }
    // A C1 character is a control; the letters next to it are not.
    expect(receive({ kind: 'hangup', sessionId: 's1', userInfo: { 'clé\u00A0é': 'v' } }).type).toBe('signal');
  });
});

describe('meshcallCodec.decode: every kind', () => {
  const kinds: Signal[] = [
    call,
    { kind: 'accept', sessionId: 's1', answer: { type: 'answer', sdp: SDP }, userInfo: { mood: 'happy' } },
    { kind: 'accept', sessionId: 's1', answer: null, userInfo: {} },
    { kind: 'reject', sessionId: 's1', reason: 'busy', userInfo: {} },
    { kind: 'reject', sessionId: 's1', reason: 'declined', userInfo: { why: 'in a meeting' } },
    { kind: 'hangup', sessionId: 's1', userInfo: { rating: '5' } },
    { kind: 'cancel', sessionId: 's1', reason: 'answered-elsewhere' },
    { kind: 'cancel', sessionId: 's1', reason: 'answered-elsewhere', joined: 'bob@example.org/desk' },
    { kind: 'cancel', sessionId: 's1', reason: 'timeout' },
    { kind: 'cancel', sessionId: 's1', reason: 'cancelled', userInfo: { why: 'wrong number' } },
    {
      kind: 'candidates',
      sessionId: 's1',
      candidates: [
        {
          candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host generation 0',
          sdpMid: '0',
          sdpMLineIndex: 0,
          usernameFragment: 'Xy+z',
        },
        {
          candidate: 'candidate:2 1 tcp 1518280447 ::1 9 typ host tcptype active',
          sdpMid: '1',
          sdpMLineIndex: null,
          usernameFragment: null,
        },
        { candidate: '', sdpMid: null, sdpMLineIndex: 1, usernameFragment: null },
      ],
    },
    { kind: 'description', sessionId: 's1', description: { type: 'offer', sdp: SDP } },
    { kind: 'description', sessionId: 's1', description: { type: 'answer', sdp: SDP } },
    { kind: 'media', sessionId: 's1', media: { audioMuted: true, videoMuted: false, screenSharing: true } },
  ];
  for (const signal of kinds) {
    it(`round-trips ${signal.kind} ${JSON.stringify(signal).slice(0, 60)}…`, () => {
      expect(receive(signal)).toEqual({ type: 'signal', signal, from: ALICE_WEB });
    });
  }

  it('returns deeply frozen signals', () => {
    const signal = expectSignal(receive(call)) as CallSignal;
    expect(Object.isFrozen(signal)).toBe(true);
    expect(Object.isFrozen(signal.participants)).toBe(true);
    expect(Object.isFrozen(signal.offer)).toBe(true);
    expect(Object.isFrozen(signal.userInfo)).toBe(true);
  });

  it('restores CRLF in SDP that arrives with LF line endings', () => {
    const signal = expectSignal(decodeXml(payload('description', '', sdpXml('answer')))) as Extract<
      Signal,
      { kind: 'description' }
    >;
    expect(signal.description.sdp).toBe(SDP);
  });

  it('lower-cases participants and accepts a caller whose JID differs only in case', () => {
    const signal = expectSignal(
      decodeXml(
        payload(
          'call',
          ' call-type="audio" started="5"',
          participantsXml('Alice@Example.org', 'BOB@example.org') + sdpXml(),
        ),
        {
          from: 'ALICE@example.org/Web',
        },
      ),
    ) as CallSignal;
    expect(signal.participants).toEqual([ALICE, BOB]);
  });

  it("refuses a call under a session id its sender did not make (a participant's copy of the call)", () => {
    // Bob learned the id from Alice's call. His copy must not ring Carol as his call: she could not join Alice's.
    const alicesCall = payload('call', ' call-type="audio" started="1"', participantsXml(ALICE, BOB, CAROL) + sdpXml());
    expect(expectSignal(decodeXml(alicesCall)).sessionId).toBe(CALL_SID);
    expect(expectError(decodeXml(alicesCall, { from: `${BOB}/phone` }), 'signal-malformed').message).toMatch(
      /session id/,
    );
    const flipped = (at: number) => CALL_SID.slice(0, at) + (CALL_SID[at] === 'A' ? 'B' : 'A') + CALL_SID.slice(at + 1);
    for (const sid of [
      's1',
      CALL_SID.slice(0, 43),
      `${CALL_SID}A`,
      flipped(0),
      flipped(21),
      flipped(22),
      flipped(43),
    ]) {
      expectError(decodeXml(alicesCall.replace(CALL_SID, sid)), 'signal-malformed');
    }
    // Other kinds name a session that exists already: any valid id will do.
    expect(expectSignal(decodeXml(payload('hangup'), { from: `${BOB}/phone` })).sessionId).toBe('s1');
  });

  it('keeps prototype-like userInfo keys as plain data', () => {
    const body = '<user-info><entry key="__proto__">x</entry><entry key="constructor">y</entry></user-info>';
    const signal = expectSignal(decodeXml(payload('hangup', '', body))) as Extract<Signal, { kind: 'hangup' }>;
    expect(Object.getPrototypeOf(signal.userInfo)).toBe(null);
    expect(Object.keys(signal.userInfo)).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(signal.userInfo, '__proto__')?.value).toBe('x');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('x');
  });

  it('keeps white space, tabs, LF, XML specials and astral characters in userInfo values', () => {
    const userInfo = { note: '  two\tlines\nhere & <there> "quoted" \'single\'  ', empty: '', emoji: '😀 \u{10FFFD}' };
    expect(expectSignal(receive({ kind: 'hangup', sessionId: 's', userInfo }))).toEqual({
      kind: 'hangup',
      sessionId: 's',
      userInfo,
    });
  });

  it('ignores unknown attributes, foreign children and stray text (forward compatible)', () => {
    const body = `text<x xmlns="urn:example:other"/><future-thing/>${sdpXml('answer')}<user-info>junk<entry key="k">v</entry><other/></user-info>`;
    const signal = expectSignal(decodeXml(payload('accept', ' future="1"', body)));
    expect(signal).toEqual({
      kind: 'accept',
      sessionId: 's1',
      answer: { type: 'answer', sdp: SDP },
      userInfo: { k: 'v' },
    });
  });
});

describe('meshcallCodec.decode: stanzas that are not signals', () => {
  it('ignores other stanzas and messages without a meshcall payload', () => {
    const ignored = [
      '<presence from="alice@example.org/web"/>',
      '<iq type="get" id="1" from="alice@example.org/web"><ping xmlns="urn:xmpp:ping"/></iq>',
      '<message from="alice@example.org/web" type="chat"><body>hi</body></message>',
      `<message from="alice@example.org/web" type="headline"><signal xmlns="urn:example:other" v="1"/></message>`,
      // Carbons (XEP-0280) wrap someone else's traffic: never unwrapped.
      `<message from="bob@example.org" type="chat"><received xmlns="urn:xmpp:carbons:2"><forwarded xmlns="urn:xmpp:forward:0"><message from="alice@example.org/web" type="headline">${callXml()}</message></forwarded></received></message>`,
      // A bounce of our own signal: the server copies the payload into the error.
      `<message from="bob@example.org" type="error">${callXml()}<error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></message>`,
    ];
    for (const text of ignored) expect(meshcallCodec.decode(parseStanza(text))).toEqual({ type: 'ignored' });
  });

  it('ignores values that are not elements at all', () => {
    for (const value of [null, undefined, 42, 'message', {}, [], { name: 'message' }]) {
      expect(meshcallCodec.decode(value as unknown as Element)).toEqual({ type: 'ignored' });
    }
  });
});

describe('meshcallCodec.decode: errors', () => {
  it('signal-stale for a delayed (offline-stored) stanza, XEP-0203 or legacy XEP-0091', () => {
    const error = expectError(
      decodeXml(callXml(), {
        extra: '<delay xmlns="urn:xmpp:delay" from="example.org" stamp="2026-11-27T10:00:00Z"/>',
      }),
      'signal-stale',
    );
    expect(error.from).toBe(ALICE_WEB);
    expectError(
      decodeXml(callXml(), { extra: '<x xmlns="jabber:x:delay" stamp="20261127T10:00:00"/>' }),
      'signal-stale',
    );
    // Stamped by a third account (neither end of the message), or without a stamper: stale.
    const stamp = (by: string) => `<delay xmlns="urn:xmpp:delay"${by} stamp="2026-11-27T10:00:00Z"/>`;
    expectError(decodeXml(callXml(), { extra: stamp(' from="carol@example.org/phone"') }), 'signal-stale');
    expectError(decodeXml(callXml(), { extra: stamp('') }), 'signal-stale');
  });

  it("accepts a stanza re-sent by the recipient's own stream management after a resumption (XEP-0198)", () => {
    // What Prosody's mod_smacks re-sends: the queued copy, stamped with the recipient's bare JID.
    const bySmacks = '<delay xmlns="urn:xmpp:delay" from="Bob@example.org" stamp="2026-11-27T10:00:00Z"/>';
    // When it was first sent, for the receiver to judge whether it is still worth acting on.
    expect(decodeXml(callXml(), { extra: bySmacks })).toMatchObject({
      type: 'signal',
      resentAt: Date.UTC(2026, 10, 27, 10),
    });
    // A signal delivered live has no such time; nor has one whose stamp does not read as a date.
    expect(decodeXml(callXml())).not.toHaveProperty('resentAt');
    const unreadable = '<delay xmlns="urn:xmpp:delay" from="Bob@example.org" stamp="yesterday"/>';
    expect(decodeXml(callXml(), { extra: unreadable })).not.toHaveProperty('resentAt');
    // …but not when an offline-storage stamp is there as well.
    const byServer = '<delay xmlns="urn:xmpp:delay" from="example.org" stamp="2026-11-27T09:00:00Z"/>';
    expectError(decodeXml(callXml(), { extra: bySmacks + byServer }), 'signal-stale');
  });

  it("accepts a stanza re-sent by ejabberd's stream management after a resumption, not one from its storage", () => {
    // What ejabberd 23.01's mod_stream_mgmt re-sends (seen on a real server): stamped by the recipient's domain,
    // with the text "Resent". Its offline storage stamps with the domain too, with "Offline Storage".
    const stamp = (by: string, text: string) =>
      `<delay xmlns="urn:xmpp:delay" from="${by}" stamp="2026-11-27T10:00:00Z">${text}</delay>`;
    expect(decodeXml(callXml(), { extra: stamp('example.org', 'Resent') }).type).toBe('signal');
    expectError(decodeXml(callXml(), { extra: stamp('example.org', 'Offline Storage') }), 'signal-stale');
    expectError(decodeXml(callXml(), { extra: stamp('elsewhere.example', 'Resent') }), 'signal-stale');
  });

  it("accepts a stanza re-sent by the sender's own stream management after a resumption (XEP-0198)", () => {
    // What @xmpp/client re-sends when its stream resumes: what was not acknowledged, stamped with its own JID.
    const bySender = `<delay xmlns="urn:xmpp:delay" from="${ALICE_WEB}" stamp="2026-11-27T10:00:00Z"/>`;
    expect(decodeXml(callXml(), { extra: bySender }).type).toBe('signal');
  });

  it('signal-unsupported-version for another version', () => {
    expectError(decodeXml(payload('call', '', '', '2')), 'signal-unsupported-version');
    expectError(decodeXml(payload('hangup', '', '', '999')), 'signal-unsupported-version');
  });

  it('signal-malformed for a missing or unreadable version', () => {
    expectError(decodeXml(`<signal xmlns="${MESHCALL_NS}" kind="hangup" session="s"/>`), 'signal-malformed');
    expectError(decodeXml(payload('hangup', '', '', 'one')), 'signal-malformed');
    expectError(decodeXml(payload('hangup', '', '', '')), 'signal-malformed');
  });

  it('signal-malformed for a bad envelope: no from, invalid from, not a headline, two payloads, wrong element', () => {
    expect(expectError(decodeXml(callXml(), { from: null }), 'signal-malformed').from).toBe(null);
    for (const from of [
      'alice@',
      '@example.org',
      'alice example.org',
      'alice@example.org/',
      'a\u0001@b',
      'a@b@c',
      '',
    ]) {
      expect(expectError(decodeXml(callXml(), { from }), 'signal-malformed').from).toBe(null);
    }
    expectError(
      decodeXml(callXml(), { from: `${'a'.repeat(SIGNAL_LIMITS.jidLength)}@example.org` }),
      'signal-malformed',
    );
    expectError(decodeXml(callXml(), { type: 'chat' }), 'signal-malformed');
    expectError(decodeXml(callXml(), { type: null }), 'signal-malformed');
    expectError(decodeXml(callXml() + callXml()), 'signal-malformed');
    expectError(decodeXml(`<call xmlns="${MESHCALL_NS}" v="1"/>`), 'signal-malformed');
  });

  it('signal-malformed for unknown kinds and bad session ids; too-large for long ones', () => {
    expectError(decodeXml(payload('dance')), 'signal-malformed');
    expectError(decodeXml(`<signal xmlns="${MESHCALL_NS}" v="1" kind="hangup"/>`), 'signal-malformed');
    expectError(decodeXml(`<signal xmlns="${MESHCALL_NS}" v="1" kind="hangup" session="a b"/>`), 'signal-malformed');
    expectError(decodeXml(`<signal xmlns="${MESHCALL_NS}" v="1" kind="hangup" session=""/>`), 'signal-malformed');
    expectError(
      decodeXml(`<signal xmlns="${MESHCALL_NS}" v="1" kind="hangup" session="${'a'.repeat(65)}"/>`),
      'signal-too-large',
    );
    expect(decodeXml(`<signal xmlns="${MESHCALL_NS}" v="1" kind="hangup" session="${'a'.repeat(64)}"/>`).type).toBe(
      'signal',
    );
  });

  it('validates call fields', () => {
    const sdp = sdpXml();
    const ab = participantsXml(ALICE, BOB);
    const cases: Array<[string, SignalError['code']]> = [
      [payload('call', ' started="1"', ab + sdp), 'signal-malformed'], // no call-type
      [payload('call', ' call-type="screen" started="1"', ab + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio"', ab + sdp), 'signal-malformed'], // no started
      [payload('call', ' call-type="audio" started="-1"', ab + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1.5"', ab + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1e3"', ab + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="99999999999999999"', ab + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', ab), 'signal-malformed'], // no sdp
      [payload('call', ' call-type="audio" started="1"', ab + sdp + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', ab + sdpXml('answer')), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', ab + sdpXml('pranswer')), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', ab + sdpXml('offer', 'hello\r\n')), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', `${ab}<sdp>${SDP}</sdp>`), 'signal-malformed'],
      [
        payload('call', ' call-type="audio" started="1"', `${ab}<sdp type="offer">v=0\n<b>x</b></sdp>`),
        'signal-malformed',
      ],
      [payload('call', ' call-type="audio" started="1"', participantsXml(ALICE) + sdp), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', participantsXml(BOB, CAROL) + sdp), 'signal-malformed'], // caller absent
      [
        payload('call', ' call-type="audio" started="1"', participantsXml(ALICE, BOB, 'Bob@Example.org') + sdp),
        'signal-malformed',
      ],
      [
        payload('call', ' call-type="audio" started="1"', participantsXml(ALICE, `${BOB}/phone`) + sdp),
        'signal-malformed',
      ],
      [payload('call', ' call-type="audio" started="1"', `${ab}<participant/>${sdp}`), 'signal-malformed'],
      [payload('call', ' call-type="audio" started="1"', participantsXml(ALICE, 'bad jid') + sdp), 'signal-malformed'],
      [
        payload(
          'call',
          ' call-type="audio" started="1"',
          participantsXml(ALICE, `${'b'.repeat(1100)}@example.org`) + sdp,
        ),
        'signal-too-large',
      ],
      [
        payload(
          'call',
          ' call-type="audio" started="1"',
          participantsXml(ALICE, ...Array.from({ length: 16 }, (_, i) => `u${i}@example.org`)) + sdp,
        ),
        'signal-too-large',
      ],
      [
        payload(
          'call',
          ' call-type="audio" started="1"',
          ab + sdpXml('offer', `v=0\r\n${'a'.repeat(SIGNAL_LIMITS.sdpLength)}`),
        ),
        'signal-too-large',
      ],
    ];
    for (const [xmlText, code] of cases) expectError(decodeXml(xmlText), code);
  });

  it('validates userInfo', () => {
    const entries = (n: number, value = 'v') =>
      `<user-info>${Array.from({ length: n }, (_, i) => `<entry key="k${i}">${value}</entry>`).join('')}</user-info>`;
    expect(decodeXml(payload('hangup', '', entries(32))).type).toBe('signal');
    expectError(decodeXml(payload('hangup', '', entries(33))), 'signal-too-large');
    expectError(decodeXml(payload('hangup', '', entries(1, 'x'.repeat(1025)))), 'signal-too-large');
    expectError(decodeXml(payload('hangup', '', entries(5, 'x'.repeat(1000)))), 'signal-too-large'); // total
    expectError(
      decodeXml(payload('hangup', '', `<user-info><entry key="${'k'.repeat(65)}">v</entry></user-info>`)),
      'signal-too-large',
    );
    expectError(
      decodeXml(payload('hangup', '', '<user-info><entry key="a">1</entry><entry key="a">2</entry></user-info>')),
      'signal-malformed',
    );
    expectError(decodeXml(payload('hangup', '', '<user-info><entry>v</entry></user-info>')), 'signal-malformed');
    expectError(decodeXml(payload('hangup', '', '<user-info><entry key="">v</entry></user-info>')), 'signal-malformed');
    expectError(
      decodeXml(payload('hangup', '', '<user-info><entry key="a"><b/></entry></user-info>')),
      'signal-malformed',
    );
    expectError(decodeXml(payload('hangup', '', '<user-info/><user-info/>')), 'signal-malformed');
    // XML parsers refuse such characters; a hand-built element (the in-memory network) can still hold one.
    const control = parseStanza(
      `<message from="${ALICE_WEB}" type="headline">${payload('hangup', '', '<user-info><entry key="a">x</entry></user-info>')}</message>`,
    );
    control.getChild('signal')!.getChild('user-info')!.getChild('entry')!.children = ['\u0001'];
    expectError(meshcallCodec.decode(control), 'signal-malformed');
  });

  it('validates candidates', () => {
    const c = (attrs: string, text = 'candidate:1 1 udp 1 127.0.0.1 9 typ host') =>
      `<candidate${attrs}>${text}</candidate>`;
    const ok = decodeXml(payload('candidates', '', c(' mid="0"') + c(' mline="63"') + c(' mline="0"', '')));
    expect(ok.type).toBe('signal');
    const cases: Array<[string, SignalError['code']]> = [
      ['', 'signal-malformed'], // empty batch
      [c(''), 'signal-malformed'], // names no m-line
      [c(' mline="64"'), 'signal-malformed'],
      [c(' mline="01"'), 'signal-malformed'],
      [c(' mline="-1"'), 'signal-malformed'],
      [c(' mline="x"'), 'signal-malformed'],
      [c(' mid="0"', 'a<b/>'), 'signal-malformed'],
      [c(' mid="0"', 'tab\there'), 'signal-malformed'],
      [c(' mid="0"', 'c'.repeat(1025)), 'signal-too-large'],
      [c(` mid="${'m'.repeat(257)}"`), 'signal-too-large'],
      [c(` mid="0" ufrag="${'u'.repeat(257)}"`), 'signal-too-large'],
      [c(' mid="0"').repeat(65), 'signal-too-large'],
    ];
    for (const [body, code] of cases) expectError(decodeXml(payload('candidates', '', body)), code);
  });

  it('validates reject, cancel and media', () => {
    expectError(decodeXml(payload('reject', ' reason="maybe"')), 'signal-malformed');
    expectError(decodeXml(payload('reject')), 'signal-malformed');
    expectError(decodeXml(payload('cancel', ' reason="because"')), 'signal-malformed');
    expectError(decodeXml(payload('cancel')), 'signal-malformed');
    // `joined` names the device that joined: a full JID, and only when another device answered.
    for (const joined of ['bob@example.org', 'bob@example.org/', '', 'not a jid/x']) {
      expectError(decodeXml(payload('cancel', ` reason="answered-elsewhere" joined="${joined}"`)), 'signal-malformed');
    }
    expectError(decodeXml(payload('cancel', ' reason="timeout" joined="bob@example.org/desk"')), 'signal-malformed');
    // What the caller said on hanging up goes only with `cancelled`.
    const said = '<user-info><entry key="why">oops</entry></user-info>';
    expectError(decodeXml(payload('cancel', ' reason="timeout"', said)), 'signal-malformed');
    expectError(
      decodeXml(payload('cancel', ` reason="answered-elsewhere" joined="bob@example.org/${'r'.repeat(1100)}"`)),
      'signal-too-large',
    );
    expectError(
      decodeXml(payload('media', ' audio-muted="1" video-muted="false" screen-sharing="false"')),
      'signal-malformed',
    );
    expectError(decodeXml(payload('media', ' audio-muted="true" video-muted="false"')), 'signal-malformed');
    const media = ' audio-muted="true" video-muted="false" screen-sharing="false"';
    for (const seq of ['-1', '01', '1.5', 'x', '1000000000', '']) {
      expectError(decodeXml(payload('media', `${media} seq="${seq}"`)), 'signal-malformed');
    }
    // A call's `dialing` interval: 100 ms to an hour, in decimal; absent from older callers.
    for (const dialing of ['0', '99', '0300', '3600001', '1.5', 'x', '']) {
      expectError(decodeXml(callXml('', ` call-type="audio" started="1" dialing="${dialing}"`)), 'signal-malformed');
    }
    const dialed = decodeXml(callXml('', ' call-type="audio" started="1" dialing="3000"'));
    expect(dialed.type === 'signal' && dialed.signal).toMatchObject({ kind: 'call', dialingInterval: 3_000 });
    const undialed = decodeXml(callXml());
    expect(undialed.type === 'signal' && 'dialingInterval' in undialed.signal).toBe(false);
    const withSeq = decodeXml(payload('media', `${media} seq="999999999"`));
    expect(withSeq.type === 'signal' && withSeq.signal).toMatchObject({ kind: 'media', seq: 999_999_999 });
    const withoutSeq = decodeXml(payload('media', media));
    expect(withoutSeq.type === 'signal' && 'seq' in withoutSeq.signal).toBe(false);
    expectError(decodeXml(payload('description')), 'signal-malformed');
    expectError(decodeXml(payload('accept', '', sdpXml('offer'))), 'signal-malformed');
  });

  it('signal-too-large for deep nesting and oversized payloads, without walking all of it', () => {
    const deep = `${'<a>'.repeat(50)}${'</a>'.repeat(50)}`;
    expectError(decodeXml(payload('hangup', '', deep)), 'signal-too-large');
    expectError(decodeXml(payload('hangup', '', 'x'.repeat(SIGNAL_LIMITS.stanzaLength + 1))), 'signal-too-large');
    expectError(decodeXml(payload('hangup', ` junk="${'x'.repeat(SIGNAL_LIMITS.stanzaLength)}"`)), 'signal-too-large');
    expectError(decodeXml(payload('hangup', '', '<x/>'.repeat(40_000))), 'signal-too-large');
  });

  it('looks at no more than the first direct children of a message', () => {
    const crowded = parseStanza(
      `<message from="${ALICE_WEB}" type="headline">${callXml()}${'<x/>'.repeat(200)}</message>`,
    );
    expectError(meshcallCodec.decode(crowded), 'signal-too-large');
    // A hand-built message with a huge sparse children array: bounded, and not meshcall's.
    const sparse = xml('message', { from: ALICE_WEB, type: 'headline' });
    sparse.children.length = 1e9;
    expect(meshcallCodec.decode(sparse)).toEqual({ type: 'ignored' });
    const plenty = parseStanza(
      `<message from="${ALICE_WEB}" type="headline">${callXml()}${'<x/>'.repeat(60)}</message>`,
    );
    expect(meshcallCodec.decode(plenty).type).toBe('signal');
  });

  it('stays total on hand-built hostile elements', () => {
    const withFrom = (signal: Element) => xml('message', { from: ALICE_WEB, type: 'headline' }, signal);
    // A cycle: the payload contains itself.
    const cyclic = xml('signal', { xmlns: MESHCALL_NS, v: '1', kind: 'hangup', session: 's' });
    cyclic.children.push(cyclic);
    expectError(meshcallCodec.decode(withFrom(cyclic)), 'signal-too-large');
    // Children that are neither text nor elements, attributes that are not strings.
    const odd = xml('signal', { xmlns: MESHCALL_NS, v: '1', kind: 'hangup', session: 's' });
    odd.children.push(null as unknown as string, 42 as unknown as string);
    expectError(meshcallCodec.decode(withFrom(odd)), 'signal-malformed');
    const numeric = xml('signal', { xmlns: MESHCALL_NS, kind: 'hangup', session: 's' });
    numeric.attrs.v = 1;
    expectError(meshcallCodec.decode(withFrom(numeric)), 'signal-malformed');
    // A getter that throws.
    const trap = xml('signal', { xmlns: MESHCALL_NS, v: '1', kind: 'hangup', session: 's' });
    Object.defineProperty(trap.attrs, 'kind', {
      get() {
        throw new Error('boom');
      },
      enumerable: true,
    });
    expectError(meshcallCodec.decode(withFrom(trap)), 'signal-malformed');
    // Half an element.
    const half = {
      name: 'message',
      attrs: { from: ALICE_WEB, type: 'headline' },
      children: [{ name: 'signal', attrs: { xmlns: MESHCALL_NS } }],
    };
    expect(meshcallCodec.decode(half as unknown as Element)).toEqual({ type: 'ignored' });
  });
});

describe('isStaleCall', () => {
  it('is stale only when re-sent after a resumed connection more than the answer timeout after it was sent', () => {
    expect(isStaleCall(1_000_000, 1_000_000 + 60_000, 60_000)).toBe(false);
    expect(isStaleCall(1_000_000, 1_000_000 + 60_001, 60_000)).toBe(true);
    // Whatever the stamp says, it was held no longer than the connection was away (by this device's clock).
    expect(isStaleCall(1_000_000, 1_000_000 + 60_001, 60_000, 2_000)).toBe(false);
    expect(isStaleCall(1_000_000, 1_000_000 + 60_001, 60_000, 60_001)).toBe(true);
    // Delivered live: fresh, whatever the clocks say (the caller stops re-sending at its own timeout).
    expect(isStaleCall(undefined, 1_000_000 + 600_000, 60_000)).toBe(false);
  });
});
