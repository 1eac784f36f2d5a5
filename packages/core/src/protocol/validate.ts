/**
 * Validation of signal values, shared by the encoder and the decoder. Running the very same checks on both
 * sides is what makes the codec symmetric: whatever `encode` accepts, `decode` accepts back, and the other
 * way round. Every function here takes `unknown`-ish input and never throws, because the encoder may be fed
 * anything by plain JavaScript callers and the decoder by hostile peers.
 */
import { MeshcallError } from '../util/errors.js';
import { SIGNAL_LIMITS } from './limits.js';
import type { CancelReason, RejectReason, Signal, SignalKind, UserInfo } from './signal.js';
import { SIGNAL_KINDS } from './signal.js';

/** Why a value is not acceptable: the error code it maps to and a human-readable reason. */
export interface Issue {
  readonly code: 'signal-malformed' | 'signal-too-large';
  readonly message: string;
}

const malformed = (message: string): Issue => ({ code: 'signal-malformed', message });
const tooLarge = (message: string): Issue => ({ code: 'signal-too-large', message });

/** Control characters XML 1.0 cannot carry at all. A stanza holding one kills the stream. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const XML_ILLEGAL_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
/** Characters forbidden in single-line tokens: every control character (C0, DEL, C1), and XML-illegal ones. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const TOKEN_ILLEGAL_CONTROLS = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]/;
/** Characters forbidden in JIDs: the above, C1 controls and any white space. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const JID_ILLEGAL = /[\u0000-\u0020\u007F-\u00A0\uFFFE\uFFFF\s]/;
/** Any surrogate code unit: a cheap pre-check, because the precise test below needs the slower `u` mode. */
const SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /\p{Cs}/u;

/** Whether `value` holds a lone surrogate (UTF-16 that is not valid Unicode, which XML cannot carry). */
function hasLoneSurrogate(value: string): boolean {
  return SURROGATE.test(value) && LONE_SURROGATE.test(value);
}

/** Whether `value` holds a character XML cannot carry at all. */
function hasXmlIllegal(value: string): boolean {
  return XML_ILLEGAL_CONTROLS.test(value) || hasLoneSurrogate(value);
}

/** Whether `value` holds a control character or a character XML cannot carry. */
function hasTokenIllegal(value: string): boolean {
  return TOKEN_ILLEGAL_CONTROLS.test(value) || hasLoneSurrogate(value);
}

/** Characters RFC 7622 forbids in a localpart. */
const LOCAL_ILLEGAL = /["&'/:<>@]/;

const SESSION_ID = /^[A-Za-z0-9_-]+$/;
const CALL_TYPES: readonly string[] = ['audio', 'video'];
/** Highest `seq` of a `media` signal or a description: nine digits on the wire. */
const MAX_SEQ = 999_999_999;
const isSeq = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_SEQ;
const REJECT_REASONS: readonly RejectReason[] = ['declined', 'busy', 'failed'];
const CANCEL_REASONS: readonly CancelReason[] = ['cancelled', 'timeout', 'answered-elsewhere', 'rejected-elsewhere'];

/** The longest message `id` attribute the encoder accepts. */
export const MESSAGE_ID_LENGTH = 256;

/** Whether `value` is a string that XML can carry as a single-line attribute value or token. */
export function isToken(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength && !hasTokenIllegal(value);
}

/** Whether `value` is a meshcall session id: 1–64 characters of `[A-Za-z0-9_-]`. */
export function isValidSessionId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= SIGNAL_LIMITS.sessionIdLength &&
    SESSION_ID.test(value)
  );
}

/**
 * Whether `value` is a syntactically valid JID: `domain`, `local@domain`, optionally followed by `/resource`,
 * at most {@link SIGNAL_LIMITS.jidLength} characters, without white space or control characters. This is a
 * sanity check for untrusted input, not full RFC 7622 stringprep.
 */
export function isValidJid(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > SIGNAL_LIMITS.jidLength) return false;
  if (JID_ILLEGAL.test(value) || hasLoneSurrogate(value)) return false;
  const slash = value.indexOf('/');
  const bare = slash === -1 ? value : value.slice(0, slash);
  if (slash !== -1 && slash === value.length - 1) return false; // empty resource
  const at = bare.indexOf('@');
  const local = at === -1 ? null : bare.slice(0, at);
  const domain = at === -1 ? bare : bare.slice(at + 1);
  if (local !== null && (local.length === 0 || LOCAL_ILLEGAL.test(local))) return false;
  return domain.length > 0 && !domain.includes('@') && !domain.startsWith('.') && !domain.endsWith('.');
}

