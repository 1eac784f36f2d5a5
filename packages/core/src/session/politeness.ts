/**
 * Deterministic roles between two participants, so both sides agree without a message: the lower bare JID
 * (plain string order) makes the first offer between two callees and is the impolite peer of "perfect
 * negotiation"; the greater one is polite (yields on offer collisions). The same order settles glare: of two
 * calls crossing each other, the one of the lower bare JID goes on.
 */
import type { UserId } from '../util/jid.js';

/** Whether `local` makes the first offer to `remote` (and is the impolite peer). */
export function isOfferer(local: UserId, remote: UserId): boolean {
  return local < remote;
}

/** Of two calls that cross (each calls the other at once), whether the one `caller` started goes on. */
export function winsGlare(caller: UserId, other: UserId): boolean {
  return caller < other;
}
