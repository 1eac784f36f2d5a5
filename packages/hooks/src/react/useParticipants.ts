/** Per-participant hooks: each reads one participant, so a change of another one never re-renders it. */
import { type ConnectionQuality, connectionQuality, type PeerState, type UserId } from '@meshcall/core';
import { presenterOf, presentIdsOf, selectParticipant, selectSession } from '../store/selectors.js';
import { EMPTY_ARRAY, shallowEqual } from '../store/share.js';
import type { PeerSnapshot } from '../types.js';
import { useCallStore } from './useCallStore.js';

/**
 * The remote participants' ids of a session (default: the active one), in call order; the local user is not
 * included. The array keeps its identity for the whole session.
 *
 * @example
 * ```tsx
 * function Grid() {
 *   const ids = useParticipants();
 *   return ids.map((id) => <Tile key={id} userId={id} />);
 * }
 * ```
 */
export function useParticipants(sessionId?: string): readonly UserId[] {
  return useCallStore((s) => selectSession(s, sessionId)?.opponents ?? EMPTY_ARRAY);
}

/**
 * The remote participants still in the call (ringing, connecting, connected or reconnecting), in call order;
 * who left, declined or never answered drops out, as in most call UIs. The array keeps its identity until
 * someone comes or goes. ({@link useParticipants} keeps everyone, for a call's whole story.)
 *
 * @example
 * ```tsx
 * function Grid() {
 *   const ids = usePresentParticipants();
 *   return ids.map((id) => <Tile key={id} userId={id} />);
 * }
 * ```
 */
export function usePresentParticipants(sessionId?: string): readonly UserId[] {
  return useCallStore((s) => presentIdsOf(selectSession(s, sessionId)), shallowEqual);
}

/**
 * Who presents: of the remote participants still in the call who share a screen, the one who started last, or
 * `null` — the one a spotlight layout shows large (see `CallGrid`'s `spotlight`). They keep it until someone else
 * starts sharing; when they stop, it goes back to whoever shared before them (`presenterOf`). Re-renders only
 * when that changes.
 *
 * @example
 * ```tsx
 * const presenter = usePresenter();
 * return <CallGrid spotlight={presenter}>{ids.map((id) => <Tile key={id} userId={id} />)}</CallGrid>;
 * ```
 */
export function usePresenter(sessionId?: string): UserId | null {
  return useCallStore((s) => presenterOf(selectSession(s, sessionId)));
}

/**
 * One remote participant (state, media, tracks, stream, userInfo), or `null`. Re-renders only when this
 * participant changes.
 *
 * @example
 * ```tsx
 * function Tile({ userId }: { userId: string }) {
 *   const peer = useParticipant(userId);
 *   if (!peer) return null;
 *   return <figure>{userId}: {peer.state}{peer.media?.audioMuted ? ' (muted)' : ''}</figure>;
 * }
 * ```
 */
export function useParticipant(userId: UserId, sessionId?: string): PeerSnapshot | null {
  return useCallStore((s) => selectParticipant(s, userId, sessionId));
}

/**
 * The connection state of the link to one participant, or `null` if they are not in the session.
 *
 * @example
 * ```tsx
 * const state = usePeerState('bob@example.org');
 * return state === 'disconnected' ? <span>Reconnecting…</span> : null;
 * ```
 */
export function usePeerState(userId: UserId, sessionId?: string): PeerState | null {
  return useCallStore((s) => selectParticipant(s, userId, sessionId)?.state ?? null);
}

/**
 * Who is speaking now in a session (default: the active one), the local user included, in participant order.
 * Changes as people start and stop talking; see core's `speakingInterval`.
 *
 * @example
 * ```tsx
 * const speakers = useSpeakers();
 * return <p>{speakers.length > 0 ? `${speakers.join(', ')} speaking` : 'Quiet'}</p>;
 * ```
 */
export function useSpeakers(sessionId?: string): readonly UserId[] {
  return useCallStore((s) => selectSession(s, sessionId)?.speakers ?? EMPTY_ARRAY);
}

/**
 * The remote participant to show large in a speaker layout: who spoke last and is still in the call, or `null`
 * before anyone has (and once they left, until someone speaks). It holds while everyone is quiet and while they
 * go on talking when someone else starts, so the stage does not flicker between two voices or go blank between
 * sentences. The store keeps it: a new store (a `<CallProvider>` mounted afresh) starts with `null` until
 * someone speaks. Re-renders only when it changes.
 *
 * @example
 * ```tsx
 * const ids = usePresentParticipants();
 * const speaker = useActiveSpeaker() ?? ids[0] ?? null;
 * return <CallGrid spotlight={speaker}>{ids.map((id) => <Tile key={id} userId={id} />)}</CallGrid>;
 * ```
 */
export function useActiveSpeaker(sessionId?: string): UserId | null {
  return useCallStore((s) => selectSession(s, sessionId)?.activeSpeaker ?? null);
}

/**
 * Whether one participant (or the local user) is speaking now. Re-renders only when that changes, so a tile
 * can show a speaking ring without re-rendering when someone else talks.
 *
 * @example
 * ```tsx
 * const speaking = useIsSpeaking(userId);
 * return <figure className={speaking ? 'tile tile--speaking' : 'tile'}>…</figure>;
 * ```
 */
export function useIsSpeaking(userId: UserId, sessionId?: string): boolean {
  return useCallStore((s) => selectSession(s, sessionId)?.speakers.includes(userId) ?? false);
}

/**
 * How the link to one participant is doing (`good`, `poor` or `unknown`), judged from the session's latest
 * stats by core's `connectionQuality` while the link is connected (`unknown` otherwise: a link that is down or
 * reconnecting is told by the participant's state, and the last figures from before say nothing of it).
 * Re-renders only when the verdict changes, not on every sample. The figures come from the client's
 * `statsInterval`, or from a {@link useCallStats} polling somewhere.
 *
 * @example
 * ```tsx
 * const quality = useConnectionQuality(userId);
 * return quality === 'poor' ? <span role="status">Poor connection</span> : null;
 * ```
 */
export function useConnectionQuality(userId: UserId, sessionId?: string): ConnectionQuality {
  return useCallStore((s) => {
    const session = selectSession(s, sessionId);
    return session?.peers[userId]?.state === 'connected' ? connectionQuality(session.stats[userId]) : 'unknown';
  });
}