/** Whether `value` is a valid bare JID in canonical (lower-case) form, as participants are carried. */
export function isCanonicalBareJid(value: unknown): value is string {
  return isValidJid(value) && !value.includes('/') && value === value.toLowerCase();
}

/** Whether `value` is a plain (non-array, non-null) object. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Throws `invalid-argument` unless `value` is a userInfo the protocol can carry: a flat string → string map
 * within {@link SIGNAL_LIMITS} (what `start`, `accept`, `reject` and `hangUp` check). Check before creating a
 * session, so a call that cannot go out never exists.
 */
export function assertUserInfo(value: unknown): asserts value is UserInfo {
  const issue = checkUserInfo(value);
  if (issue) throw new MeshcallError('invalid-argument', `userInfo: ${issue.message}`);
}

/** Checks a userInfo map: flat string→string, bounded entry count and lengths. */
export function checkUserInfo(value: unknown): Issue | null {
  if (!isRecord(value)) return malformed('userInfo must be an object');
  let entries = 0;
  let total = 0;
  for (const key of Object.keys(value)) {
    entries += 1;
    if (entries > SIGNAL_LIMITS.userInfoEntries) {
      return tooLarge(`userInfo has more than ${SIGNAL_LIMITS.userInfoEntries} entries`);
    }
    const item = value[key];
    if (typeof item !== 'string') return malformed('userInfo values must be strings');
    if (key.length === 0) return malformed('userInfo keys must not be empty');
    if (key.length > SIGNAL_LIMITS.userInfoKeyLength) {
      return tooLarge(`userInfo key longer than ${SIGNAL_LIMITS.userInfoKeyLength}`);
    }
    if (item.length > SIGNAL_LIMITS.userInfoValueLength) {
      return tooLarge(`userInfo value longer than ${SIGNAL_LIMITS.userInfoValueLength}`);
    }
    total += key.length + item.length;
    if (total > SIGNAL_LIMITS.userInfoTotalLength) {
      return tooLarge(`userInfo longer than ${SIGNAL_LIMITS.userInfoTotalLength} characters in total`);
    }
    if (hasTokenIllegal(key)) return malformed('userInfo key contains a control character');
    // Values travel as element text: tab and LF survive XML, CR does not (parsers turn it into LF).
    if (hasXmlIllegal(item) || item.includes('\r')) {
      return malformed('userInfo value contains a carriage return or a character XML cannot carry');
    }
  }
  return null;
}

/** Every line ending (LF, CR LF, lone CR) as CR LF, the form SDP requires (RFC 8866). */
export function toCrlf(sdp: string): string {
  // After a real XML parser there is no CR: the fast path.
  return sdp.includes('\r') ? sdp.replace(/\r\n|\r|\n/g, '\r\n') : sdp.replaceAll('\n', '\r\n');
}

/**
 * Checks an SDP string: bounded, starts with `v=0`, and only characters that survive XML. Measured with CR LF
 * line endings, the form the receiver gets, whatever line endings the sender used: what one side accepts,
 * the other does too.
 */
export function checkSdp(value: unknown): Issue | null {
  if (typeof value !== 'string') return malformed('sdp must be a string');
  const crlf = toCrlf(value);
  if (crlf.length > SIGNAL_LIMITS.sdpLength) return tooLarge(`sdp longer than ${SIGNAL_LIMITS.sdpLength}`);
  if (!crlf.startsWith('v=0\r\n')) return malformed('sdp does not start with "v=0"');
  if (hasXmlIllegal(value)) return malformed('sdp contains a character XML cannot carry');
  return null;
}

function checkDescription(value: unknown, expected: 'offer' | 'answer' | null): Issue | null {
  if (!isRecord(value)) return malformed('description must be an object');
  if (value.type !== 'offer' && value.type !== 'answer') return malformed('description type must be offer or answer');
  if (expected !== null && value.type !== expected) return malformed(`description type must be ${expected}`);
  if (value.seq !== undefined && !isSeq(value.seq)) return malformed('description seq must be an integer 0..999999999');
  return checkSdp(value.sdp);
}

