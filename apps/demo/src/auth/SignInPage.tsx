/**
 * The sign-in screen: one click for a demo user, or any JID + password + server. `?user=…&autologin=1` signs
 * in without a click (the e2e tests use it).
 */
import { Avatar } from '@meshcall/ui';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { SettingsNotices } from '../config/SettingsNotices.js';
import type { DemoSettings } from '../config/settings.js';
import { displayName } from '../contacts/contacts.js';
import {
  type Account,
  type Credentials,
  credentialsFromQuery,
  describeSignInError,
  SignInError,
  signIn,
  splitJid,
} from './sign-in.js';

/** Props of {@link SignInPage}. */
export interface SignInPageProps {
  readonly settings: DemoSettings;
  readonly onSignedIn: (account: Account) => void;
}

/** The sign-in screen. */
/** `?autologin=1` signs in once per page load, not again after a sign-out. */
let autologinUsed = false;

export function SignInPage({ settings, onSignedIn }: SignInPageProps) {
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<SignInError | null>(null);
  const [jid, setJid] = useState(() => (settings.user?.includes('@') ? settings.user : ''));
  const [password, setPassword] = useState(settings.password ?? '');
  const [service, setService] = useState(settings.wsUrl);
  const formId = useId();

  const run = async (credentials: Credentials) => {
    setPending(`${credentials.username}@${credentials.domain}`);
    setError(null);
    try {
      onSignedIn(await signIn(credentials, settings.engine));
    } catch (caught) {
      // signIn rejects with SignInErrors; anything else still gets words, not "Error: …".
      setError(describeSignInError(caught, credentials));
      setPending(null);
    }
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per page load, by design.
  useEffect(() => {
    // Module state, not a ref: StrictMode runs this effect twice, and after a sign-out the page remounts; neither
    // may sign in again.
    if (autologinUsed || !settings.autologin) return;
    autologinUsed = true;
    const credentials = credentialsFromQuery(settings);
    if (credentials) void run(credentials);
    else setError(new SignInError('invalid', 'Automatic sign-in needs ?user=<demo user> (or a password).'));
  }, []);

  const submitCustom = (event: FormEvent) => {
    event.preventDefault();
    const { username, domain } = splitJid(jid, settings.domain);
    void run({ username, domain, password, service: service.trim() });
  };

  const busy = pending !== null;
  const preselected = settings.user ? splitJid(settings.user, settings.domain).username : null;

  return (
    <main className="demo-signin">
      <section className="demo-card demo-signin__card" aria-labelledby={`${formId}-title`}>
        <header className="demo-signin__header">
          <span className="demo-logo" aria-hidden="true" />
          <div>
            <h1 id={`${formId}-title`}>meshcall demo</h1>
            <p className="demo-muted">Peer-to-peer audio and video calls, signaled over XMPP.</p>
          </div>
        </header>

        <SettingsNotices notices={settings.notices} />

        <h2 className="demo-section-title">Sign in as a demo user</h2>
        <ul className="demo-signin__users">
          {settings.demoUsers.map((user) => {
            const name = displayName(user.username);
            const isPending = pending === `${user.username}@${settings.domain}`;
            return (
              <li key={user.username}>
                <button
                  type="button"
                  className="demo-user-button"
                  data-testid={`login-${user.username}`}
                  data-preselected={preselected === user.username || undefined}
                  disabled={busy}
                  aria-busy={isPending}
                  onClick={() =>
                    void run({
                      username: user.username,
                      domain: settings.domain,
                      password: user.password,
                      service: settings.wsUrl,
                    })
                  }
                >
                  <Avatar name={name} size={44} />
                  <span className="demo-user-button__text">
                    <span className="demo-user-button__name">{name}</span>
                    <span className="demo-muted">
                      {isPending ? 'Signing in…' : `${user.username}@${settings.domain}`}
                    </span>
                  </span>
                </button>
              </li>
            );
          })}
        </ul>

        {error && (
          <div className="demo-alert" role="alert" data-testid="login-error" data-kind={error.kind}>
            {error.message}
          </div>
        )}

        <details className="demo-signin__custom" open={Boolean(settings.password) || undefined}>
          <summary>Use another account</summary>
          <form onSubmit={submitCustom} className="demo-form" aria-label="Sign in with another account">
            <label>
              <span>Address (JID)</span>
              <input
                type="text"
                autoComplete="username"
                placeholder={`erin@${settings.domain}`}
                value={jid}
                onChange={(event) => setJid(event.target.value)}
                required
                data-testid="login-jid"
              />
            </label>
            <label>
              <span>Password</span>
              <input
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                required
                data-testid="login-password"
              />
            </label>
            <label>
              <span>Server (WebSocket URL)</span>
              <input
                type="url"
                inputMode="url"
                value={service}
                onChange={(event) => setService(event.target.value)}
                required
                data-testid="login-ws"
              />
            </label>
            <button
              type="submit"
              className="demo-button demo-button--primary"
              disabled={busy}
              data-testid="login-submit"
            >
              Sign in
            </button>
          </form>
        </details>

        <p className="demo-footnote demo-muted">
          Server <code>{settings.wsUrl}</code> · domain <code>{settings.domain}</code>
        </p>
      </section>
    </main>
  );
}
