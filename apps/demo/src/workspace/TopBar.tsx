/** The top bar: product name, connection state, who is signed in, sign out. */
import type { TransportStatus } from '@meshcall/core';
import { useConnectionStatus } from '@meshcall/hooks';
import { Avatar } from '@meshcall/ui';
import { displayName } from '../contacts/contacts.js';

const STATUS_TEXT: Record<TransportStatus, string> = {
  online: 'Online',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** Props of {@link TopBar}. */
export interface TopBarProps {
  readonly jid: string;
  readonly onSignOut: () => void;
}

/** The top bar. */
export function TopBar({ jid, onSignOut }: TopBarProps) {
  const status = useConnectionStatus();
  return (
    <header className="demo-topbar">
      <span className="demo-brand">
        <span className="demo-logo" aria-hidden="true" />
        meshcall <span className="demo-muted">demo</span>
      </span>
      <span className="demo-topbar__right">
        <span className={`demo-pill demo-pill--${status}`} data-testid="connection-status" data-status={status}>
          <span className="demo-pill__dot" aria-hidden="true" />
          {STATUS_TEXT[status]}
        </span>
        <span className="demo-me" data-testid="signed-in-as" data-jid={jid}>
          <Avatar name={displayName(jid)} size={32} />
          <span className="demo-me__text">
            <span className="demo-me__name">{displayName(jid)}</span>
            <span className="demo-muted demo-small">{jid}</span>
          </span>
        </span>
        <button type="button" className="demo-button demo-button--ghost" onClick={onSignOut} data-testid="sign-out">
          Sign out
        </button>
      </span>
    </header>
  );
}
