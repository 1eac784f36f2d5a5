/**
 * `XmppTransport.connect`'s own client when signing in again, after a drop, fails: refused credentials end the
 * connection (`offline`, `transport-auth-failed`); a failure that may pass (`temporary-auth-failure`) is a drop,
 * tried again; a server that stays away is told once per outage. xmpp.js would otherwise sit on a stream that never signs in, `reconnecting` for ever. A scripted
 * client stands in for xmpp.js (the refusal by a real Prosody is in xmpp-reconnect.xmpp.test.ts). A file of its
 * own: the module mock applies to the whole file.
 */
import { describe, expect, it, vi } from 'vitest';
import { XmppTransport } from './xmpp-transport.js';

const scripted = vi.hoisted(() => {
  // Loaded by the hoisted mock before the file's imports: the emitter comes from a require of its own.
  const { EventEmitter: Emitter } = require('node:events') as typeof import('node:events');
  /** A client that signs in at once and then does what the test says. */
  class ScriptedClient extends Emitter {
    status = 'offline';
    disconnects = 0;
    readonly jid = {
      toString: () => 'alice@example.test/desk',
      bare: () => ({ toString: () => 'alice@example.test' }),
    };
    readonly reconnect = Object.assign(new Emitter(), { stopped: false, stop: () => (this.reconnect.stopped = true) });
    readonly iqCaller = { request: async () => Promise.reject(new Error('no roster here')) };
    #move(status: string): void {
      this.status = status;
      this.emit('status', status);
    }
    async start(): Promise<void> {
      this.#move('online');
    }
    async stop(): Promise<void> {
      this.#move('offline');
    }
    async disconnect(): Promise<void> {
      this.disconnects += 1;
      this.#move('disconnect');
    }
    async send(): Promise<void> {}
    /** The connection drops; xmpp.js tries again. */
    drop(): void {
      this.#move('disconnect');
      this.reconnect.emit('reconnecting');
    }
    /** The stream drops and xmpp.js reconnects: the login of the new stream fails with `condition`. */
    refuseSignIn(condition: string): void {
      this.drop();
      this.#move('open');
      this.emit('error', Object.assign(new Error(condition), { name: 'SASLError', condition }));
    }
  }
  return { made: [] as ScriptedClient[], ScriptedClient };
});

vi.mock('./xmpp/create-client.js', () => ({
  createXmppClient: () => {
    const client = new scripted.ScriptedClient();
    scripted.made.push(client);
    return client;
  },
}));

async function signedIn() {
  const transport = await XmppTransport.connect({
    service: 'wss://chat.example.test/xmpp-websocket',
    domain: 'example.test',
    username: 'alice',
    password: 'secret',
  });
  const client = scripted.made.at(-1)!;
  const errors: string[] = [];
  transport.on('error', (error) => errors.push(error.code));
  return { transport, client, errors };
}

describe('signing in again after a drop', () => {
  it('refused credentials (a changed password) end the connection: offline, transport-auth-failed', async () => {
    const { transport, client, errors } = await signedIn();
    client.refuseSignIn('not-authorized');
    await vi.waitFor(() => expect(transport.status).toBe('offline'));
    expect(errors).toEqual(['transport-auth-failed']);
    expect(client.reconnect.stopped).toBe(true);
    await transport.close();
  });

  it('a failure that may pass (temporary-auth-failure) is a drop: the stream is closed so that it is tried again', async () => {
    const { transport, client, errors } = await signedIn();
    client.refuseSignIn('temporary-auth-failure');
    await vi.waitFor(() => expect(client.disconnects).toBe(1));
    expect([transport.status, errors, client.reconnect.stopped]).toEqual([
      'reconnecting',
      ['transport-offline'],
      false,
    ]);
    await transport.close();
  });

  it('a server that stays away: the failed attempts are told once per outage, not once a second', async () => {
    const { transport, client, errors } = await signedIn();
    const outage = () => {
      client.drop();
      for (let attempt = 0; attempt < 5; attempt++)
        client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:5280'));
    };
    outage();
    await vi.waitFor(() => expect(transport.status).toBe('reconnecting'));
    expect(errors).toEqual(['transport-offline']);
    await client.start(); // back
    await vi.waitFor(() => expect(transport.status).toBe('online'));
    outage();
    expect(errors).toEqual(['transport-offline', 'transport-offline']);
    await transport.close();
  });

  it('an error while online (an app listener of the client throwing) does not keep the next outage quiet', async () => {
    const { transport, client, errors } = await signedIn();
    client.emit('error', new Error('a listener threw'));
    client.drop();
    client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:5280'));
    expect(errors).toEqual(['transport-offline', 'transport-offline']);
    await transport.close();
  });
});
