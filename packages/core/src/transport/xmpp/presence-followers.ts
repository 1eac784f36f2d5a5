/**
 * Who receives this account's presence anyway: the roster's items with subscription `from` or `both` (RFC 6121
 * §2.1.2.5). Directed presence to anyone else (a call's participant who is not a contact) is a favour of the
 * call: it carries no status text, and is taken back when the call ends.
 */
import xml from '@xmpp/xml';
import { bareJid, type UserId } from '../../util/jid.js';
import type { XmppClient } from './xmpp-client.js';

const ROSTER_NS = 'jabber:iq:roster';

/** How long the roster may take to come (ms). */
const ROSTER_TIMEOUT_MS = 10_000;

/** The bare JIDs that follow this account's presence, or `null` when the roster could not be read. */
export async function fetchPresenceFollowers(client: XmppClient): Promise<ReadonlySet<UserId> | null> {
  try {
    const reply = await client.iqCaller.request(
      xml('iq', { type: 'get' }, xml('query', { xmlns: ROSTER_NS })),
      ROSTER_TIMEOUT_MS,
    );
    const followers = new Set<UserId>();
    for (const item of reply.getChild('query', ROSTER_NS)?.getChildren('item') ?? []) {
      const { jid, subscription } = item.attrs;
      if (typeof jid === 'string' && (subscription === 'from' || subscription === 'both')) followers.add(bareJid(jid));
    }
    return followers;
  } catch {
    // No roster (offline, a timeout, a server without one): nobody is known to follow, or not to.
    return null;
  }
}
