/** Who the contact list shows, and how names are written. Pure functions. */
import type { DemoUser } from '../config/settings.js';

/** `alice@localhost` or `alice` → `Alice`. */
export function displayName(jidOrUser: string): string {
  const at = jidOrUser.indexOf('@');
  const local = at > 0 ? jidOrUser.slice(0, at) : jidOrUser;
  return local ? local.charAt(0).toUpperCase() + local.slice(1) : jidOrUser;
}

/**
 * What we know of a contact's presence. The demo users share their presence with each other (a shared roster
 * group on the server), so for them "not online" means offline. Anyone else only shares it once subscribed,
 * which the demo does not do: until their presence arrives, it is `unknown`, not offline.
 */
export type Presence = 'online' | 'offline' | 'unknown';

/** One row of the contact list. */
export interface Contact {
  readonly jid: string;
  readonly name: string;
  readonly presence: Presence;
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
  const demoJids = new Set(demoUsers.map((user) => `${user.username}@${domain}`));
  const jids = new Set<string>([...demoJids, ...online, ...added]);
  jids.delete(self);
  const presenceOf = (jid: string): Presence =>
    onlineSet.has(jid) ? 'online' : demoJids.has(jid) ? 'offline' : 'unknown';
  return [...jids]
    .map((jid) => ({ jid, name: displayName(jid), presence: presenceOf(jid) }))
    .sort(
      (a, b) =>
        Number(b.presence === 'online') - Number(a.presence === 'online') ||
        a.name.localeCompare(b.name) ||
        a.jid.localeCompare(b.jid),
    );
}
