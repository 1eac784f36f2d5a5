/**
 * `<message/>` stanza → signal. Total: whatever the input, the result is one of the three
 * {@link DecodeResult} shapes, and the work done is bounded by {@link SIGNAL_LIMITS} (the payload is
 * measured with an early-exit walk before any field is read).
 */
import { bareJid } from '../util/jid.js';
import { type DecodeResult, SignalError } from './codec.js';
import { SIGNAL_LIMITS } from './limits.js';
import { isSessionIdOf } from './session-id.js';
import type { Signal, SignalCandidate, SignalDescription, UserInfo } from './signal.js';
import { checkSignal, isValidJid, toCrlf } from './validate.js';
import { DELAY_NS, LEGACY_DELAY_NS, MESHCALL_NS, MESHCALL_PROTOCOL_VERSION, WIRE } from './wire.js';
import { attr, childrenOf, isElement, isNode, measure, textOf, type UntrustedNode } from './xml.js';

type ErrorCode = 'signal-malformed' | 'signal-too-large' | 'signal-unsupported-version' | 'signal-stale';

/** Thrown inside the decoder only, turned into an `error` result at its boundary. */
class Refusal {
  constructor(
    readonly code: ErrorCode,
    readonly message: string,
  ) {}
}

function refuse(code: ErrorCode, message: string): never {
  throw new Refusal(code, message);
}

const malformed = (message: string): never => refuse('signal-malformed', message);

/** The payload's own-namespace children, grouped by name. Text and foreign elements are ignored. */
function childrenByName(node: UntrustedNode): Map<string, UntrustedNode[]> {
  const groups = new Map<string, UntrustedNode[]>();
  for (const child of childrenOf(node)) {
    if (!isNode(child)) continue;
    const name = child.name as string;
    if (!isElement(child, name, MESHCALL_NS, true)) continue;
    const group = groups.get(name);
    if (group) group.push(child);
    else groups.set(name, [child]);
  }
  return groups;
}

/** At most one child of that name. */
function optionalChild(groups: Map<string, UntrustedNode[]>, name: string): UntrustedNode | null {
  const group = groups.get(name);
  if (!group) return null;
  if (group.length > 1) malformed(`more than one <${name}>`);
  return group[0] ?? null;
}

function requiredChild(groups: Map<string, UntrustedNode[]>, name: string): UntrustedNode {
  return optionalChild(groups, name) ?? malformed(`missing <${name}>`);
}

function requiredAttr(node: UntrustedNode, name: string): string {
  const value = attr(node, name);
  if (typeof value !== 'string') malformed(`missing attribute ${name}`);
  return value as string;
}

/** An optional attribute: absent → `null`. */
function optionalAttr(node: UntrustedNode, name: string): string | null {
  const value = attr(node, name);
  if (value === null) malformed(`attribute ${name} is not text`);
  return value ?? null;
}

function text(node: UntrustedNode): string {
  const value = textOf(node);
  if (value === null) malformed(`<${node.name as string}> must hold only text`);
  return value as string;
}

function readDescription(node: UntrustedNode): SignalDescription {
  const type = requiredAttr(node, 'type');
  if (type !== 'offer' && type !== 'answer') malformed('sdp type must be offer or answer');
  const seq = optionalAttr(node, 'seq');
  if (seq !== null && !SEQ.test(seq)) malformed('seq must be an integer 0..999999999');
  // XML parsers turn CR LF into LF: restore the CRLF line endings SDP requires (RFC 8866).
  const sdp = toCrlf(text(node));
  return { type: type as 'offer' | 'answer', sdp, ...(seq === null ? {} : { seq: Number(seq) }) };
}

function readUserInfo(groups: Map<string, UntrustedNode[]>): UserInfo {
  // A null-prototype map: keys such as `__proto__` or `constructor` are plain data, never prototype links.
  const info: Record<string, string> = Object.create(null);
  const container = optionalChild(groups, WIRE.userInfo);
  if (!container) return Object.freeze(info);
  const entries = childrenByName(container).get(WIRE.entry) ?? [];
  if (entries.length > SIGNAL_LIMITS.userInfoEntries) {
    refuse('signal-too-large', `userInfo has more than ${SIGNAL_LIMITS.userInfoEntries} entries`);
  }
  for (const entry of entries) {
    const key = requiredAttr(entry, 'key');
    if (Object.hasOwn(info, key)) malformed(`duplicate userInfo key`);
    info[key] = text(entry);
  }
  return Object.freeze(info);
}

