/** "Call ended" with the reason in words, for a few seconds after a call closes. */
import { useEndedCall, useStartCall } from '@meshcall/hooks';
import { CallEndedScreen } from '@meshcall/ui';
import { useRef } from 'react';
import { displayName } from '../contacts/contacts.js';
import { useDescendantTestIds } from '../util/test-ids.js';
import { describeDeclined, type Rejections } from './rejections.js';

/** Props of {@link EndedCall}. */
export interface EndedCallProps {
  /** Reject reasons recorded during the calls (see `useRejections`). */
  readonly rejections: Rejections;
}

/** The end screen of the call that just closed, or nothing. */
export function EndedCall({ rejections }: EndedCallProps) {
  const { ended, dismiss } = useEndedCall();
  const startCall = useStartCall();
  const ref = useRef<HTMLDivElement>(null);
  useDescendantTestIds(ref, {
    '.meshcall-pill-button:not(.meshcall-pill-button--accept)': 'ended-close',
    '.meshcall-pill-button--accept': 'call-again',
  });
  if (!ended) return null;
  const { session, reason } = ended;
  const declined =
    session.direction === 'outgoing' && reason === 'remoteEnded'
      ? describeDeclined(rejections.get(session.id), session.opponents, displayName)
      : null;
  return (
    <div ref={ref} className="demo-card demo-ended" data-testid="call-ended" data-reason={reason}>
      <CallEndedScreen
        reason={reason}
        {...(declined ? { description: declined } : {})}
        onClose={dismiss}
        onCallAgain={() => {
          dismiss();
          void startCall(session.opponents, session.callType).catch(() => undefined);
        }}
      />
    </div>
  );
}
