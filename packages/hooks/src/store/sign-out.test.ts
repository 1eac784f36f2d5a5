/**
 * Signing out (`client.destroy()`) shows in the store: the client reports itself offline, with nobody online,
 * so an app following the store stops showing "online" and a contact list of people it cannot call.
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { ManualClock } from '@meshcall/core/testing';
import { expect, it } from 'vitest';
import { createCallStore } from './createCallStore.js';

it("a destroyed client's store says offline, with nobody online", async () => {
  const clock = new ManualClock();
  const network = new MemoryNetwork({ clock });
  network.createTransport('bob@example.test');
  const alice = new CallClient({ transport: network.createTransport('alice@example.test'), clock });
  const statuses: string[] = [];
  alice.on('statusChanged', ({ status }) => statuses.push(status));
  const store = createCallStore(alice, { clock });
  await clock.settle();
  expect(store.getState().status).toBe('online');
  expect(store.getState().onlineUsers).toEqual(['bob@example.test']);

  await alice.destroy();
  expect(alice.status).toBe('offline');
  expect([...alice.onlineUsers()]).toEqual([]);
  expect(statuses).toEqual(['offline']);
  expect(store.getState().status).toBe('offline');
  expect(store.getState().onlineUsers).toEqual([]);
  store.destroy();
});
