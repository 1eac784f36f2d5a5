/**
 * XmppTransport on self-hosters' Prosody configurations that differ from the tests' own: each describe block
 * starts a Prosody with that configuration.
 */
import { client as createClient, xml } from '@xmpp/client';
import { describe, expect, it } from 'vitest';
import { collect, ownProsody, passwordOf, waitFor } from '../testing/prosody.js';
import { isMeshcallError } from '../util/errors.js';
import type { XmppClient } from './xmpp/xmpp-client.js';
import { XmppTransport } from './xmpp-transport.js';

describe('a Prosody that requires encryption (its own default) behind a TLS proxy it was not told about', () => {
  const server = ownProsody({
    settings: {
      c2s_require_encryption: 'true',
      consider_websocket_secure: 'false',
      allow_unencrypted_plain_auth: 'false',
    },
  });

  it('fails the sign-in as a configuration problem (invalid-config, saying how to fix it), not as no connection', async () => {
    const { wsUrl, domain } = server();
    const failure = await XmppTransport.connect({
      service: wsUrl,
      domain,
      username: 'alice',
      password: passwordOf('alice'),
    }).then(
      async (transport) => {
        await transport.close();
        return 'signed in';
      },
      (error: unknown) => error,
    );
    expect(isMeshcallError(failure, 'invalid-config')).toBe(true);
    expect((failure as Error).message).toMatch(/encrypted stream.*wss:\/\/.*consider_websocket_secure/);
  });
});

describe('a Prosody with mod_csi_simple (client state indication, in its stock config)', () => {
  const server = ownProsody({ modules: ['csi_simple'] });

  it('tells the app, once, that saying its client is inactive holds call signals back', async () => {
    const { wsUrl, domain } = server();
    const client = createClient({
      service: wsUrl,
      domain,
      username: 'bob',
      password: passwordOf('bob'),
      resource: 'phone',
    });
    client.on('error', () => {});
    await client.start();
    const transport = new XmppTransport({ client: client as unknown as XmppClient });
    const errors = collect(transport, 'error');
    try {
      await client.send(xml('presence'));
      await client.send(xml('inactive', { xmlns: 'urn:xmpp:csi:0' }));
      await client.send(xml('active', { xmlns: 'urn:xmpp:csi:0' }));
      await client.send(xml('inactive', { xmlns: 'urn:xmpp:csi:0' }));
      await waitFor(() => errors.length > 0, 'an error about the inactive client');
      expect(errors.map((error) => error.code)).toEqual(['invalid-config']);
      expect(errors[0]!.message).toMatch(/inactive.*mod_csi_simple/);
    } finally {
      await transport.close();
      client.reconnect.stop();
      await client.stop().catch(() => {});
    }
  });
});
