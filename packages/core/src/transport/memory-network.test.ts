/** MemoryNetwork behaves like an XMPP server where an app can tell: here, presence when a connection drops. */
import { expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from './memory-network.js';
import type { PresenceUpdate } from './transport.js';

it('a transport going offline tells that every device it saw is gone, as XmppTransport does', () => {
  const network = new MemoryNetwork({ clock: new ManualClock() });
  const alice = network.createTransport('alice@example.test', { resource: 'laptop' });
  network.createTransport('bob@example.test', { resource: 'phone' });
  expect([...alice.onlineUsers()]).toEqual(['bob@example.test']);
  const updates: PresenceUpdate[] = [];
  alice.on('presence', (update) => updates.push(update));
  alice.setOnline(false);
  expect([...alice.onlineUsers()]).toEqual([]);
  expect(updates).toEqual([{ address: 'bob@example.test/phone', user: 'bob@example.test', available: false }]);
  alice.setOnline(true); // back: bob is seen again
  expect([...alice.onlineUsers()]).toEqual(['bob@example.test']);
});
