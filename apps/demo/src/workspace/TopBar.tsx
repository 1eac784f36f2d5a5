/** The top bar: product name, connection state, who is signed in, sign out. */
import type { TransportStatus } from '@meshcall/core';
import { useConnectionStatus } from '@meshcall/hooks';
import { Avatar, Icon } from '@meshcall/ui';
import { displayName } from '../contacts/contacts.js';

const STATUS_TEXT: Record<TransportStatus, string> = {
  online: 'Online',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};

/** The id of the call-details panel (rendered by `CallArea` while it is open). */
export const CALL_PANEL_ID = 'demo-call-panel';

/** Props of {@link TopBar}. */
export interface TopBarProps {
  readonly jid: string;
  readonly onSignOut: () => void;
  /** In a call: whether the details panel is shown, and how to toggle it (no button without it). */
  readonly detailsOpen?: boolean;
  readonly onToggleDetails?: () => void;
}

/** The top bar. */
export function TopBar({ jid, onSignOut, detailsOpen = false, onToggleDetails }: TopBarProps) {
  const status = useConnectionStatus();
  return (
    <header className="demo-topbar">
      <span className="demo-brand">
        <span className="demo-logo" aria-hidden="true" />
        <span className="demo-brand__name">
          meshcall <span className="demo-muted">demo</span>
        </span>
      </span>
      <span className="demo-topbar__right">
        {onToggleDetails && (
          <button
            type="button"
            className="demo-button demo-button--ghost demo-details-toggle"
            aria-label="Call details"
            aria-expanded={detailsOpen}
            // The panel exists only while open: a reference to a missing element is invalid ARIA.
            aria-controls={detailsOpen ? CALL_PANEL_ID : undefined}
            onClick={onToggleDetails}
            data-testid="toggle-details"
          >
            <Icon name="signal" size={18} />
            <span className="demo-details-toggle__label">Call details</span>
          </button>
        )}
        <span className={`demo-pill demo-pill--${status}`} data-testid="connection-status" data-status={status}>
          <span className="demo-pill__dot" aria-hidden="true" />
          <span className="demo-pill__text">{STATUS_TEXT[status]}</span>
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
