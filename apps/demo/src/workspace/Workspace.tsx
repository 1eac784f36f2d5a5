/**
 * Everything after sign-in: the top bar, then the call stage, which shows the lobby (contacts, devices)
 * while there is no call; error toasts on top.
 */
import type { UserId } from '@meshcall/core';
import { useCallStore, useConnectionStatus } from '@meshcall/hooks';
import { screenOf } from '@meshcall/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CallArea } from '../call/CallArea.js';
import { DevicePicker } from '../call/DevicePicker.js';
import { usePickedDevicesForCalls } from '../call/device-preferences.js';
import { SettingsNotices } from '../config/SettingsNotices.js';
import type { DemoSettings } from '../config/settings.js';
import { ContactList } from '../contacts/ContactList.js';
import { ErrorToasts } from '../errors/ErrorToasts.js';
import { TopBar } from './TopBar.js';

/** Props of {@link Workspace}. */
export interface WorkspaceProps {
  /** The signed-in user (bare JID). */
  readonly jid: string;
  readonly settings: DemoSettings;
  readonly onSignOut: () => void;
}

/** The signed-in app. */
export function Workspace({ jid, settings, onSignOut }: WorkspaceProps) {
  const inCall = useCallStore((state) => state.activeSessionId !== null);
  // Details only make sense once someone answered (not while "Calling…").
  const live = useCallStore((state) =>
    state.activeSessionId === null ? false : screenOf(state.sessions[state.activeSessionId]) === 'call',
  );
  const status = useConnectionStatus();
  const [detailsOpen, setDetailsOpen] = useState(() => window.matchMedia('(min-width: 1100px)').matches);
  // Every call opens the devices picked in the lobby, from its first moment.
  usePickedDevicesForCalls();
  // Here, not in the contact list: the lobby is unmounted while a call is on screen.
  const [added, setAdded] = useState<readonly UserId[]>([]);
  const main = useRef<HTMLElement>(null);
  useEffect(() => {
    // Signing in took away the form that had the focus: it goes to the new page's main area (as after a page
    // load), so that the next Tab reaches its first control rather than the top of the page.
    if (document.activeElement === document.body || document.activeElement === null) main.current?.focus();
  }, []);
  const addContact = useCallback(
    (jid: UserId) => setAdded((current) => (current.includes(jid) ? current : [...current, jid])),
    [],
  );
  return (
    <div className={inCall ? 'demo-app demo-app--call' : 'demo-app'} data-testid="workspace">
      <TopBar
        jid={jid}
        onSignOut={onSignOut}
        {...(live ? { detailsOpen, onToggleDetails: () => setDetailsOpen((open) => !open) } : {})}
      />
      {status !== 'online' && (
        <p className="demo-banner" role="status" data-testid="connection-banner">
          {status === 'offline'
            ? 'Disconnected from the chat server. Calls are not possible until you sign in again.'
            : 'Lost the connection to the chat server; reconnecting… Calls in progress continue.'}
        </p>
      )}
      <main ref={main} tabIndex={-1} className={inCall ? 'demo-main demo-main--call' : 'demo-main'}>
        <SettingsNotices notices={settings.notices} />
        <CallArea
          idle={<Lobby jid={jid} settings={settings} added={added} onAdd={addContact} />}
          detailsOpen={live && detailsOpen}
          ringtone={settings.ringtone}
        />
      </main>
      <ErrorToasts />
    </div>
  );
}

/** Props of {@link Lobby}. */
interface LobbyProps {
  readonly jid: string;
  readonly settings: DemoSettings;
  readonly added: readonly UserId[];
  readonly onAdd: (jid: UserId) => void;
}

/** Contacts, device pickers and a short how-to, while there is no call. */
function Lobby({ jid, settings, added, onAdd }: LobbyProps) {
  return (
    <div className="demo-lobby">
      <div className="demo-lobby__main">
        <ContactList self={jid} settings={settings} added={added} onAdd={onAdd} />
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
  );
}
