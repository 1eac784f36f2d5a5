/**
 * JID helpers. meshcall identifies a participant by their bare JID (`user@domain`) and a device by its full
 * JID (`user@domain/resource`). These helpers are deliberately tiny: validation of untrusted JIDs happens in
 * the protocol decoder, not here.
 */

/** A participant's identity: a bare JID such as `alice@example.org`. */
export type UserId = string;

/** Where a signal is sent: a bare JID (every online device of the user) or a full JID (one device). */
export type Address = string;

/** The bare part of a JID: `alice@example.org/phone` → `alice@example.org`. Lower-cases the local and domain parts. */
export function bareJid(jid: Address): UserId {
  const slash = jid.indexOf('/');
  return (slash === -1 ? jid : jid.slice(0, slash)).toLowerCase();
}

/** Whether `jid` carries a resource (identifies one device). */
export function isFullJid(jid: Address): boolean {
  return jid.indexOf('/') > 0;
}
