import { type AddressInfo, createServer, type Socket } from 'node:net';
import { client as xmppClient } from '@xmpp/client';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { isMeshcallError } from '../../util/errors.js';
import { XmppTransport } from '../xmpp-transport.js';
import { createXmppClient } from './create-client.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('createXmppClient', () => {
  it('stopped while the socket opens against a server that never answers, the attempt ends at once', async () => {
    (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
    const accepted: Socket[] = [];
    const silent = createServer((socket) => accepted.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(resolve)));
    cleanups.push(() => {
      for (const socket of accepted) socket.destroy();
    });
    const { port } = silent.address() as AddressInfo;
    const client = createXmppClient({
      service: `ws://127.0.0.1:${port}/xmpp-websocket`,
      domain: 'localhost',
      username: 'a',
      password: 'b',
      resource: 'r',
      timeout: 60_000,
    });
    client.on('error', () => {});
    const attempt = client.start().then(
      () => 'online?!',
      () => 'ended',
    );
    await expect.poll(() => client.status).toBe('connecting');
    await client.stop();
    const pending = new Promise((resolve) => setTimeout(() => resolve('still pending'), 2_000));
    // Closing the socket fails its opening: the attempt ends, and the timeout's timer with it (not after 60 s).
    expect(await Promise.race([attempt, pending])).toBe('ended');
  });

  it('has the members of an @xmpp/client client that apps reach through transport.client', () => {
    const options = {
      service: 'ws://127.0.0.1:1/ws',
      domain: 'localhost',
      username: 'a',
      password: 'b',
      resource: 'r',
    };
    const ours = createXmppClient(options) as unknown as Record<string, unknown>;
    const theirs = xmppClient(options) as unknown as Record<string, unknown>;
    // Left out on purpose: TCP and TLS (Node), SCRAM, SASL2 with FAST and Bind 2, server discovery.
    const leftOut = new Set(['tcp', 'tls', 'starttls', 'sasl2', 'bind2', 'fast', 'mechanisms', 'resolve']);
    const members = Object.keys(theirs).filter((name) => theirs[name] !== undefined && !leftOut.has(name));
    expect(members).toEqual(expect.arrayContaining(['iqCallee', 'middleware', 'streamFeatures', 'streamManagement']));
    expect(members.filter((name) => ours[name] === undefined)).toEqual([]);
  });
});

/**
 * A WebSocket XMPP server (RFC 7395 framing) that offers only SCRAM-SHA-1, as a server with PLAIN turned off
 * does. Prosody, which the real-server tests use, offers PLAIN on loopback; this is the other case.
 */
async function scramOnlyServer(): Promise<string> {
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, handleProtocols: () => 'xmpp' });
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  server.on('connection', (socket) => {
    cleanups.push(() => socket.terminate());
    socket.on('message', (data) => {
      const text = String(data);
      if (text.startsWith('<open')) {
        socket.send('<open xmlns="urn:ietf:params:xml:ns:xmpp-framing" from="localhost" id="s1" version="1.0"/>');
        socket.send(
          '<stream:features xmlns:stream="http://etherx.jabber.org/streams"><mechanisms xmlns="urn:ietf:params:xml:ns:xmpp-sasl"><mechanism>SCRAM-SHA-1</mechanism></mechanisms></stream:features>',
        );
      } else if (text.startsWith('<close')) {
        socket.send('<close xmlns="urn:ietf:params:xml:ns:xmpp-framing"/>');
        socket.close();
      }
    });
  });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return `ws://127.0.0.1:${port}/xmpp-websocket`;
}

describe('XmppTransport.connect without a SASL mechanism in common', () => {
  it('rejects with invalid-config, not as a refused password', async () => {
    const service = await scramOnlyServer();
    const error = await XmppTransport.connect({ service, domain: 'localhost', username: 'alice', password: 'x' }).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(isMeshcallError(error, 'invalid-config')).toBe(true);
  });
});
