/**
 * The end screen's account of a call: who said no and why, who could not be reached or connected, who left or did
 * not answer, for a call we placed that never took place; who the caller was, for one that rang here; "" when the
 * end reason alone says it (the screen then uses `endedText`).
 */
import { busyIn, couldNotAnswer, declinedBy, type EndedCall, unreachableIn } from '@meshcall/hooks';
import type { MeshcallLabels } from '../labels.js';
import type { UserId } from '../types.js';

/** Peer states of a callee who answered and whose link never connected (`disconnectTimeout`: it had). */
const NEVER_CONNECTED: ReadonlySet<string> = /* @__PURE__ */ new Set(['failed', 'error']);
/** Peer state of a callee who never answered. */
const NOT_ANSWERED: ReadonlySet<string> = /* @__PURE__ */ new Set(['notAnswered']);
/** Peer state of a callee who answered and hung up before the call connected. */
const HUNG_UP: ReadonlySet<string> = /* @__PURE__ */ new Set(['hungUp']);

/** What `<VideoCall>`'s end screen says of `ended`, beyond its headline (see the module comment). */
export function endedDescription(ended: EndedCall, labels: MeshcallLabels, nameOf: (userId: UserId) => string): string {
  const { session } = ended;
  const busy = busyIn(ended);
  const failed = couldNotAnswer(ended);
  const declined = declinedBy(ended).filter((userId) => !busy.includes(userId) && !failed.includes(userId));
  const unreachable = unreachableIn(ended);
  const names = (userIds: readonly UserId[]) => userIds.map(nameOf);
  const neverConnected = session.activeSince === null;
  // A call we placed that never took place: what became of each callee, not one reason for all of them.
  const placed = session.direction === 'outgoing' && neverConnected;
  const inState = (states: ReadonlySet<string>) =>
    placed ? session.opponents.filter((userId) => states.has(session.peers[userId]?.state ?? '')) : [];
  const unconnected = inState(NEVER_CONNECTED);
  const left = inState(HUNG_UP);
  const unanswered = inState(NOT_ANSWERED);
  const named =
    busy.length + failed.length + declined.length + unreachable.length + unconnected.length + left.length > 0;
  // A call that rang here and stopped: who it was from (the reasons alone say only "The caller hung up.").
  const caller = session.direction === 'incoming' && neverConnected ? session.initiator : null;
  return [
    caller !== null && ended.reason === 'cancelled' ? labels.callerHungUpBeforeAnswer(nameOf(caller), caller) : '',
    caller !== null && ended.reason === 'noAction' ? labels.missedCallFrom(nameOf(caller), caller) : '',
    // We answered, and they hung up before the call connected: not "everyone else".
    caller !== null && ended.reason === 'remoteEnded' && session.peers[caller]?.state === 'hungUp'
      ? labels.participantLeft(nameOf(caller), caller)
      : '',
    placed && ended.reason === 'hungUp' ? labels.youCancelledCall : '',
    busy.length > 0 ? labels.callBusy(names(busy), busy) : '',
    failed.length > 0 ? labels.callCouldNotAnswer(names(failed), failed) : '',
    declined.length > 0 ? labels.callDeclined(names(declined), declined) : '',
    unreachable.length > 0 ? labels.callUnreachable(names(unreachable), unreachable) : '',
    ...unconnected.map((userId) => labels.participantCouldNotConnect(nameOf(userId), userId)),
    ...left.map((userId) => labels.participantLeft(nameOf(userId), userId)),
    // Beside the others' news, who did not answer is named ("No answer." alone when it is the whole story).
    ...(named ? unanswered.map((userId) => labels.participantNoAnswer(nameOf(userId), userId)) : []),
  ]
    .filter((sentence) => sentence !== '')
    .join(' ');
}
