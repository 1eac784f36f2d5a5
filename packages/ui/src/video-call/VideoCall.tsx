import type { UserInfo } from '@meshcall/core';
import {
  bindSessionActions,
  type EndedCall,
  useCallClient,
  useCallStore,
  useCallStoreApi,
  useEndedCall,
  usePresentParticipants,
  useStartCall,
} from '@meshcall/hooks';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import type { PipPosition } from '../call-grid/CallGrid.js';
import {
  CallEndedScreen,
  endedText,
  endedTitle,
  isFailure,
  OutgoingCallScreen,
} from '../call-status/CallStatusScreen.js';
import { cx } from '../classes.js';
import type { RingtoneSource } from '../incoming-call/ringtone.js';
import { type LabelOverrides, LabelsProvider, useLabels } from '../labels.js';
import { defaultDisplayName, type UserId } from '../types.js';
import { asSentence } from './announcements.js';
import { Announcer, useAnnouncement } from './announcer.js';
import { CallStage } from './call-stage.js';
import { type CallScreen, callAgainTargets, screenOf } from './call-view-state.js';
import {
  type LocalStreamRequest,
  useVideoCallSettings,
  VideoCallContext,
  type VideoCallHandlers,
  type VideoCallSettings,
  type VideoCallTileContext,
  type VideoCallTileProps,
} from './context.js';
import { endedDescription } from './ended-description.js';
import { useCallFocus, type VideoCallScreen } from './focus.js';
import { IncomingCall } from './incoming-call.js';
import { abortWhenCallIsOver } from './local-stream.js';
import { LocalTile } from './tiles.js';

/** Props of {@link VideoCall}. */
export interface VideoCallProps {
  /**
   * Show only this session (an outgoing or incoming call the app tracks itself). Default: whatever rings, and
   * the active call (the newest connecting/active one, else the newest being dialed).
   */
  sessionId?: string | undefined;
  /** Turns a user id (bare JID) into a display name. Default: the JID's local part, capitalized. */
  getDisplayName?: ((userId: UserId) => string) | undefined;
  /** Label overrides (i18n) for everything inside. */
  labels?: LabelOverrides | undefined;
  /**
   * Ring while a call rings: an audio file URL, or `true` for a built-in tone, on the speaker the calls play on
   * (`sinkId`, else the one chosen with `useAudioOutput`). Default: silent.
   */
  ringtone?: RingtoneSource | false | undefined;
  /** Called once for every call that ends (any reason, also declined or missed calls). */
  onCallEnded?: ((ended: EndedCall) => void) | undefined;
  /** Sent with accept, decline, hang-up and "call again" (e.g. `{ name: 'Alice' }`). */
  userInfo?: UserInfo | undefined;
  /**
   * Media to send instead of opening the camera and microphone (e.g. a processed or synthetic stream). Called
   * when the user accepts a call or calls again. The stream stays yours: meshcall never stops its tracks.
   * `request.signal` is aborted when the stream is no longer needed (the call is over, or ended before the
   * stream arrived), so a stream opened per call is cleaned up with
   * `signal.addEventListener('abort', () => stream.getTracks().forEach((t) => t.stop()))`; check
   * `signal.aborted` first, as it may be aborted already when your stream is ready.
   */
  getLocalStream?: ((request: LocalStreamRequest) => MediaStream | Promise<MediaStream>) | undefined;
  /**
   * Replaces how a tile is drawn: `tile` holds the props a default {@link ParticipantTile} would get, plus
   * `userId`; `call.sessionId` is the call it belongs to, for hooks such as `useParticipant(userId, sessionId)`
   * (a `<VideoCall sessionId>` may show a call that is not the active one).
   */
  renderTile?: ((tile: VideoCallTileProps, call: VideoCallTileContext) => ReactNode) | undefined;
  /**
   * Called when a control fails (e.g. the user cancelled the screen picker, the camera will not turn on, the
   * speaker cannot be used), and when one's own camera or microphone fails during a call (it would not open,
   * it stopped, or another one took its place: the `media-*` codes), once per failure. The call's own media
   * failures are also in `useCallErrors()`, a cancelled screen picker aside.
   */
  onActionError?: ((error: unknown) => void) | undefined;
  /**
   * Corner of the local picture-in-picture tile, and of your own picture while a call you placed rings. Default
   * `bottom-end`: the bottom right, or left in right-to-left pages.
   */
  pipPosition?: PipPosition | undefined;
  /** How often (ms) connection figures are polled for the "poor connection" badges; 0 turns it off. Default 2000. */
  statsInterval?: number | undefined;
  /**
   * Audio output device (`MediaDeviceInfo.deviceId` of an `audiooutput`) for the call's sound and the ringtone.
   * When set, the app chooses the speaker, and the device settings do not offer it. Else the call plays (and rings)
   * on the speaker chosen with `useAudioOutput` (from a lobby picker, say), which the device settings change.
   */
  sinkId?: string | undefined;
  /**
   * Offer a "Devices" button in the control bar, to choose the microphone, the camera and the speaker during
   * the call (shown only when there is a choice). A microphone or camera picked there is also what later calls
   * open (`CallClient.setPreferredDevices`). Default `true`; `false` when the app has its own device pickers.
   */
  deviceSettings?: boolean | undefined;
  /** Offer "Call again" on the end screen. Default `true`. */
  callAgain?: boolean | undefined;
  /** Shown while there is no call at all (e.g. a contact list). Default: nothing. */
  idle?: ReactNode | undefined;
  /** Extra class for the root element. */
  className?: string | undefined;
}

