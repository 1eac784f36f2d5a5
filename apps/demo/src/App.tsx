/**
 * The demo's top level: load the settings, sign in, then hand the call client to `<CallProvider>`.
 */
import { CallProvider } from '@meshcall/hooks';
import { useCallback, useEffect, useState } from 'react';
import { SignInPage } from './auth/SignInPage.js';
import { type Account, signOut } from './auth/sign-in.js';
import { type DemoSettings, loadSettings } from './config/settings.js';
import { Workspace } from './workspace/Workspace.js';

/** The demo app. */
export function App() {
  const [settings, setSettings] = useState<DemoSettings | null>(null);
  const [account, setAccount] = useState<Account | null>(null);

  useEffect(() => {
    let live = true;
    void loadSettings().then((loaded) => {
      if (live) setSettings(loaded);
    });
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    // Development builds expose the signed-in account for debugging from the console and the e2e tests.
    if (!import.meta.env.DEV) return;
    const debug = globalThis as { meshcallDemo?: Account | null };
    debug.meshcallDemo = account;
    return () => {
      debug.meshcallDemo = null;
    };
  }, [account]);

  useEffect(() => {
    if (!account) return;
    // Closing the tab: the engine hangs up on its own (hangUpOnPageHide); signing out also ends our presence.
    // Not when the page goes into the back/forward cache (`persisted`): Back brings this very page back, whose
    // connection then comes back by itself; signed out, it would show a dead workspace.
    const leave = (event: PageTransitionEvent) => {
      if (!event.persisted) void signOut(account);
    };
    window.addEventListener('pagehide', leave);
    return () => window.removeEventListener('pagehide', leave);
  }, [account]);

  const onSignOut = useCallback(async () => {
    if (!account) return;
    setAccount(null);
    await signOut(account);
  }, [account]);

  if (!settings) {
    return (
      <main className="demo-loading" aria-busy="true">
        <span className="meshcall-spinner meshcall-spinner--large" aria-hidden="true" />
        <span className="demo-visually-hidden">Loading…</span>
      </main>
    );
  }
  if (!account) return <SignInPage settings={settings} onSignedIn={setAccount} />;
  return (
    <CallProvider client={account.client}>
      <Workspace jid={account.jid} settings={settings} onSignOut={onSignOut} />
    </CallProvider>
  );
}