function readParticipants(groups: Map<string, UntrustedNode[]>): readonly string[] {
  const nodes = groups.get(WIRE.participant) ?? [];
  if (nodes.length > SIGNAL_LIMITS.participants) {
    refuse('signal-too-large', `more than ${SIGNAL_LIMITS.participants} participants`);
  }
  // Participants are compared by bare JID everywhere; lower-case once, here. Validity is checked after.
  return nodes.map((node) => requiredAttr(node, 'jid').toLowerCase());
}

const MLINE = /^(?:0|[1-9][0-9]?)$/;
const TIMESTAMP = /^(?:0|[1-9][0-9]{0,15})$/;
const SEQ = /^(?:0|[1-9][0-9]{0,8})$/;
/** A dialing interval: a decimal integer without leading zeros (its range is checked with the signal's). */
const DIALING = /^[1-9][0-9]{2,6}$/;

function readCandidate(node: UntrustedNode): SignalCandidate {
  const mline = optionalAttr(node, 'mline');
  if (mline !== null && !MLINE.test(mline)) malformed('mline must be an integer 0..63');
  return {
    candidate: text(node),
    sdpMid: optionalAttr(node, 'mid'),
    sdpMLineIndex: mline === null ? null : Number(mline),
    usernameFragment: optionalAttr(node, 'ufrag'),
  };
}

function readBoolean(node: UntrustedNode, name: string): boolean {
  const value = requiredAttr(node, name);
  if (value !== 'true' && value !== 'false') malformed(`${name} must be true or false`);
  return value === 'true';
}

/** Reads the fields of a version-1 payload into a signal (validated afterwards by `checkSignal`). */
function readSignal(node: UntrustedNode): Signal {
  const kind = requiredAttr(node, 'kind');
  const sessionId = requiredAttr(node, 'session');
  const groups = childrenByName(node);
  switch (kind) {
    case 'call': {
      const started = requiredAttr(node, 'started');
      if (!TIMESTAMP.test(started)) malformed('started must be milliseconds since the epoch');
      const dialing = optionalAttr(node, 'dialing');
      if (dialing !== null && !DIALING.test(dialing)) malformed('dialing must be milliseconds, 100 to 3600000');
      const call = {
        kind,
        sessionId,
        callType: requiredAttr(node, 'call-type') as 'audio' | 'video',
        participants: readParticipants(groups),
        startedAt: Number(started),
        offer: readDescription(requiredChild(groups, WIRE.sdp)),
        userInfo: readUserInfo(groups),
      };
      return dialing === null ? call : { ...call, dialingInterval: Number(dialing) };
    }
    case 'accept': {
      const sdp = optionalChild(groups, WIRE.sdp);
      const share = optionalAttr(node, 'share-sections');
      if (share !== null && share !== 'true') malformed('share-sections must be "true"');
      const accept = { kind, sessionId, answer: sdp ? readDescription(sdp) : null, userInfo: readUserInfo(groups) };
      return share === null ? accept : { ...accept, shareSections: true };
    }
    case 'reject': {
      const reason = requiredAttr(node, 'reason');
      const failed = optionalAttr(node, 'failed');
      if (reason === 'failed') malformed('failed is an attribute of a declined reject, not a reason');
      if (failed !== null && (failed !== 'true' || reason !== 'declined')) {
        malformed('failed must be "true", on a declined reject');
      }
      return {
        kind,
        sessionId,
        reason: (failed === null ? reason : 'failed') as 'declined',
        userInfo: readUserInfo(groups),
      };
    }
    case 'hangup': {
      const lost = optionalAttr(node, 'connection-lost');
      if (lost !== null && lost !== 'true') malformed('connection-lost must be "true"');
      const userInfo = readUserInfo(groups);
      const hangup =
        lost === null ? { kind, sessionId, userInfo } : { kind, sessionId, userInfo, connectionLost: true as const };
      const inCall = groups.get(WIRE.inCall);
      if (inCall === undefined) return hangup;
      if (inCall.length > SIGNAL_LIMITS.participants) {
        refuse('signal-too-large', `more than ${SIGNAL_LIMITS.participants} in-call`);
      }
      return { ...hangup, inCall: inCall.map((node) => requiredAttr(node, 'jid').toLowerCase()) };
    }
    case 'cancel': {
      const joined = optionalAttr(node, 'joined');
      const reason = requiredAttr(node, 'reason') as 'cancelled';
      const cancel = joined === null ? { kind, sessionId, reason } : { kind, sessionId, reason, joined };
      const userInfo = readUserInfo(groups);
      return Object.keys(userInfo).length > 0 ? { ...cancel, userInfo } : cancel;
    }
    case 'candidates': {
      const nodes = groups.get(WIRE.candidate) ?? [];
      if (nodes.length > SIGNAL_LIMITS.candidatesPerSignal) {
        refuse('signal-too-large', `more than ${SIGNAL_LIMITS.candidatesPerSignal} candidates`);
      }
      return { kind, sessionId, candidates: nodes.map(readCandidate) };
    }
    case 'description':
      return { kind, sessionId, description: readDescription(requiredChild(groups, WIRE.sdp)) };
    case 'media': {
      const seq = optionalAttr(node, 'seq');
      if (seq !== null && !SEQ.test(seq)) malformed('seq must be an integer 0..999999999');
      const screenAudio = optionalAttr(node, 'screen-audio');
      if (screenAudio !== null && screenAudio !== 'true') malformed('screen-audio must be "true"');
      return {
        kind,
        sessionId,
        media: {
          audioMuted: readBoolean(node, 'audio-muted'),
          videoMuted: readBoolean(node, 'video-muted'),
          screenSharing: readBoolean(node, 'screen-sharing'),
          ...(screenAudio === null ? {} : { screenAudio: true }),
        },
        ...(seq === null ? {} : { seq: Number(seq) }),
      };
    }
    default:
      return malformed('unknown signal kind');
  }
}