/** Checks one ICE candidate. */
export function checkCandidate(value: unknown): Issue | null {
  if (!isRecord(value)) return malformed('candidate must be an object');
  const { candidate, sdpMid, sdpMLineIndex, usernameFragment } = value;
  if (typeof candidate !== 'string') return malformed('candidate line must be a string');
  if (candidate.length > SIGNAL_LIMITS.candidateLength) {
    return tooLarge(`candidate longer than ${SIGNAL_LIMITS.candidateLength}`);
  }
  if (hasTokenIllegal(candidate)) return malformed('candidate contains a control character');
  for (const [name, token] of [
    ['sdpMid', sdpMid],
    ['usernameFragment', usernameFragment],
  ] as const) {
    if (token === null) continue;
    if (typeof token !== 'string') return malformed(`${name} must be a string or null`);
    if (token.length > SIGNAL_LIMITS.tokenLength) return tooLarge(`${name} longer than ${SIGNAL_LIMITS.tokenLength}`);
    if (hasTokenIllegal(token)) return malformed(`${name} contains a control character`);
  }
  if (
    sdpMLineIndex !== null &&
    !(Number.isInteger(sdpMLineIndex) && (sdpMLineIndex as number) >= 0 && (sdpMLineIndex as number) <= 63)
  ) {
    return malformed('sdpMLineIndex must be an integer 0..63 or null');
  }
  // addIceCandidate refuses a candidate that names no m-line; catch it here rather than in the peer.
  if (candidate !== '' && sdpMid === null && sdpMLineIndex === null) {
    return malformed('candidate needs sdpMid or sdpMLineIndex');
  }
  return null;
}

/** Checks the participants of a `call`: 2..limit canonical bare JIDs, no duplicates. */
export function checkParticipants(value: unknown): Issue | null {
  if (!Array.isArray(value)) return malformed('participants must be an array');
  if (value.length > SIGNAL_LIMITS.participants) {
    return tooLarge(`more than ${SIGNAL_LIMITS.participants} participants`);
  }
  if (value.length < 2) return malformed('a call needs at least two participants');
  const seen = new Set<string>();
  for (const jid of value) {
    if (typeof jid === 'string' && jid.length > SIGNAL_LIMITS.jidLength) {
      return tooLarge(`participant JID longer than ${SIGNAL_LIMITS.jidLength}`);
    }
    if (!isCanonicalBareJid(jid)) return malformed('participants must be lower-case bare JIDs');
    if (seen.has(jid)) return malformed(`duplicate participant ${jid}`);
    seen.add(jid);
  }
  return null;
}

/** A caller's hang-up's `inCall`: distinct lower-case bare JIDs, as many as a call has participants at most. */
function checkInCall(value: unknown): Issue | null {
  if (!Array.isArray(value)) return malformed('inCall must be an array');
  if (value.length > SIGNAL_LIMITS.participants) return tooLarge(`more than ${SIGNAL_LIMITS.participants} in-call`);
  if (value.length === 0) return malformed('inCall names at least one callee (leave it out otherwise)');
  if (new Set(value).size !== value.length) return malformed('duplicate in-call JID');
  for (const jid of value) {
    if (typeof jid === 'string' && jid.length > SIGNAL_LIMITS.jidLength) {
      return tooLarge(`in-call JID longer than ${SIGNAL_LIMITS.jidLength}`);
    }
    if (!isCanonicalBareJid(jid)) return malformed('in-call must be lower-case bare JIDs');
  }
  return null;
}

/** The dialing intervals a `call` may announce (ms), as `dialingInterval` and on the wire (`dialing`). */
export const DIALING_INTERVAL_RANGE = { min: 100, max: 3_600_000 } as const;

function isBoolean(value: unknown): value is boolean {
  return value === true || value === false;
}

/**
 * Checks that `value` is a complete, valid {@link Signal}. Returns the first problem found, or `null`.
 * Unknown extra properties are not looked at (they are never encoded).
 */
