/**
 * fast-check arbitraries of valid signals, for the protocol's property and fuzz tests (and for other
 * packages' tests that need realistic signals). Test-only: nothing in the library imports this module.
 */
import fc from 'fast-check';
import { newSessionId } from './session-id.js';
import type {
  CallSignal,
  CancelReason,
  MediaState,
  RejectReason,
  Signal,
  SignalCandidate,
  SignalDescription,
  UserInfo,
} from './signal.js';

/** Removes what a valid single-line token can't hold: control characters (C0, DEL, C1) and XML-illegal code units. */
function stripControls(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  return value.replace(/[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF\p{Cs}]/gu, '');
}

/** Text XML carries unchanged as element content: no CR, no C0 controls other than tab and LF. */
function stripForText(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  return value.replace(/[\u0000-\u0008\u000B-\u001F\uFFFE\uFFFF\p{Cs}]/gu, '');
}

/** Strings rich in XML specials, white space and non-ASCII, which is where codecs break. */
const tricky = (maxLength: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength, unit: 'binary' }),
    fc.string({
      maxLength,
      unit: fc.constantFrom('&', '<', '>', '"', "'", ' ', '\t', '\n', 'a', 'é', '😀', ']]>', '&amp;', '\u00A0'),
    }),
  );

/** A session id: `[A-Za-z0-9_-]{1,64}`. */
export const sessionIdArb: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);

/** A lower-case bare JID: `local@domain` or a bare domain. */
export const bareJidArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.option(fc.stringMatching(/^[a-z0-9._-]{1,24}$/), { nil: null, freq: 8 }),
    fc.stringMatching(/^[a-z0-9-]{1,20}(\.[a-z]{2,6}){0,2}$/),
  )
  .map(([local, domain]) => (local === null ? domain : `${local}@${domain}`));

/** A full JID (a device). */
export const fullJidArb: fc.Arbitrary<string> = fc
  .tuple(bareJidArb, fc.stringMatching(/^[A-Za-z0-9@/._-]{1,30}$/))
  .map(([bare, resource]) => `${bare}/${resource}`);

/** A userInfo map within the limits, sometimes with prototype-ish keys. */
export const userInfoArb: fc.Arbitrary<UserInfo> = fc
  .array(
    fc.tuple(
      fc.oneof(
        fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'name', '0', '10'),
        tricky(64).map(stripControls),
      ),
      tricky(150).map(stripForText),
    ),
    { maxLength: 10 },
  )
  .map((entries) => {
    const info: Record<string, string> = Object.create(null);
    for (const [key, value] of entries) {
      // At most 10 × (64 + 300) characters: within every userInfo limit.
      if (key.length > 0 && key.length <= 64) info[key] = value;
    }
    return info;
  });

/** An SDP with CRLF line endings (what browsers produce and what decoding restores). */
export const sdpArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'o=- 4611731400430051336 2 IN IP4 127.0.0.1',
        's=-',
        't=0 0',
        'a=group:BUNDLE 0 1',
        'm=audio 9 UDP/TLS/RTP/SAVPF 111',
        'a=fingerprint:sha-256 AB:CD:EF',
        'a=ice-ufrag:Xy+z',
        '',
      ),
      tricky(80).map((line) => stripForText(line).replace(/\n/g, '')),
    ),
    { maxLength: 30 },
  )
  .map((lines) => `v=0\r\n${lines.map((line) => `${line}\r\n`).join('')}`);

const descriptionArb = (type: 'offer' | 'answer'): fc.Arbitrary<SignalDescription> =>
  fc
    .record({ sdp: sdpArb, seq: fc.option(fc.oneof(fc.nat(9), fc.nat(999_999_999)), { nil: undefined }) })
    .map(({ sdp, seq }) => (seq === undefined ? { type, sdp } : { type, sdp, seq }));

/** An ICE candidate that names its m-line when it isn't an end-of-candidates marker. */
export const candidateArb: fc.Arbitrary<SignalCandidate> = fc
  .record({
    candidate: fc.oneof(
      fc.constant(''),
      fc
        .tuple(fc.nat(9), fc.nat(2 ** 31), fc.integer({ min: 1024, max: 65535 }))
        .map(([f, p, port]) => `candidate:${f} 1 udp ${p} 127.0.0.1 ${port} typ host generation 0`),
      tricky(120).map(stripControls),
    ),
    sdpMid: fc.option(tricky(20).map(stripControls), { nil: null }),
    sdpMLineIndex: fc.option(fc.integer({ min: 0, max: 63 }), { nil: null }),
    usernameFragment: fc.option(tricky(32).map(stripControls), { nil: null }),
  })
  .map((c) => (c.candidate !== '' && c.sdpMid === null && c.sdpMLineIndex === null ? { ...c, sdpMLineIndex: 0 } : c));

