/**
 * Signing in and out: one XMPP connection (owned by an `XmppTransport`) and one `CallClient` on top of it.
 * Failures are turned into sentences a person can act on, because "transport-offline" means nothing to them.
 */
import { CallClient, isMeshcallError, XmppTransport } from '@meshcall/core';
import type { DemoSettings, DemoUser, EngineOverrides } from '../config/settings.js';

/** What the sign-in form produces. */
export interface Credentials {
  /** The local part (`alice`) of the JID. */
  readonly username: string;
  readonly domain: string;
  readonly password: string;
  /** The WebSocket endpoint of the XMPP server. */
  readonly service: string;
}

/** A signed-in user: the live client and the connection under it. */
export interface Account {
  readonly jid: string;
  readonly client: CallClient;
  readonly transport: XmppTransport;
}

/** A sign-in failure with a plain-words message. */
export class SignInError extends Error {
  constructor(
    readonly kind: 'unreachable' | 'credentials' | 'domain' | 'invalid' | 'unknown',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SignInError';
  }
}

/** How long the first connection may take before we call the server unreachable. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Splits `alice` or `alice@example.org` into local part and domain (the domain defaults to `fallbackDomain`). */
export function splitJid(input: string, fallbackDomain: string): { username: string; domain: string } {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at < 0) return { username: trimmed.toLowerCase(), domain: fallbackDomain };
  return { username: trimmed.slice(0, at).toLowerCase(), domain: trimmed.slice(at + 1).toLowerCase() };
}

/** The demo account with this user name, if any. */
export function findDemoUser(users: readonly DemoUser[], username: string): DemoUser | undefined {
  return users.find((user) => user.username === username.toLowerCase());
}

/**
 * Credentials for `?user=…`: a demo user's password comes from the settings, anyone else's from
 * `?password=…`. `null` when there is no user or no password to use.
 */
export function credentialsFromQuery(settings: DemoSettings): Credentials | null {
  if (!settings.user) return null;
  const { username, domain } = splitJid(settings.user, settings.domain);
  const password =
    settings.password ??
    (domain === settings.domain ? findDemoUser(settings.demoUsers, username)?.password : undefined);
  if (!username || password === undefined) return null;
  return { username, domain, password, service: settings.wsUrl };
}

/** Turns whatever `XmppTransport.connect` threw into a {@link SignInError} with words a user understands. */
export function describeSignInError(error: unknown, credentials: Credentials): SignInError {
  if (error instanceof SignInError) return error;
  if (isMeshcallError(error, 'transport-auth-failed')) {
    return new SignInError(
      'credentials',
      `Wrong user name or password for ${credentials.username}@${credentials.domain}.`,
      { cause: error },
    );
  }
  if (isMeshcallError(error, 'transport-host-unknown')) {
    return new SignInError(
      'domain',
      `The chat server at ${credentials.service} does not serve the domain “${credentials.domain}”. Check the part of the address after the @.`,
      { cause: error },
    );
  }
  if (isMeshcallError(error, 'invalid-config')) {
    // The fields were checked before connecting: the server and this app have no way to sign in together
    // (no password login offered, or it would go unencrypted).
    return new SignInError('invalid', `The chat server at ${credentials.service} can’t sign you in: ${error.message}`, {
      cause: error,
    });
  }
  if (isMeshcallError(error, 'transport-offline') || error instanceof TypeError) {
    return new SignInError(
      'unreachable',
      `Can’t reach the chat server at ${credentials.service}. Is it running? (From the repository, \`pnpm demo\` starts one.)`,
      { cause: error },
    );
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new SignInError('unknown', `Signing in failed: ${detail}`, { cause: error });
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Connects to the XMPP server and creates the call client. Rejects with a {@link SignInError}.
 * A connection that finishes after the timeout is closed again, so it cannot linger signed in.
 */
export async function signIn(credentials: Credentials, engine: EngineOverrides): Promise<Account> {
  if (!credentials.username || !credentials.password || !credentials.service || !credentials.domain) {
    throw new SignInError('invalid', 'Please fill in the user name, password and server address.');
  }
  if (!/^wss?:\/\//i.test(credentials.service)) {
    throw new SignInError('invalid', 'The server address must start with ws:// or wss://.');
  }
  const connecting = XmppTransport.connect({
    service: credentials.service,
    domain: credentials.domain,
    username: credentials.username,
    password: credentials.password,
    timeout: CONNECT_TIMEOUT_MS,
  });
  let transport: XmppTransport;
  try {
    transport = await withTimeout(
      connecting,
      CONNECT_TIMEOUT_MS + 1_000,
      () =>
        new SignInError(
          'unreachable',
          `The chat server at ${credentials.service} did not answer in time. Is it running?`,
        ),
    );
  } catch (error) {
    // If it was our timeout, the connection may still come up later: close it when it does.
    connecting.then((late) => late.close()).catch(() => {});
    throw describeSignInError(error, credentials);
  }
  let client: CallClient;
  try {
    client = new CallClient({ transport, ...engine });
  } catch (error) {
    // The connection is up already: left open, it would show the user online to everyone, with nobody listening.
    await transport.close().catch(() => {});
    const detail = error instanceof Error ? error.message : String(error);
    throw new SignInError('invalid', `The call settings of this page were refused: ${detail}`, { cause: error });
  }
  return { jid: transport.localUser, client, transport };
}

/** Ends every call (the others are told), then closes the connection. */
export async function signOut(account: Account): Promise<void> {
  try {
    await account.client.destroy();
  } finally {
    await account.transport.close();
  }
}