export function checkSignal(value: unknown): Issue | null {
  if (!isRecord(value)) return malformed('signal must be an object');
  const kind = value.kind;
  if (typeof kind !== 'string' || !SIGNAL_KINDS.includes(kind as SignalKind)) return malformed('unknown signal kind');
  if (typeof value.sessionId === 'string' && value.sessionId.length > SIGNAL_LIMITS.sessionIdLength) {
    return tooLarge(`sessionId longer than ${SIGNAL_LIMITS.sessionIdLength}`);
  }
  if (!isValidSessionId(value.sessionId)) return malformed('sessionId must be 1-64 characters of [A-Za-z0-9_-]');
  const s = value as Partial<Record<string, unknown>> & { kind: SignalKind };
  switch (s.kind) {
    case 'call': {
      if (typeof s.callType !== 'string' || !CALL_TYPES.includes(s.callType)) {
        return malformed('callType must be audio or video');
      }
      if (!Number.isSafeInteger(s.startedAt) || (s.startedAt as number) < 0) {
        return malformed('startedAt must be a non-negative integer (ms since epoch)');
      }
      if (
        s.dialingInterval !== undefined &&
        (!Number.isSafeInteger(s.dialingInterval) ||
          (s.dialingInterval as number) < DIALING_INTERVAL_RANGE.min ||
          (s.dialingInterval as number) > DIALING_INTERVAL_RANGE.max)
      ) {
        return malformed(`dialingInterval must be ${DIALING_INTERVAL_RANGE.min} to ${DIALING_INTERVAL_RANGE.max} ms`);
      }
      return checkParticipants(s.participants) ?? checkDescription(s.offer, 'offer') ?? checkUserInfo(s.userInfo);
    }
    case 'accept':
      if (s.shareSections !== undefined && typeof s.shareSections !== 'boolean') {
        return malformed('shareSections must be a boolean');
      }
      return (s.answer === null ? null : checkDescription(s.answer, 'answer')) ?? checkUserInfo(s.userInfo);
    case 'reject':
      if (!REJECT_REASONS.includes(s.reason as RejectReason)) return malformed('unknown reject reason');
      return checkUserInfo(s.userInfo);
    case 'hangup':
      if (s.connectionLost !== undefined && s.connectionLost !== true) return malformed('connectionLost must be true');
      return (s.inCall === undefined ? null : checkInCall(s.inCall)) ?? checkUserInfo(s.userInfo);
    case 'cancel':
      if (!CANCEL_REASONS.includes(s.reason as CancelReason)) return malformed('unknown cancel reason');
      if (s.userInfo !== undefined) {
        if (s.reason !== 'cancelled') return malformed('userInfo goes only with cancelled');
        return checkUserInfo(s.userInfo);
      }
      if (s.joined === undefined) return null;
      if (s.reason !== 'answered-elsewhere') return malformed('joined goes only with answered-elsewhere');
      if (typeof s.joined === 'string' && s.joined.length > SIGNAL_LIMITS.jidLength) {
        return tooLarge(`joined JID longer than ${SIGNAL_LIMITS.jidLength}`);
      }
      return isValidJid(s.joined) && (s.joined as string).includes('/')
        ? null
        : malformed('joined must be a full JID (a device)');
    case 'candidates': {
      const list = s.candidates;
      if (!Array.isArray(list)) return malformed('candidates must be an array');
      if (list.length > SIGNAL_LIMITS.candidatesPerSignal) {
        return tooLarge(`more than ${SIGNAL_LIMITS.candidatesPerSignal} candidates`);
      }
      if (list.length === 0) return malformed('a candidates signal carries at least one candidate');
      for (const candidate of list) {
        const issue = checkCandidate(candidate);
        if (issue) return issue;
      }
      return null;
    }
    case 'description':
      return checkDescription(s.description, null);
    case 'media': {
      const media = s.media;
      if (
        !isRecord(media) ||
        !isBoolean(media.audioMuted) ||
        !isBoolean(media.videoMuted) ||
        !isBoolean(media.screenSharing)
      ) {
        return malformed('media must hold the booleans audioMuted, videoMuted and screenSharing');
      }
      if (media.screenAudio !== undefined && !isBoolean(media.screenAudio)) {
        return malformed('screenAudio must be a boolean');
      }
      const seq = s.seq;
      if (seq !== undefined && !isSeq(seq)) {
        return malformed('seq must be an integer 0..999999999');
      }
      return null;
    }
  }
}
