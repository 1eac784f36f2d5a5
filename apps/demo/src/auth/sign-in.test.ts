import { MeshcallError, XmppTransport } from '@meshcall/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSettings } from '../config/settings.js';
import { credentialsFromQuery, describeSignInError, SignInError, signIn, splitJid } from './sign-in.js';

const credentials = {
  username: 'alice',
  domain: 'localhost',
  password: 'x',
  service: 'ws://127.0.0.1:5280/xmpp-websocket',
};

/** What @xmpp/sasl rejects with when the server answers <failure><not-authorized/></failure>. */
function saslError(): Error {
  const error = new Error('not-authorized');
  error.name = 'SASLError';
  return Object.assign(error, { condition: 'not-authorized' });
}

/** What @xmpp/connection rejects with when the server answers <stream:error><host-unknown/></stream:error>. */
function streamError(condition: string): Error {
  const error = new Error(condition);
  error.name = 'StreamError';
  return Object.assign(error, { condition });
}

afterEach(() => vi.restoreAllMocks());

describe('splitJid', () => {
  it('splits a JID and lowercases it, defaulting the domain', () => {
    expect(splitJid(' Alice ', 'localhost')).toEqual({ username: 'alice', domain: 'localhost' });
    expect(splitJid('Erin@Example.ORG', 'localhost')).toEqual({ username: 'erin', domain: 'example.org' });
  });
});

describe('credentialsFromQuery', () => {
  it('finds a demo user’s password and leaves other users to ?password=', () => {
    const demo = credentialsFromQuery(resolveSettings(new URLSearchParams('?user=bob'), {}, {}));
    expect(demo).toMatchObject({ username: 'bob', domain: 'localhost', password: 'bob-pass' });
    expect(credentialsFromQuery(resolveSettings(new URLSearchParams('?user=erin'), {}, {}))).toBeNull();
    const custom = credentialsFromQuery(resolveSettings(new URLSearchParams('?user=erin@x.test&password=pw'), {}, {}));
    expect(custom).toMatchObject({ username: 'erin', domain: 'x.test', password: 'pw' });
    // A demo name on another domain is not that demo user.
    expect(credentialsFromQuery(resolveSettings(new URLSearchParams('?user=bob@elsewhere.test'), {}, {}))).toBeNull();
    expect(credentialsFromQuery(resolveSettings(new URLSearchParams(''), {}, {}))).toBeNull();
  });
});

describe('describeSignInError', () => {
  it('says a refused password is one', () => {
    const wrapped = new MeshcallError('transport-auth-failed', 'XmppTransport.connect failed', { cause: saslError() });
    const described = describeSignInError(wrapped, credentials);
    expect(described.kind).toBe('credentials');
    expect(described.message).toContain('alice@localhost');
  });

  it('blames the domain, not the server, when the server does not serve that domain', () => {
    const wrapped = new MeshcallError('transport-host-unknown', 'XmppTransport.connect failed: host-unknown', {
      cause: streamError('host-unknown'),
    });
    const described = describeSignInError(wrapped, { ...credentials, domain: 'wrong-domain.test' });
    expect(described.kind).toBe('domain');
    expect(described.message).toContain('wrong-domain.test');
  });

  it('passes on why the server and the app cannot sign in together, rather than asking to fill in fields', () => {
    const refused = new MeshcallError('invalid-config', 'XMPP: the server offers no SASL mechanism in common');
    const described = describeSignInError(refused, credentials);
    expect(described.kind).toBe('invalid');
    expect(described.message).toContain('no SASL mechanism in common');
    expect(described.message).not.toContain('fill in');
  });

  it('calls an offline transport an unreachable server and names the address', () => {
    const described = describeSignInError(new MeshcallError('transport-offline', 'closed'), credentials);
    expect(described.kind).toBe('unreachable');
    expect(described.message).toContain(credentials.service);
  });

  it('keeps anything else as an unknown failure with its message', () => {
    const described = describeSignInError(new RangeError('boom'), credentials);
    expect(described.kind).toBe('unknown');
    expect(described.message).toContain('boom');
  });
});

describe('signIn', () => {
  it('closes the connection it opened when the engine refuses the settings, and says so in words', async () => {
    const close = vi.fn(async () => {});
    const transport = {
      localUser: 'alice@localhost',
      status: 'online',
      close,
      send: async () => {},
      on: () => () => {},
      onlineUsers: () => new Set<string>(),
    } as unknown as XmppTransport;
    vi.spyOn(XmppTransport, 'connect').mockResolvedValue(transport);
    // Shorter than the default dialing interval: `new CallClient` refuses it.
    const refused: unknown = await signIn(credentials, { answerTimeout: 2000, statsInterval: 0 }).catch((e) => e);
    expect(close).toHaveBeenCalled();
    expect(refused).toBeInstanceOf(SignInError);
    expect(refused).toMatchObject({ kind: 'invalid', message: expect.stringContaining('answerTimeout') });
  });

  it('refuses incomplete or non-WebSocket settings before connecting', async () => {
    const engine = { statsInterval: 0 };
    await expect(signIn({ ...credentials, password: '' }, engine)).rejects.toMatchObject({ kind: 'invalid' });
    await expect(signIn({ ...credentials, service: 'http://127.0.0.1:5280/' }, engine)).rejects.toBeInstanceOf(
      SignInError,
    );
  });
});