/** Freezes the signal and its nested arrays and objects: decoded signals are shared, immutable values. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

const VERSION = /^[0-9]{1,9}$/;
/** Longer than any XEP-0082 date-time (`2026-11-29T03:20:00.123456789+14:00`): not parsed. */
const MAX_STAMP_LENGTH = 40;

/**
 * Whether a XEP-0203 stamp was added by stream management (XEP-0198) re-sending after a resumed connection,
 * rather than by storage. Both ends do that: the server (Prosody's mod_smacks stamps what it queued for the
 * recipient with `from` = the recipient's bare JID; ejabberd's mod_stream_mgmt with the recipient's domain and
 * the text `Resent`) and the sender's own client (@xmpp/client stamps what it had not seen acknowledged with
 * `from` = the sender's JID). Such a signal was sent live, seconds ago: refusing it would lose exactly the
 * signals (ICE restart offers, candidates) that recovery from a network drop needs. Offline storage stamps with
 * the server's domain and another text (ejabberd: `Offline Storage`) or none. (A sender stamping its own
 * signals gains nothing: it could as well send them fresh.)
 */
function isStreamResumptionStamp(delay: UntrustedNode, recipient: string | null, sender: string | null): boolean {
  const stampedBy = attr(delay, 'from');
  if (typeof stampedBy !== 'string' || stampedBy.length > SIGNAL_LIMITS.jidLength) return false;
  const by = bareJid(stampedBy);
  if ((recipient !== null && by === recipient) || (sender !== null && by === sender)) return true;
  const recipientDomain = recipient?.slice(recipient.indexOf('@') + 1);
  return by === recipientDomain && textOf(delay) === 'Resent';
}

/** A XEP-0203 stamp's time (XEP-0082 date-time, ms since epoch), or `undefined` if it has none that reads. */
function stampTime(delay: UntrustedNode): number | undefined {
  const stamp = attr(delay, 'stamp');
  if (typeof stamp !== 'string' || stamp.length > MAX_STAMP_LENGTH) return undefined;
  const time = Date.parse(stamp);
  return Number.isFinite(time) ? time : undefined;
}