const NO_LABELS: LabelOverrides = {};
const ignore = () => undefined;

/**
 * The all-in-one call UI. Render it inside `<CallProvider>` (from `@meshcall/hooks`); it follows the calls of
 * that provider's client and shows, in turn:
 * - the incoming-call dialog while a call rings (accept, accept without video, decline);
 * - "Calling…" with Cancel while an outgoing call rings;
 * - the live call: a grid of participant tiles with connection badges, the local picture-in-picture
 *   (mirrored), the control bar (microphone, camera, switch camera, screen share, device choices, hang up),
 *   the call's sound, and "Reconnecting…" while every link is being restored;
 * - the end screen with the reason, Close and Call again. It stays until Close, Call again or another call
 *   (it holds the store's `lastEnded` against `endedRetention`), so it never vanishes under the user's eyes.
 *
 * It fills its container: give that a height (e.g. `100dvh`). Start calls from anywhere below the provider
 * with `useStartCall()`. Keep `getDisplayName` and `renderTile` stable (module functions or `useCallback`):
 * a new function re-renders every tile. Unmounting it does not end a call (the call is the client's, so the
 * UI can move): hang up before taking the call UI away.
 */
export function VideoCall({
  sessionId,
  getDisplayName = defaultDisplayName,
  labels = NO_LABELS,
  ringtone = false,
  onCallEnded,
  userInfo,
  getLocalStream,
  renderTile,
  onActionError = ignore,
  pipPosition,
  statsInterval = 2000,
  sinkId,
  deviceSettings = true,
  callAgain = true,
  idle,
  className,
}: VideoCallProps) {
  const shownId = useCallStore((state) => (sessionId === undefined ? state.activeSessionId : sessionId));
  const screen = useStickyScreen(
    shownId,
    useCallStore((state) => (shownId === null ? null : screenOf(state.sessions[shownId]))),
  );
  const ended = useEndedToShow(sessionId, screen);
  useEndedNotice(sessionId, onCallEnded);

  // An error is reported once, however many ways it reaches <VideoCall> (a control's failure is also the call's).
  const reported = useRef(new WeakSet<object>());
  const reportOnce = (error: unknown) => {
    if (typeof error === 'object' && error !== null) {
      if (reported.current.has(error)) return;
      reported.current.add(error);
    }
    onActionError(error);
  };
  const handlers = useRef<VideoCallHandlers>({ userInfo, getLocalStream, onActionError: reportOnce });
  handlers.current = { userInfo, getLocalStream, onActionError: reportOnce };
  const root = useRef<HTMLDivElement>(null);
  const shownScreen: VideoCallScreen = screen === 'calling' || screen === 'call' ? screen : ended ? 'ended' : 'idle';
  const dialog = useRef<HTMLDivElement>(null);
  const focus = useCallFocus(root, dialog, shownScreen, shownId ?? ended?.session.id ?? null);
  const settings = useMemo<VideoCallSettings>(
    () => ({ getDisplayName, renderTile, handlers, focus, reported: reported.current }),
    [getDisplayName, renderTile, focus],
  );

  let content: ReactNode = idle ?? null;
  if (shownId !== null && screen === 'calling') {
    content = <OutgoingCall sessionId={shownId} corner={pipPosition ?? 'bottom-end'} />;
  } else if (shownId !== null && screen === 'call') {
    // Keyed by the call: answering a call during another one switches straight from call to call, and the new
    // one must not inherit the old one's running time or what was already announced.
    content = (
      <CallStage
        key={shownId}
        sessionId={shownId}
        pipPosition={pipPosition}
        statsInterval={statsInterval}
        sinkId={sinkId}
        deviceSettings={deviceSettings}
      />
    );
  } else if (ended) {
    const since = ended.session.activeSince;
    content = (
      // Keyed by the call: a second missed call in a row is a new screen, told again in the same words.
      <EndedCallScreen
        key={ended.session.id}
        ended={ended}
        durationMs={since === null ? undefined : ended.endedAt - since}
        callAgain={callAgain}
      />
    );
  }

  return (
    <LabelsProvider labels={labels}>
      <VideoCallContext.Provider value={settings}>
        <Announcer>
          <div
            ref={root}
            tabIndex={-1}
            className={cx('meshcall', 'meshcall-video-call', className)}
            data-screen={shownScreen}
          >
            {content}
          </div>
          {/* Laid out as if it were not there: only for the focus handling to know its own dialog. */}
          <div ref={dialog} className="meshcall-video-call__dialog">
            <IncomingCall sessionId={sessionId} ringtone={ringtone} sinkId={sinkId} />
          </div>
        </Announcer>
      </VideoCallContext.Provider>
    </LabelsProvider>
  );
}

