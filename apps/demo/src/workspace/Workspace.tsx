/**
 * Everything after sign-in: the top bar, then either the lobby (contacts, devices) or the call screen, with
 * the incoming-call dialog and the error toasts on top.
 */
import { useCallStore, useConnectionStatus } from '@meshcall/hooks';
import type { Account } from '../auth/sign-in.js';
import { CallView } from '../call/CallView.js';
import { DevicePicker } from '../call/DevicePicker.js';
import { EndedCall } from '../call/EndedCall.js';
import { IncomingCall } from '../call/IncomingCall.js';
import { useRejections } from '../call/rejections.js';
import type { DemoSettings } from '../config/settings.js';
import { ContactList } from '../contacts/ContactList.js';
import { ErrorToasts } from '../errors/ErrorToasts.js';
import { TopBar } from './TopBar.js';

/** Props of {@link Workspace}. */
export interface WorkspaceProps {
  readonly account: Account;
  readonly settings: DemoSettings;
  readonly onSignOut: () => void;
}

/** The signed-in app. */
export function Workspace({ account, settings, onSignOut }: WorkspaceProps) {
  const activeSessionId = useCallStore((state) => state.activeSessionId);
  const status = useConnectionStatus();
  const rejections = useRejections();
  return (
    <div className={activeSessionId ? 'demo-app demo-app--call' : 'demo-app'} data-testid="workspace">
      <TopBar jid={account.jid} onSignOut={onSignOut} />
      {status !== 'online' && (
        <p className="demo-banner" role="status" data-testid="connection-banner">
          {status === 'offline'
            ? 'Disconnected from the chat server. Calls are not possible until you sign in again.'
            : 'Lost the connection to the chat server; reconnecting… Calls in progress continue.'}
        </p>
      )}
      <main className={activeSessionId ? 'demo-main demo-main--call' : 'demo-main'}>
        {activeSessionId ? (
          <CallView key={activeSessionId} sessionId={activeSessionId} localUser={account.jid} />
        ) : (
          <div className="demo-lobby">
            <div className="demo-lobby__main">
              <EndedCall rejections={rejections} />
              <ContactList self={account.jid} settings={settings} />
            </div>
            <aside className="demo-lobby__side">
              <section className="demo-card" aria-labelledby="demo-devices-title">
                <h2 id="demo-devices-title" className="demo-card__title">
                  Your devices
                </h2>
                <DevicePicker />
              </section>
              <section className="demo-card demo-help" aria-labelledby="demo-help-title">
                <h2 id="demo-help-title" className="demo-card__title">
                  Try it
                </h2>
                <ol>
                  <li>Open this page in a second window (or another browser) and sign in as someone else.</li>
                  <li>Press the camera or phone button next to them, or tick up to three people for a group call.</li>
                  <li>Accept in the other window. Media goes directly between the browsers.</li>
                </ol>
              </section>
            </aside>
          </div>
        )}
      </main>
      <IncomingCall ringtone={settings.ringtone} />
      <ErrorToasts />
    </div>
  );
}
