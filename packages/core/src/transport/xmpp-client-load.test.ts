/**
 * `XmppTransport.connect` loads xmpp.js's client when it is first called (`import()`). When that load fails (a
 * browser app's lazily loaded chunk cannot be fetched: offline, or a new deployment removed the old chunk), connect
 * still rejects as documented: a `MeshcallError` (`transport-offline`), not the loader's error. A file of its own:
 * the module mock applies to the whole file.
 */
import { describe, expect, it, vi } from 'vitest';
import { isMeshcallError } from '../util/errors.js';
import { XmppTransport } from './xmpp-transport.js';

vi.mock('./xmpp/create-client.js', () => {
  // What a browser says when a dynamically imported chunk cannot be fetched.
  throw new TypeError('Failed to fetch dynamically imported module: https://app.example/assets/create-client-1a2b.js');
});

describe('XmppTransport.connect when xmpp.js cannot be loaded', () => {
  it('rejects with a MeshcallError (transport-offline), as documented, not the loader error', async () => {
    const error = await XmppTransport.connect({
      service: 'wss://chat.example.org/xmpp-websocket',
      domain: 'example.org',
      username: 'alice',
      password: 'secret',
    }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).not.toBeNull();
    expect(isMeshcallError(error) ? error.code : `not a MeshcallError: ${String(error)}`).toBe('transport-offline');
  });
});