/**
 * The screen to show for `id`, where `closing` keeps the screen shown before (a cancelled outgoing call stays
 * on "Calling…" until it is gone rather than flashing the call grid).
 */
function useStickyScreen(id: string | null, screen: CallScreen): 'calling' | 'call' | null {
  const last = useRef<{ id: string | null; screen: 'calling' | 'call' | null }>({ id: null, screen: null });
  if (screen === 'closing') return last.current.id === id ? last.current.screen : null;
  last.current = { id, screen };
  return screen;
}

/**
 * The ended call the end screen shows: the store's last one while it deserves a screen, and still the one shown
 * when a call that rang over it ends without a screen of its own (declined here, answered on another device):
 * only Close, Call again or another call take it away.
 */
function useEndedToShow(sessionId: string | undefined, screen: 'calling' | 'call' | null): EndedCall | null {
  const { ended } = useEndedCall({ sessionId });
  return screen !== null ? null : ended;
}

/** Calls `onCallEnded` once per ended call of the watched session(s). */
function useEndedNotice(sessionId: string | undefined, onCallEnded: ((ended: EndedCall) => void) | undefined): void {
  const store = useCallStoreApi();
  const callback = useRef(onCallEnded);
  callback.current = onCallEnded;
  useEffect(
    () =>
      store.subscribe((state, previous) => {
        const ended = state.lastEnded;
        if (!ended || ended === previous.lastEnded) return;
        if (sessionId === undefined || ended.session.id === sessionId) callback.current?.(ended);
      }),
    [store, sessionId],
  );
}

/** "Calling Alice…" with Cancel, and the caller's own camera in a corner. */
function OutgoingCall({ sessionId, corner }: { sessionId: string; corner: PipPosition }) {
  const settings = useVideoCallSettings();
  const client = useCallClient();
  const labels = useLabels();
  const opponents = useCallStore((state) => state.sessions[sessionId]?.opponents ?? null);
  const callType = useCallStore((state) => state.sessions[sessionId]?.callType ?? 'video');
  // Said once, for everyone called; the screen then names only those still ringing (who declined is said apart).
  useAnnouncement(opponents && labels.callingTitle(opponents.map(settings.getDisplayName), opponents));
  const ringing = usePresentParticipants(sessionId);
  if (!opponents) return null;
  return (
    <div className="meshcall-video-call__calling">
      <OutgoingCallScreen
        announce={false}
        calleeIds={ringing.length > 0 ? ringing : opponents}
        callType={callType}
        getDisplayName={settings.getDisplayName}
        onCancel={() => bindSessionActions(client, sessionId).hangUp(settings.handlers.current.userInfo)}
      />
      {callType === 'video' && (
        // The caller sees their own picture while it rings, to check how they look before anyone answers.
        <div className="meshcall-video-call__preview-area">
          <div className={cx('meshcall-video-call__preview', `meshcall-corner--${corner}`)}>
            <LocalTile sessionId={sessionId} />
          </div>
        </div>
      )}
    </div>
  );
}

/** The end screen: why, how long, Close and Call again. Holds the ended call in the store while shown. */
function EndedCallScreen({
  ended,
  durationMs,
  callAgain,
}: {
  ended: EndedCall;
  durationMs: number | undefined;
  callAgain: boolean;
}) {
  const labels = useLabels();
  const settings = useVideoCallSettings();
  const { dismiss } = useEndedCall();
  const store = useCallStoreApi();
  useEffect(() => store.holdEnded(), [store]);
  const client = useCallClient();
  const startCall = useStartCall();
  const { session } = ended;
  const neverConnected = session.activeSince === null;
  const description = endedDescription(ended, labels, settings.getDisplayName);
  const headline = endedTitle(ended.reason, neverConnected, labels);
  const fallback = endedText(ended.reason, session.closeError, labels, neverConnected);
  useAnnouncement(
    `${asSentence(headline)} ${description === '' ? fallback : description}`,
    isFailure(ended.reason) ? 'assertive' : 'polite',
  );
  const targets = callAgainTargets(ended);
  const again = async () => {
    dismiss();
    const { getLocalStream, userInfo, onActionError } = settings.handlers.current;
    const { callType } = ended.session;
    const lifetime = new AbortController();
    let started: string | null = null;
    try {
      const video = callType === 'video';
      const stream = getLocalStream
        ? await getLocalStream({ sessionId: null, callType, video, signal: lifetime.signal })
        : undefined;
      started = await startCall(targets, callType, userInfo, stream ? { stream } : {});
    } catch (error) {
      onActionError(error);
    }
    abortWhenCallIsOver(client, started, lifetime);
  };
  return (
    <CallEndedScreen
      announce={false}
      reason={ended.reason}
      error={ended.session.closeError}
      description={description === '' ? undefined : description}
      durationMs={durationMs}
      neverConnected={neverConnected}
      onClose={dismiss}
      // A destroyed client places no call.
      onCallAgain={callAgain && targets.length > 0 && ended.reason !== 'destroyed' ? () => void again() : undefined}
    />
  );
}
