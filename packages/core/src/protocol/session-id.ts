/**
 * Session ids that name their caller. A session id is a random nonce followed by a tag derived from the nonce
 * and the caller's bare JID, so nobody but the caller can start a call under that id: a participant who
 * learned the id cannot ring the other callees first with a copy of the call as its own (the callee would
 * ring with the wrong caller and could not join the real call). docs/protocol.md §4 "Session ids".
 */
import type { UserId } from '../util/jid.js';
import { sha256 } from '../util/sha256.js';

const NONCE_BYTES = 16;
const TAG_BYTES = 16;
/** Characters of the nonce and of the tag: 16 bytes in base64url without padding. */
const PART_LENGTH = 22;

/**
 * A new session id for a call placed by `caller` (a canonical bare JID). `nonce` (22 characters of
 * `[A-Za-z0-9_-]`) is for reproducible ids in tests and examples; by default it is 128 random bits.
 */
export function newSessionId(
  caller: UserId,
  nonce = base64url(globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES))),
): string {
  return nonce + tagOf(nonce, caller);
}

/** Whether `sessionId` was made by `caller` with `newSessionId`. */
export function isSessionIdOf(sessionId: string, caller: UserId): boolean {
  if (sessionId.length !== 2 * PART_LENGTH) return false;
  const nonce = sessionId.slice(0, PART_LENGTH);
  return sessionId.slice(PART_LENGTH) === tagOf(nonce, caller);
}

function tagOf(nonce: string, caller: UserId): string {
  const digest = sha256(new TextEncoder().encode(`meshcall-session\n${nonce}\n${caller}`));
  return base64url(digest.subarray(0, TAG_BYTES));
}

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
