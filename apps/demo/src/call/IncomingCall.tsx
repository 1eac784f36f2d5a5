/** The ringing call, shown as the @meshcall/ui dialog over whatever is on screen. */
import { useIncomingCall } from '@meshcall/hooks';
import { IncomingCallDialog } from '@meshcall/ui';
import { useRef } from 'react';
import { displayName } from '../contacts/contacts.js';
import { useDescendantTestIds } from '../util/test-ids.js';

/** Props of {@link IncomingCall}. */
export interface IncomingCallProps {
  /** Play the built-in ring tone. */
  readonly ringtone: boolean;
}

/**
 * Accept / accept without video / decline for the oldest ringing call. Accept failures (camera blocked…)
 * are reported by the engine as errors and end the session with `mediaError`, so they are not handled here.
 */
export function IncomingCall({ ringtone }: IncomingCallProps) {
  const { session, accept, reject } = useIncomingCall();
  const ref = useRef<HTMLDivElement>(null);
  useDescendantTestIds(ref, {
    '[role="alertdialog"]': 'incoming-call-dialog',
    '.meshcall-action--accept': 'accept-call',
    '.meshcall-action--neutral': 'accept-call-audio-only',
    '.meshcall-action--danger': 'reject-call',
  });
  if (!session) return null;
  return (
    <div
      ref={ref}
      className="demo-contents"
      data-testid="incoming-call"
      data-session-id={session.id}
      data-caller={session.initiator}
    >
      <IncomingCallDialog
        key={session.id}
        callerId={session.initiator}
        callType={session.callType}
        opponents={session.opponents}
        getDisplayName={displayName}
        onAccept={() => void accept().catch(() => undefined)}
        onAcceptWithoutVideo={() => void accept(undefined, { video: false }).catch(() => undefined)}
        onReject={() => reject()}
        ringtone={ringtone}
      />
    </div>
  );
}
