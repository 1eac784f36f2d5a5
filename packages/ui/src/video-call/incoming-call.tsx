/**
 * The ringing call of `<VideoCall>`: the incoming-call dialog wired to accept, accept without video and
 * decline. The dialog goes away as soon as the user answers (before the camera has even opened), so a slow
 * permission prompt never invites a second click. A call that rings during another one (client option
 * `busyPolicy: 'ring'`) offers "End call and accept": the current call is put on hold at once (the hooks'
 * `beginCallSwitch`; its screen gives way to the new call's), hung up once the new one is answered, and taken off
 * hold if it could not be.
 * When the user answers one of two ringing calls, or the one shown stops ringing by itself, the other one opens
 * as a new dialog (focus on Accept, read out again) whose buttons ignore input for a moment: the second click of a
 * double-click, Enter pressed twice, or a click meant for the call that went away must not answer a call the user
 * has not seen.
 */
import {
  beginCallSwitch,
  bindSessionActions,
  type CallState,
  currentCallEndedBy,
  useAudioOutput,
  useCallClient,
  useCallStore,
  useCallStoreApi,
} from '@meshcall/hooks';
import { useEffect, useRef, useState } from 'react';
import { IncomingCallDialog, type IncomingCallDialogProps } from '../incoming-call/IncomingCallDialog.js';
import type { RingtoneSource } from '../incoming-call/ringtone.js';
import { endedMeanwhile } from './call-view-state.js';
import { useVideoCallSettings } from './context.js';
import { abortWhenCallIsOver } from './local-stream.js';

/** How long the buttons of a call that takes the place of another one at once ignore input. */
const FOLLOW_UP_INPUT_DELAY_MS = 500;

/** Props of {@link IncomingCall}. */
export interface IncomingCallProps {
  /** Only this session may ring here; any incoming session (the oldest) when undefined. */
  readonly sessionId: string | undefined;
  readonly ringtone: RingtoneSource | false;
  /** The speaker the app sets for calls (`<VideoCall sinkId>`); else the one chosen with `useAudioOutput`. */
  readonly sinkId: string | undefined;
}

/** The dialog for the ringing session, if any. */
export function IncomingCall({ sessionId, ringtone, sinkId }: IncomingCallProps) {
  const client = useCallClient();
  const { getDisplayName, handlers, focus } = useVideoCallSettings();
  const ringingId = useCallStore((state) =>
    sessionId === undefined
      ? (state.incomingSessionIds[0] ?? null)
      : state.incomingSessionIds.includes(sessionId)
        ? sessionId
        : null,
  );
  const session = useCallStore((state) => (ringingId === null ? null : (state.sessions[ringingId] ?? null)));
  const store = useCallStoreApi();
  const endsCurrentCall = useCallStore((state) => currentCallOf(state, ringingId, sessionId) !== null);
  const [answered, setAnswered] = useState<string | null>(null);
  // The call that rang here at the last commit (shown, or answered and not yet gone). A dialog for another call
  // takes its place at once, whether the user answered that one or it stopped ringing by itself: the click (or
  // key press) on its way was meant for that call.
  const lastRinging = useRef<string | null>(null);
  useEffect(() => {
    lastRinging.current = ringingId;
  });
  if (!session || answered === session.id) return null;

  const id = session.id;
  const callType = session.callType;
  const actions = bindSessionActions(client, id);
  const answer = () => setAnswered(id);
  const accept = async (video: boolean) => {
    answer();
    focus.followAnswer(id);
    const { userInfo, getLocalStream, onActionError } = handlers.current;
    // Read now, not from the last render: a call started a moment ago may not be on screen yet.
    const onHold = sessionId === undefined ? beginCallSwitch(client, store.getState(), id) : null;
    let stream: MediaStream | undefined;
    const lifetime = new AbortController();
    try {
      stream = getLocalStream
        ? await getLocalStream({ sessionId: id, callType, video, signal: lifetime.signal })
        : undefined;
    } catch (error) {
      // No media to answer with: ring again, so the user can decline or retry.
      setAnswered(null);
      onHold?.finish(false);
      onActionError(error);
      return;
    }
    // A media failure closes the session with `mediaError`, which the end screen explains.
    let answered = false;
    try {
      await actions.accept(userInfo, { ...(stream ? { stream } : {}), video });
      answered = true;
    } catch (error) {
      // A call that stopped ringing as it was answered (the caller gave up) is no failure to report.
      if (!endedMeanwhile(client, id, error)) onActionError(error);
    } finally {
      // Over already if it could not be answered (then the stream is not needed), or once it ends.
      abortWhenCallIsOver(client, id, lifetime);
      // Hung up if the new call is answered; if it could not be (no camera, the caller gave up), it goes on.
      onHold?.finish(answered, userInfo);
    }
  };
  return (
    <RingingDialog
      key={id}
      appSinkId={sinkId}
      inputDelay={lastRinging.current !== null && lastRinging.current !== id ? FOLLOW_UP_INPUT_DELAY_MS : 0}
      callerId={session.initiator}
      callType={callType}
      opponents={session.opponents}
      getDisplayName={getDisplayName}
      ringtone={ringtone}
      endsCurrentCall={endsCurrentCall}
      onAccept={() => void accept(callType === 'video')}
      onAcceptWithoutVideo={() => void accept(false)}
      onReject={() => {
        answer();
        actions.reject(handlers.current.userInfo);
      }}
    />
  );
}

/**
 * The dialog, ringing on the speaker the calls play on. Only while a call rings: `useAudioOutput` keeps the
 * device list watched, which an idle `<VideoCall>` has no need of.
 */
function RingingDialog({ appSinkId, ...dialog }: IncomingCallDialogProps & { appSinkId: string | undefined }) {
  const output = useAudioOutput();
  return <IncomingCallDialog {...dialog} sinkId={appSinkId ?? output.deviceId ?? undefined} />;
}

/**
 * The call on screen (live or dialing) that answering `ringingId` ends, when this `<VideoCall>` shows whatever
 * is active (`sessionId` undefined); `null` if there is none.
 */
function currentCallOf(state: CallState, ringingId: string | null, sessionId: string | undefined): string | null {
  return ringingId === null || sessionId !== undefined ? null : currentCallEndedBy(state, ringingId);
}
