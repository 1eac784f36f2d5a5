/**
 * Signal → `<message/>` stanza. The encoder validates with the same rules as the decoder (see
 * `validate.ts`), so it never sends something a meshcall peer would refuse; a violation is the sender's
 * bug and throws `invalid-argument`.
 */
import xml from '@xmpp/xml';
import type { Element } from 'ltx';
import { MeshcallError } from '../util/errors.js';
import type { Address } from '../util/jid.js';
import { randomHex } from '../util/random.js';
import { SIGNAL_LIMITS } from './limits.js';
import { isSessionIdOf } from './session-id.js';
import type { Signal, SignalCandidate, SignalDescription, UserInfo } from './signal.js';
import { checkSignal, isToken, isValidJid, MESSAGE_ID_LENGTH } from './validate.js';
import { HINTS_NS, MESHCALL_NS, MESHCALL_PROTOCOL_VERSION, SIGNAL_HINTS, WIRE } from './wire.js';
import { measure } from './xml.js';

/** Options of {@link encodeSignal}. */
export interface EncodeOptions {
  /** The stanza `id`; a random one is generated when absent. */
  readonly id?: string | undefined;
}

/** A fresh message id: `mc` and 16 random hex digits. */
function randomId(): string {
  return `mc${randomHex(8)}`;
}

/** SDP travels with LF line endings, which is what any XML parser leaves of CR LF anyway. */
function sdpElement(description: SignalDescription): Element {
  const attrs: Record<string, string> = { type: description.type };
  if (description.seq !== undefined) attrs.seq = String(description.seq);
  return xml(WIRE.sdp, attrs, description.sdp.replace(/\r\n?/g, '\n'));
}

function userInfoElement(userInfo: UserInfo): Element | null {
  const keys = Object.keys(userInfo);
  if (keys.length === 0) return null;
  return xml(WIRE.userInfo, {}, ...keys.map((key) => xml(WIRE.entry, { key }, userInfo[key] as string)));
}

function candidateElement(candidate: SignalCandidate): Element {
  return xml(
    WIRE.candidate,
    {
      mid: candidate.sdpMid ?? undefined,
      mline: candidate.sdpMLineIndex === null ? undefined : String(candidate.sdpMLineIndex),
      ufrag: candidate.usernameFragment ?? undefined,
    },
    candidate.candidate,
  );
}

/** Builds the `<signal xmlns="urn:meshcall:signal"/>` payload of a valid signal. */
function payload(signal: Signal): Element {
  const attrs: Record<string, string> = {
    xmlns: MESHCALL_NS,
    v: String(MESHCALL_PROTOCOL_VERSION),
    kind: signal.kind,
    session: signal.sessionId,
  };
  const children: Array<Element | null> = [];
  switch (signal.kind) {
    case 'call':
      attrs['call-type'] = signal.callType;
      attrs.started = String(signal.startedAt);
      if (signal.dialingInterval !== undefined) attrs.dialing = String(signal.dialingInterval);
      for (const jid of signal.participants) children.push(xml(WIRE.participant, { jid }));
      children.push(sdpElement(signal.offer), userInfoElement(signal.userInfo));
      break;
    case 'accept':
      if (signal.shareSections) attrs['share-sections'] = 'true';
      if (signal.answer) children.push(sdpElement(signal.answer));
      children.push(userInfoElement(signal.userInfo));
      break;
    case 'reject':
      // `failed` came after version 1 was out: on the wire it is a `declined` (what older receivers take it
      // for) with an attribute they ignore.
      attrs.reason = signal.reason === 'failed' ? 'declined' : signal.reason;
      if (signal.reason === 'failed') attrs.failed = 'true';
      children.push(userInfoElement(signal.userInfo));
      break;
    case 'hangup':
      children.push(userInfoElement(signal.userInfo));
      for (const jid of signal.inCall ?? []) children.push(xml(WIRE.inCall, { jid }));
      if (signal.connectionLost) attrs['connection-lost'] = 'true';
      break;
    case 'cancel':
      attrs.reason = signal.reason;
      if (signal.joined !== undefined) attrs.joined = signal.joined;
      if (signal.userInfo !== undefined) children.push(userInfoElement(signal.userInfo));
      break;
    case 'candidates':
      for (const candidate of signal.candidates) children.push(candidateElement(candidate));
      break;
    case 'description':
      children.push(sdpElement(signal.description));
      break;
    case 'media':
      attrs['audio-muted'] = String(signal.media.audioMuted);
      attrs['video-muted'] = String(signal.media.videoMuted);
      attrs['screen-sharing'] = String(signal.media.screenSharing);
      if (signal.media.screenAudio) attrs['screen-audio'] = 'true';
      if (signal.seq !== undefined) attrs.seq = String(signal.seq);
      break;
  }
  return xml(WIRE.signal, attrs, ...children.filter((child): child is Element => child !== null));
}

/**
 * Builds the complete stanza carrying `signal` to `to`:
 * `<message type="headline" to id><signal …/><no-store/><no-permanent-store/><no-copy/></message>`.
 * Throws {@link MeshcallError} `invalid-argument` if the signal, `to` or `id` break the protocol's rules.
 */
export function encodeSignal(signal: Signal, to: Address, options?: EncodeOptions): Element {
  const issue = checkSignal(signal);
  if (issue) throw new MeshcallError('invalid-argument', `Cannot encode signal: ${issue.message}`);
  // Who sends is not known here, but a call's session id must be one of its participants' (the caller's).
  if (signal.kind === 'call' && !signal.participants.some((user) => isSessionIdOf(signal.sessionId, user))) {
    throw new MeshcallError(
      'invalid-argument',
      'Cannot encode signal: the session id of a call must be made by newSessionId(caller)',
    );
  }
  if (!isValidJid(to)) throw new MeshcallError('invalid-argument', `Cannot encode signal: invalid recipient JID`);
  const id = options?.id ?? randomId();
  if (id.length === 0 || !isToken(id, MESSAGE_ID_LENGTH)) {
    throw new MeshcallError('invalid-argument', 'Cannot encode signal: invalid message id');
  }
  const body = payload(signal);
  // Field limits alone allow payloads a little over the stanza budget (e.g. 64 maximal candidates with
  // heavy escaping); the decoder measures the same way, so refuse here what it would refuse there.
  if (!measure(body, SIGNAL_LIMITS.stanzaLength).ok) {
    throw new MeshcallError('invalid-argument', `Cannot encode signal: payload above ${SIGNAL_LIMITS.stanzaLength}`);
  }
  const stanza = xml(
    'message',
    { type: 'headline', to, id },
    body,
    ...SIGNAL_HINTS.map((hint) => xml(hint, { xmlns: HINTS_NS })),
  );
  // Characters are not bytes: a payload within the character limit, made of multi-byte text, could still be
  // too large to travel (see `sendBytes`). Serializing a signal costs little next to sending it.
  const bytes = utf8Length(stanza.toString());
  if (bytes > SIGNAL_LIMITS.sendBytes) {
    throw new MeshcallError(
      'invalid-argument',
      `Cannot encode signal: ${bytes} bytes on the wire, above ${SIGNAL_LIMITS.sendBytes} (servers refuse larger WebSocket messages from browsers)`,
    );
  }
  return stanza;
}

const utf8 = /* @__PURE__ */ new TextEncoder();

function utf8Length(text: string): number {
  return utf8.encode(text).length;
}
