import { type Client, client as createClient } from '@xmpp/client';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { XmppClient } from './xmpp-client.js';

describe('XmppClient', () => {
  it('is satisfied by an @xmpp/client Client, in its typings (checked by tsc) and at run time', () => {
    expectTypeOf<Client>().toExtend<XmppClient>();
    // The typings could drift from the library: check the members on a real, never started client too.
    const real = createClient({ service: 'ws://127.0.0.1:9/xmpp-websocket', domain: 'localhost' });
    const members: Record<keyof XmppClient, string> = {
      status: 'string',
      jid: 'object',
      socket: 'object',
      reconnect: 'object',
      streamManagement: 'object',
      iqCaller: 'object',
      start: 'function',
      stop: 'function',
      disconnect: 'function',
      send: 'function',
      on: 'function',
      removeListener: 'function',
    };
    for (const [name, type] of Object.entries(members))
      expect([name, typeof real[name as keyof Client]]).toEqual([name, type]);
    expect(typeof real.reconnect.stop).toBe('function');
    expect(typeof real.reconnect.on).toBe('function');
    expect(typeof real.iqCaller.request).toBe('function');
  });
});
