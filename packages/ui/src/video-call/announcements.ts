/**
 * What screen readers hear while a call goes on: who joined, who left, declined, was busy or did not answer,
 * whose link dropped and came back, and whose link was lost. The grid shows all of this only by tiles coming
 * and going and by badges, which a screen-reader user does not see change (WCAG 4.1.3, status messages).
 *
 * Pure: {@link nextAnnouncements} compares what was last announced of each participant with the session now.
 */
import type { PeerState, UserId } from '@meshcall/core';
import type { PeerSnapshot, SessionSnapshot } from '@meshcall/hooks';
import type { MeshcallLabels } from '../labels.js';
import { isReconnecting } from './call-view-state.js';

/** Where a participant is, as far as announcements go. */
export type Presence = 'in' | 'dropped' | 'left' | 'declined' | 'busy' | 'failed' | 'noAnswer' | 'lost';

/** What was last announced of each participant. */
export type Announced = ReadonlyMap<UserId, Presence>;

/** Peer states on the way somewhere (ringing, connecting, an ICE restart's checks): nothing to say yet. */
const PRESENCE: Partial<Record<PeerState, Presence>> = {
  connected: 'in',
  disconnected: 'dropped',
  hungUp: 'left',
  closed: 'left',
  notAnswered: 'noAnswer',
  disconnectTimeout: 'lost',
  failed: 'lost',
  error: 'lost',
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
 * itself. A participant "leaves" only after having been in; a link closed before that says nothing.
 */
export function nextAnnouncements(
  session: SessionSnapshot | null | undefined,
  announced: Announced,
  labels: MeshcallLabels,
  nameOf: (userId: UserId) => string,
): { readonly sentences: readonly string[]; readonly announced: Announced } {
  if (!session) return { sentences: [], announced };
  const sentences: string[] = [];
  const next = new Map(announced);
  const wholeCallDown = isReconnecting(session);
  for (const userId of session.opponents) {
    const peer = session.peers[userId];
    const now = peer ? presenceOf(peer) : null;
    const before = announced.get(userId);
    if (now === null || now === before) continue;
    const wasIn = before === 'in' || before === 'dropped';
    if (now === 'left' && !wasIn) continue;
    next.set(userId, now);
    const name = nameOf(userId);
    const sentence = sentenceFor(now, before, wholeCallDown, name, userId, labels);
    if (sentence) sentences.push(sentence);
  }
  return { sentences, announced: next };
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
    case 'lost':
      return labels.participantLost(name, userId);
  }
}
