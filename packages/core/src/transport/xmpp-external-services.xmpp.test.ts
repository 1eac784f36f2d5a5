/**
 * XEP-0215 ICE servers from a real Prosody with mod_turn_external (no TURN server needed to check the
 * credentials: they are TURN REST credentials, verifiable with the shared secret).
 */
import { createHmac } from 'node:crypto';
import { xml } from '@xmpp/client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import { installWebSocket, type ProsodyServer, startProsody, xmppServer } from '../testing/prosody.js';
import { isMeshcallError } from '../util/errors.js';
import { MemoryNetwork } from './memory-network.js';
import { fetchIceServers, iceServersFromServices } from './xmpp/external-services.js';
import { XmppTransport } from './xmpp-transport.js';

const SECRET = 'devsecret-for-tests';
let turnServer: ProsodyServer | undefined;
const open: XmppTransport[] = [];

beforeAll(async () => {
  await installWebSocket();
  turnServer = await startProsody({ turn: { secret: SECRET, host: '127.0.0.1', port: 34781, ttl: 600 } });
});
afterEach(async () => {
  for (const transport of open.splice(0)) await transport.close();
});
afterAll(async () => {
  await turnServer?.stop();
});

async function connectTo(service: string): Promise<XmppTransport> {
  const transport = await XmppTransport.connect({
    service,
    domain: 'localhost',
    username: 'alice',
    password: 'alice-pass',
  });
  open.push(transport);
  return transport;
}

describe('fetchIceServers (XEP-0215)', () => {
  it('returns STUN and TURN servers with valid TURN REST credentials', async () => {
    if (!turnServer) throw new Error('no server');
    const alice = await connectTo(turnServer.wsUrl);
    const servers = await fetchIceServers(alice.client);

    expect(servers.map((server) => server.urls)).toEqual([
      'stun:127.0.0.1:34781',
      'turn:127.0.0.1:34781?transport=udp',
      'turn:127.0.0.1:34781?transport=tcp',
    ]);
    const turn = servers.filter((server) => String(server.urls).startsWith('turn:'));
    for (const server of turn) {
      const username = server.username ?? '';
      // TURN REST: the username starts with the expiry (unix seconds), the password is HMAC-SHA1(secret, username).
      const expiry = Number(username.split(':')[0]);
      expect(expiry).toBeGreaterThan(Date.now() / 1000);
      expect(expiry).toBeLessThanOrEqual(Date.now() / 1000 + 600 + 5);
      expect(server.credential).toBe(createHmac('sha1', SECRET).update(username).digest('base64'));
    }
  });

  it('resolves [] from a server without external services', async () => {
    const alice = await connectTo(xmppServer().wsUrl);
    expect(await fetchIceServers(alice.client)).toEqual([]);
  });

  it('rejects with transport-offline once closed', async () => {
    const alice = await connectTo(xmppServer().wsUrl);
    await alice.close();
    const error = await fetchIceServers(alice.client).catch((caught: unknown) => caught);
    expect(isMeshcallError(error, 'transport-offline')).toBe(true);
  });

  it('maps service elements: IPv6 in brackets, one STUN URL per host and port, unknown types skipped', () => {
    const servers = iceServersFromServices([
      xml('service', { type: 'stun', transport: 'udp', host: '::1', port: '3478' }),
      xml('service', { type: 'stun', transport: 'tcp', host: '::1', port: '3478' }),
      xml('service', {
        type: 'turns',
        transport: 'tcp',
        host: 'turn.example',
        port: '5349',
        username: 'u',
        password: 'p',
      }),
      xml('service', { type: 'ftp', host: 'files.example' }),
      xml('service', { type: 'turn', transport: 'udp' }),
      // Unusable: a port out of range, a TURN server without credentials (XEP-0215 `restricted`, no secret).
      xml('service', { type: 'stun', host: 'stun.example', port: '99999' }),
      xml('service', { type: 'turn', host: 'turn.example', port: '0', username: 'u', password: 'p' }),
      xml('service', { type: 'turn', host: 'turn.example', port: '3478', transport: 'udp' }),
      xml('service', { type: 'turn', host: 'turn.example', port: '3478', username: 'u' }),
    ]);
    expect(servers).toEqual([
      { urls: 'stun:[::1]:3478' },
      { urls: 'turns:turn.example:5349?transport=tcp', username: 'u', credential: 'p' },
    ]);
    // What it returns is always accepted by a CallClient.
    const transport = new MemoryNetwork().createTransport('alice@example.test');
    expect(new CallClient({ transport, iceServers: servers }).config.iceServers).toEqual(servers);
  });
});