const mediaArb: fc.Arbitrary<MediaState> = fc.record(
  {
    audioMuted: fc.boolean(),
    videoMuted: fc.boolean(),
    screenSharing: fc.boolean(),
    // Only ever `true` on the wire: absent is a screen shared without sound, or none.
    screenAudio: fc.constant(true),
  },
  { requiredKeys: ['audioMuted', 'videoMuted', 'screenSharing'] },
);

/** A valid `call`; its first participant is the caller, and its session id is that caller's. */
export const callSignalArb: fc.Arbitrary<CallSignal> = fc
  .record(
    {
      kind: fc.constant('call' as const),
      nonce: fc.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      callType: fc.constantFrom('audio' as const, 'video' as const),
      participants: fc.uniqueArray(bareJidArb, { minLength: 2, maxLength: 16 }),
      startedAt: fc.oneof(fc.nat(), fc.integer({ min: 1_700_000_000_000, max: 2_000_000_000_000 })),
      offer: descriptionArb('offer'),
      userInfo: userInfoArb,
      dialingInterval: fc.integer({ min: 100, max: 3_600_000 }),
    },
    { requiredKeys: ['kind', 'nonce', 'callType', 'participants', 'startedAt', 'offer', 'userInfo'] },
  )
  .map(({ nonce, ...call }) => ({ ...call, sessionId: newSessionId(call.participants[0] as string, nonce) }));

/** A valid signal of any kind. */
export const signalArb: fc.Arbitrary<Signal> = fc.oneof(
  callSignalArb,
  fc.record(
    {
      kind: fc.constant('accept' as const),
      sessionId: sessionIdArb,
      answer: fc.option(descriptionArb('answer'), { nil: null }),
      userInfo: userInfoArb,
      // Only ever `true` on the wire: absent is the callee that does not take them.
      shareSections: fc.constant(true),
    },
    { requiredKeys: ['kind', 'sessionId', 'answer', 'userInfo'] },
  ),
  fc.record({
    kind: fc.constant('reject' as const),
    sessionId: sessionIdArb,
    reason: fc.constantFrom<RejectReason>('declined', 'busy', 'failed'),
    userInfo: userInfoArb,
  }),
  fc.record({ kind: fc.constant('hangup' as const), sessionId: sessionIdArb, userInfo: userInfoArb }),
  fc.record({
    kind: fc.constant('hangup' as const),
    sessionId: sessionIdArb,
    userInfo: userInfoArb,
    inCall: fc.uniqueArray(bareJidArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('hangup' as const),
    sessionId: sessionIdArb,
    userInfo: userInfoArb,
    connectionLost: fc.constant(true as const),
  }),
  fc.record({
    kind: fc.constant('cancel' as const),
    sessionId: sessionIdArb,
    reason: fc.constantFrom<CancelReason>('cancelled', 'timeout', 'answered-elsewhere', 'rejected-elsewhere'),
  }),
  fc.record({
    kind: fc.constant('cancel' as const),
    sessionId: sessionIdArb,
    reason: fc.constant<CancelReason>('answered-elsewhere'),
    joined: fullJidArb,
  }),
  fc.record({
    kind: fc.constant('cancel' as const),
    sessionId: sessionIdArb,
    reason: fc.constant<CancelReason>('cancelled'),
    userInfo: userInfoArb.filter((info) => Object.keys(info).length > 0),
  }),
  fc.record({
    kind: fc.constant('candidates' as const),
    sessionId: sessionIdArb,
    candidates: fc.array(candidateArb, { minLength: 1, maxLength: 64 }),
  }),
  fc.record({
    kind: fc.constant('description' as const),
    sessionId: sessionIdArb,
    description: fc.oneof(descriptionArb('offer'), descriptionArb('answer')),
  }),
  fc.record(
    {
      kind: fc.constant('media' as const),
      sessionId: sessionIdArb,
      media: mediaArb,
      seq: fc.oneof(fc.nat(9), fc.nat(999_999_999)),
    },
    { requiredKeys: ['kind', 'sessionId', 'media'] },
  ),
);

/** The address a signal's stanza comes from: for a `call`, a device of its first participant. */
export function senderOf(signal: Signal, fallback: string): string {
  return signal.kind === 'call' ? `${signal.participants[0]}/device` : fallback;
}
