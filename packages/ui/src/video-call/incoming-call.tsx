/**
 * The ringing call of `<VideoCall>`: the incoming-call dialog wired to accept, accept without video and
 * decline. The dialog goes away as soon as the user answers (before the camera has even opened), so a slow
 * permission prompt never invites a second click.
 */
import { bindSessionActions, useCallClient, useCallStore } from '@meshcall/hooks';
import { useState } from 'react';
import { IncomingCallDialog } from '../incoming-call/IncomingCallDialog.js';
import type { RingtoneSource } from '../incoming-call/ringtone.js';
import { useVideoCallSettings } from './context.js';

/** Props of {@link IncomingCall}. */
export interface IncomingCallProps {
  /** Only this session may ring here; any incoming session (the oldest) when undefined. */
  readonly sessionId: string | undefined;
  readonly ringtone: RingtoneSource | false;
}

/** The dialog for the ringing session, if any. */
export function IncomingCall({ sessionId, ringtone }: IncomingCallProps) {
  const client = useCallClient();
  const { getDisplayName, userInfo, getLocalStream, onActionError } = useVideoCallSettings();
  const ringingId = useCallStore((state) =>
    sessionId === undefined
      ? (state.incomingSessionIds[0] ?? null)
      : state.incomingSessionIds.includes(sessionId)
        ? sessionId
        : null,
  );
  const session = useCallStore((state) => (ringingId === null ? null : (state.sessions[ringingId] ?? null)));
  const [answered, setAnswered] = useState<string | null>(null);
  if (!session || answered === session.id) return null;

  const id = session.id;
  const callType = session.callType;
  const actions = bindSessionActions(client, id);
  const accept = async (video: boolean) => {
    setAnswered(id);
    let stream: MediaStream | undefined;
    try {
      stream = getLocalStream ? await getLocalStream({ sessionId: id, callType, video }) : undefined;
    } catch (error) {
      // No media to answer with: ring again, so the user can decline or retry.
      setAnswered(null);
      onActionError(error);
      return;
    }
    // A media failure closes the session with `mediaError`, which the end screen explains.
    await actions.accept(userInfo, { ...(stream ? { stream } : {}), video }).catch(onActionError);
  };
  return (
    <IncomingCallDialog
      callerId={session.initiator}
      callType={callType}
      opponents={session.opponents}
      getDisplayName={getDisplayName}
      ringtone={ringtone}
      onAccept={() => void accept(callType === 'video')}
      onAcceptWithoutVideo={() => void accept(false)}
      onReject={() => {
        setAnswered(id);
        actions.reject(userInfo);
      }}
    />
  );
}
