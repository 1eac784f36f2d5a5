/**
 * The stage of the signed-in app: `<VideoCall>` from @meshcall/ui (incoming dialog, "Calling…", the live
 * call, the end screen) with the lobby as its idle content, and beside a live call the demo's own details
 * panel (connection figures, device pickers).
 */
import { type CallState, endedCallToShow, useCallStore, usePresentParticipants } from '@meshcall/hooks';
import { VideoCall } from '@meshcall/ui';
import { type ReactNode, useRef } from 'react';
import { displayName } from '../contacts/contacts.js';
import { useDescendantTestIds } from '../util/test-ids.js';
import { CALL_PANEL_ID } from '../workspace/TopBar.js';
import { renderDemoTile } from './DemoTile.js';
import { DevicePicker } from './DevicePicker.js';
import { useDevicePreferences } from './device-preferences.js';
import { QualityPanel } from './QualityPanel.js';

/** Props of {@link CallArea}. */
export interface CallAreaProps {
  /** Shown while there is no call (the lobby). */
  readonly idle: ReactNode;
  /** Show the details panel next to a live call. */
  readonly detailsOpen: boolean;
  /** Play a ring tone for incoming calls. */
  readonly ringtone: boolean;
}

const ignoreActionError = (error: unknown) => {
  // Failures the engine reports also reach the store's errors (shown as toasts); the rest, such as a cancelled
  // screen picker, need no message.
  console.debug('[meshcall demo] call action failed', error);
};

/**
 * The active call's snapshot, to select from: selected whole, it would render the call screen again with every
 * stats sample (each second here) and every change of who speaks.
 */
const activeOf = (state: CallState) => (state.activeSessionId ? state.sessions[state.activeSessionId] : undefined);

/** The call stage. */
export function CallArea({ idle, detailsOpen, ringtone }: CallAreaProps) {
  const ref = useRef<HTMLDivElement>(null);
  const preferences = useDevicePreferences();
  const activeId = useCallStore((state) => state.activeSessionId);
  // Only what the stage shows of the active call (see `activeOf`).
  const activeState = useCallStore((state) => activeOf(state)?.state);
  const callType = useCallStore((state) => activeOf(state)?.callType);
  const opponents = useCallStore((state) => activeOf(state)?.opponents);
  // The details list those still in the call: who left, declined or never answered has no figures to show.
  const present = usePresentParticipants();
  const endedReason = useCallStore((state) => endedCallToShow(state)?.reason);
  const caller = useCallStore((state) => {
    const ringing = state.incomingSessionIds[0];
    return ringing ? state.sessions[ringing]?.initiator : undefined;
  });

  useDescendantTestIds(ref, {
    '[data-control="mic"]': 'toggle-mic',
    '[data-control="camera"]': 'toggle-camera',
    '[data-control="switch-camera"]': 'switch-camera',
    '[data-control="screen-share"]': 'toggle-screen',
    '[data-control="hang-up"]': 'hang-up',
    '.meshcall-backdrop': { id: 'incoming-call', data: { caller } },
    '[role="alertdialog"]': 'incoming-call-dialog',
    '[role="alertdialog"] .meshcall-action--accept': 'accept-call',
    '[role="alertdialog"] .meshcall-action--neutral': 'accept-call-audio-only',
    '[role="alertdialog"] .meshcall-action--danger': 'reject-call',
    '.meshcall-status--calling': 'outgoing-call',
    '.meshcall-status--calling .meshcall-action--danger': 'cancel-call',
    '.meshcall-status--ended, .meshcall-status--error': { id: 'call-ended', data: { reason: endedReason } },
    '.meshcall-status__actions .meshcall-pill-button:not(.meshcall-pill-button--accept)': 'ended-close',
    '.meshcall-status__actions .meshcall-pill-button--accept': 'call-again',
    '.meshcall-video-call__status': { id: 'call-status', data: { state: activeState } },
    '.meshcall-grid': 'call-grid',
    '.meshcall-grid__cell--featured': 'spotlight',
  });

  const inCall = activeId !== null && opponents !== undefined;
  return (
    <div
      ref={ref}
      className={inCall ? 'demo-stage demo-stage--call' : 'demo-stage'}
      data-testid={inCall ? 'call-view' : 'stage'}
      data-session-id={inCall ? activeId : undefined}
      data-call-type={callType}
    >
      <div className="demo-stage__call">
        <VideoCall
          getDisplayName={displayName}
          ringtone={ringtone}
          renderTile={renderDemoTile}
          // The client already samples stats every second for the details panel; no second poller.
          statsInterval={0}
          // The details panel has the demo's own device pickers (shared with the lobby and other windows).
          deviceSettings={false}
          {...(preferences.audiooutput ? { sinkId: preferences.audiooutput } : {})}
          onActionError={ignoreActionError}
          idle={idle}
        />
      </div>
      {inCall && detailsOpen && (
        <aside id={CALL_PANEL_ID} className="demo-card demo-stage__panel" aria-label="Call details">
          <h2 className="demo-section-title">Connection</h2>
          <QualityPanel sessionId={activeId} participants={present} />
          <h2 className="demo-section-title">Devices</h2>
          <DevicePicker sessionId={activeId} />
        </aside>
      )}
    </div>
  );
}