function earliest(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function decodeStanza(stanza: unknown): DecodeResult {
  if (!isNode(stanza) || stanza.name !== 'message') return { type: 'ignored' };
  // One pass over the first direct children only: payloads wrapped by carbons, MAM or forwards
  // (XEP-0280/0313/0297) are replays of someone else's traffic and are never unwrapped, and a message with
  // a million children costs no more than one with a few.
  const children = childrenOf(stanza);
  const scanned = Math.min(children.length, SIGNAL_LIMITS.messageChildren);
  const payloads: UntrustedNode[] = [];
  const to = attr(stanza, 'to');
  const recipient = typeof to === 'string' && to.length <= SIGNAL_LIMITS.jidLength ? bareJid(to) : null;
  const sentFrom = attr(stanza, 'from');
  const sender = typeof sentFrom === 'string' && sentFrom.length <= SIGNAL_LIMITS.jidLength ? bareJid(sentFrom) : null;
  let delayed = false;
  let resentAt: number | undefined;
  for (let i = 0; i < scanned; i++) {
    const child = children[i];
    if (!isNode(child)) continue;
    if (attr(child, 'xmlns') === MESHCALL_NS) payloads.push(child);
    else if (isElement(child, 'delay', DELAY_NS)) {
      if (!isStreamResumptionStamp(child, recipient, sender)) delayed = true;
      else resentAt = earliest(resentAt, stampTime(child));
    } else if (isElement(child, 'x', LEGACY_DELAY_NS)) delayed = true;
  }
  const payload = payloads[0];
  if (!payload) return { type: 'ignored' };

  // A bounce of our own signal (the server copies the payload into the error): not a signal from them.
  const type = attr(stanza, 'type');
  if (type === 'error') return { type: 'ignored' };

  const rawFrom = attr(stanza, 'from');
  const from = isValidJid(rawFrom) ? rawFrom : null;
  const fail = (code: ErrorCode, message: string): DecodeResult => ({
    type: 'error',
    error: new SignalError(code, message, from),
  });
  try {
    if (from === null) return fail('signal-malformed', 'signal without a valid from address');
    if (type !== 'headline') return fail('signal-malformed', 'signal in a message that is not a headline');
    if (children.length > scanned) {
      return fail('signal-too-large', `message with more than ${SIGNAL_LIMITS.messageChildren} children`);
    }
    if (payloads.length > 1) return fail('signal-malformed', 'more than one meshcall payload');
    if (payload.name !== WIRE.signal) return fail('signal-malformed', 'unknown meshcall payload element');
    if (delayed) return fail('signal-stale', 'signal with a delayed-delivery stamp (stored and replayed)');

    const measured = measure(payload, SIGNAL_LIMITS.stanzaLength);
    if (!measured.ok) {
      return measured.reason === 'not-xml'
        ? fail('signal-malformed', 'payload is not an XML tree')
        : fail('signal-too-large', `payload deeper than ${SIGNAL_LIMITS.depth} or larger than the stanza limit`);
    }

    const version = attr(payload, 'v');
    if (typeof version !== 'string' || !VERSION.test(version))
      return fail('signal-malformed', 'missing or unreadable version');
    if (Number(version) !== MESHCALL_PROTOCOL_VERSION) {
      return fail('signal-unsupported-version', `unsupported meshcall protocol version ${version}`);
    }

    const signal = readSignal(payload);
    const issue = checkSignal(signal);
    if (issue) return fail(issue.code, issue.message);
    if (signal.kind === 'call') {
      const caller = bareJid(from);
      if (!signal.participants.includes(caller))
        return fail('signal-malformed', 'the caller is not among the participants');
      if (!isSessionIdOf(signal.sessionId, caller)) {
        return fail('signal-malformed', 'the session id of the call was not made by its caller');
      }
    }
    return resentAt === undefined
      ? { type: 'signal', signal: deepFreeze(signal), from }
      : { type: 'signal', signal: deepFreeze(signal), from, resentAt };
  } catch (error) {
    if (error instanceof Refusal) return fail(error.code, error.message);
    // Anything else is a decoder bug or an exotic object (a throwing getter, a stack overflow): still total.
    return { type: 'error', error: new SignalError('signal-malformed', 'undecodable stanza', from, { cause: error }) };
  }
}

/** Reads a received stanza; see {@link SignalCodec.decode}. Never throws. */
export function decodeSignal(stanza: unknown): DecodeResult {
  try {
    return decodeStanza(stanza);
  } catch (error) {
    return { type: 'error', error: new SignalError('signal-malformed', 'undecodable stanza', null, { cause: error }) };
  }
}
