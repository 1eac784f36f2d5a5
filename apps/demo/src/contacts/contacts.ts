/** Who the contact list shows, and how names are written. Pure functions. */
import type { DemoUser } from '../config/settings.js';

/** `alice@localhost` or `alice` → `Alice`. */
export function displayName(jidOrUser: string): string {
  const at = jidOrUser.indexOf('@');
  const local = at > 0 ? jidOrUser.slice(0, at) : jidOrUser;
  return local ? local.charAt(0).toUpperCase() + local.slice(1) : jidOrUser;
}

/** One row of the contact list. */
export interface Contact {
  readonly jid: string;
  readonly name: string;
  readonly online: boolean;
}

/**
 * The demo users of the domain, anyone seen online, and contacts the user added, minus the user; online
 * first, then by name.
 */
export function buildContacts(
  self: string,
  domain: string,
  demoUsers: readonly DemoUser[],
  online: readonly string[],
  added: readonly string[] = [],
): Contact[] {
  const onlineSet = new Set(online);
  const jids = new Set<string>([...demoUsers.map((user) => `${user.username}@${domain}`), ...online, ...added]);
  jids.delete(self);
  return [...jids]
    .map((jid) => ({ jid, name: displayName(jid), online: onlineSet.has(jid) }))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.name.localeCompare(b.name) || a.jid.localeCompare(b.jid));
}
