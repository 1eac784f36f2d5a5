/**
 * What screen readers hear while a call goes on: who joined, who left, declined, was busy or did not answer,
 * whose link dropped and came back, whose link was lost or turned poor, and who presents (a shared screen takes
 * the stage). The grid shows all of this only by tiles coming
 * and going and by badges, which a screen-reader user does not see change (WCAG 4.1.3, status messages).
 *
 * Pure: {@link nextAnnouncements} compares what was last announced of each participant with the session now.
 */
import { connectionQuality, type PeerState, TERMINAL_PEER_STATES, type UserId } from '@meshcall/core';
import { isReconnecting, type PeerSnapshot, type SessionSnapshot } from '@meshcall/hooks';
import type { MeshcallLabels } from '../labels.js';

/** Where a participant is, as far as announcements go. */
export type Presence =
  | 'in'
  | 'dropped'
  | 'left'
  | 'declined'
  | 'busy'
  | 'failed'
  | 'noAnswer'
  | 'unreachable'
  | 'lost'
  | 'unconnected';

/** What was last announced: where each participant is, who is presenting, and whose link is poor (since when). */
export interface Announced {
  readonly presence: ReadonlyMap<UserId, Presence>;
  readonly presenting: ReadonlySet<UserId>;
  /** Participants whose link was poor at the last look. */
  readonly poor: ReadonlySet<UserId>;
  /** Participants whose poor link was told, and when: a link that flaps is not told again for a while. */
  readonly poorToldAt: ReadonlyMap<UserId, number>;
}

/** Before the first announcement. */
export const NOTHING_ANNOUNCED: Announced = Object.freeze({
  presence: new Map<UserId, Presence>(),
  presenting: new Set<UserId>(),
  poor: new Set<UserId>(),
  poorToldAt: new Map<UserId, number>(),
});

/** A link that turns poor again within this long of being told so is not told again (ms). */
export const POOR_RETELL_MS = 60_000;

/**
 * Peer states on the way somewhere (ringing, connecting, an ICE restart's checks): nothing to say yet. Nor of
 * `closed`: the links close because the whole call ends (our hang-up, say), which the end screen tells; only
 * `hungUp` is someone leaving.
 */
const PRESENCE: Partial<Record<PeerState, Presence>> = {
  connected: 'in',
  disconnected: 'dropped',
  hungUp: 'left',
  notAnswered: 'noAnswer',
  unreachable: 'unreachable',
  disconnectTimeout: 'lost',
  // `failed`: the link never connected (one that had is `disconnectTimeout`).
  failed: 'unconnected',
  error: 'unconnected',
};

function presenceOf(peer: PeerSnapshot): Presence | null {
  if (peer.state === 'rejected')
    return peer.rejectReason === 'busy' || peer.rejectReason === 'failed' ? peer.rejectReason : 'declined';
  return PRESENCE[peer.state] ?? null;
}

/**
 * The sentences to announce for `session` given what was `announced` before, and what is announced after.
 * The first call (nothing announced yet) tells who is already in, or already turned the call down.
 *
 * A dropped link is not announced while every link of the call is down: the "Reconnecting…" screen says so
 * itself. Nor is what ends the call (the last other participant leaving, declining, not answering, lost): the end
 * screen, which comes with it, tells it in the same words. A participant "leaves" only after having been in; a link closed before that says nothing. A link that
 * turns poor is told once, and again only if it turns poor again {@link POOR_RETELL_MS} after that (`time`, ms).
 */
export function nextAnnouncements(
  session: SessionSnapshot | null | undefined,
  announced: Announced,
  labels: MeshcallLabels,
  nameOf: (userId: UserId) => string,
  time: number,
): { readonly sentences: readonly string[]; readonly announced: Announced } {
  if (!session) return { sentences: [], announced };
  const sentences: string[] = [];
  const presence = new Map(announced.presence);
  const presenting = new Set<UserId>();
  const poor = new Set<UserId>();
  const poorToldAt = new Map(announced.poorToldAt);
  const wholeCallDown = isReconnecting(session);
  const callOver = session.opponents.every((userId) => {
    const state = session.peers[userId]?.state;
    return state !== undefined && TERMINAL_PEER_STATES.has(state);
  });
  for (const userId of session.opponents) {
    const peer = session.peers[userId];
    const now = peer ? presenceOf(peer) : null;
    const before = announced.presence.get(userId);
    const wasIn = before === 'in' || before === 'dropped';
    if (now !== null && now !== before && (now !== 'left' || wasIn)) {
      presence.set(userId, now);
      const sentence = callOver ? null : sentenceFor(now, before, wholeCallDown, nameOf(userId), userId, labels);
      if (sentence) sentences.push(sentence);
    }
    // Presenting is told while in the call only: someone who leaves while sharing has left, that says it all.
    const inCall = presence.get(userId) === 'in' || presence.get(userId) === 'dropped';
    if (inCall && peer?.media?.screenSharing === true) presenting.add(userId);
    const wasPresenting = announced.presenting.has(userId);
    if (presenting.has(userId) && !wasPresenting) sentences.push(labels.participantPresenting(nameOf(userId), userId));
    if (!presenting.has(userId) && wasPresenting && inCall) {
      sentences.push(labels.participantStoppedPresenting(nameOf(userId), userId));
    }
    // As the tile's badge judges it (`useConnectionQuality`): only a connected link can be poor.
    if (peer?.state === 'connected' && connectionQuality(session.stats[userId]) === 'poor') poor.add(userId);
    const toldAt = poorToldAt.get(userId);
    if (poor.has(userId) && !announced.poor.has(userId) && (toldAt === undefined || time - toldAt >= POOR_RETELL_MS)) {
      poorToldAt.set(userId, time);
      sentences.push(labels.participantPoorConnection(nameOf(userId), userId));
    }
  }
  return { sentences, announced: { presence, presenting, poor, poorToldAt } };
}

/**
 * `text` ended as a sentence, so that a screen reader pauses before what follows it. A headline has no full stop;
 * read on without one it runs into the next sentence ("Call ended The connection…"). Closing brackets and quotes
 * after the stop count ("(…)." and "“…!”" are ended; "(Alice)" is not).
 */
export function asSentence(text: string): string {
  return /[.!?…。！？؟][\p{Pe}\p{Pf}"']*$/u.test(text.trimEnd()) ? text : `${text.trimEnd()}.`;
}

function sentenceFor(
  now: Presence,
  before: Presence | undefined,
  wholeCallDown: boolean,
  name: string,
  userId: UserId,
  labels: MeshcallLabels,
): string | null {
  switch (now) {
    case 'in':
      return before === 'dropped'
        ? labels.participantReconnected(name, userId)
        : labels.participantJoined(name, userId);
    case 'dropped':
      return wholeCallDown ? null : labels.participantReconnecting(name, userId);
    case 'left':
      return labels.participantLeft(name, userId);
    case 'declined':
      return labels.callDeclined([name], [userId]);
    case 'busy':
      return labels.callBusy([name], [userId]);
    case 'failed':
      return labels.callCouldNotAnswer([name], [userId]);
    case 'noAnswer':
      return labels.participantNoAnswer(name, userId);
    case 'unreachable':
      return labels.callUnreachable([name], [userId]);
    case 'lost':
      return labels.participantLost(name, userId);
    case 'unconnected':
      // A link that was up and then failed (a renegotiation's error, say) was lost rather than never made.
      return before === 'in' || before === 'dropped'
        ? labels.participantLost(name, userId)
        : labels.participantCouldNotConnect(name, userId);
  }
}
