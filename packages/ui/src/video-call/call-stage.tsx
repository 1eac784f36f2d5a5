/**
 * The live call: header (who, how long), the grid, the control bar wired to the session, the call's sound,
 * the "Reconnecting…" overlay, what screen readers are told as people come and go, and connection-quality
 * polling. Every part is a small leaf that selects only
 * what it shows, so a tick of the timer or a new stats sample re-renders just that leaf.
 */

import { MeshcallError } from '@meshcall/core';
import type { CallState } from '@meshcall/hooks';
import {
  isReconnecting,
  presentIdsOf,
  shallowEqual,
  useAudioOutput,
  useCallClient,
  useCallDuration,
  useCallStore,
  useCallStoreApi,
  useLocalMedia,
  useMediaDevices,
  useSessionActions,
} from '@meshcall/hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CallAudio } from '../call-audio/CallAudio.js';
import {
  CallControls,
  CameraButton,
  HangUpButton,
  MicButton,
  ScreenShareButton,
  SwitchCameraButton,
} from '../call-controls/CallControls.js';
import type { PipPosition } from '../call-grid/CallGrid.js';
import { CallLayout } from '../call-layout/CallLayout.js';
import { ReconnectingScreen } from '../call-status/CallStatusScreen.js';
import { choosableDevices, DeviceSettingsButton, MediaDeviceSelect } from '../device-settings/DeviceSettings.js';
import { Icon } from '../icons.js';
import { useLabels } from '../labels.js';
import { type Announced, NOTHING_ANNOUNCED, nextAnnouncements } from './announcements.js';
import { useAnnounce } from './announcer.js';
import { endedMeanwhile } from './call-view-state.js';
import { useVideoCallSettings } from './context.js';
import { ParticipantsGrid } from './tiles.js';

/** Props of {@link CallStage}. */
export interface CallStageProps {
  readonly sessionId: string;
  readonly pipPosition: PipPosition | undefined;
  /** Poll connection figures this often (ms) for the "poor connection" badges; 0 turns polling off. */
  readonly statsInterval: number;
  /**
   * Audio output device for the call's sound, when the app sets it (`<VideoCall sinkId>`): the speaker is then
   * not offered. Else the store's choice (`useAudioOutput`), which the device settings change.
   */
  readonly sinkId: string | undefined;
  /** Offer the device choices in the control bar. */
  readonly deviceSettings: boolean;
}

/** The live call screen of one session. Re-renders only when the call starts or stops reconnecting. */
export function CallStage({
  sessionId,
  pipPosition,
  statsInterval,
  sinkId: appSinkId,
  deviceSettings,
}: CallStageProps) {
  const output = useAudioOutput();
  const sinkId = appSinkId ?? output.deviceId ?? undefined;
  const reconnecting = useCallStore((state) => isReconnecting(state.sessions[sessionId]));
  const store = useCallStoreApi();
  useEffect(
    () => (statsInterval > 0 ? store.pollStats(sessionId, statsInterval) : undefined),
    [store, sessionId, statsInterval],
  );
  return (
    <>
      <CallLayout
        className="meshcall-video-call__layout"
        header={<CallHeader sessionId={sessionId} />}
        controls={
          <CallBar
            sessionId={sessionId}
            speaker={appSinkId === undefined ? { sinkId, onPick: output.select } : undefined}
            deviceSettings={deviceSettings}
          />
        }
        overlay={reconnecting ? <ReconnectingScreen announce={false} /> : undefined}
      >
        <ParticipantsGrid sessionId={sessionId} pipPosition={pipPosition} />
      </CallLayout>
      <RemoteAudio sessionId={sessionId} sinkId={sinkId} />
      <Announcements sessionId={sessionId} reconnecting={reconnecting} />
      <LocalDeviceTrouble sessionId={sessionId} />
      {appSinkId === undefined && <LostSpeaker />}
    </>
  );
}

/** What one's own camera or microphone can go through during a call (see `LocalDeviceTrouble`). */
const DEVICE_TROUBLE: ReadonlySet<string> = /* @__PURE__ */ new Set([
  'media-no-device',
  'media-permission-denied',
  'media-device-busy',
  'media-constraints',
  'media-device-fallback',
]);

/** What core's media errors say failed (`MeshcallError.source`), read as data like the code. */
function sourceOf(error: object): unknown {
  return 'source' in error ? error.source : undefined;
}

/**
 * Whether `error` is one's own camera or microphone failing (see `DEVICE_TROUBLE`): not a screen share, whose
 * failures have the same codes but are no device the user must check.
 */
function isDeviceTrouble(error: unknown): boolean {
  // By its code, not its class: an app may hold two copies of core (a second bundle, a test double).
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    DEVICE_TROUBLE.has(String(error.code)) &&
    sourceOf(error) !== 'screen'
  );
}

/**
 * Whether `error` is a screen share that could not start (the browser could not capture the screen, or it was
 * blocked). A cancelled picker (`media-permission-denied`) is not: the user chose it, and hears nothing of it.
 */
function isScreenShareFailure(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    sourceOf(error) === 'screen' &&
    String(error.code).startsWith('media-') &&
    error.code !== 'media-permission-denied' &&
    error.code !== 'media-aborted'
  );
}

/**
 * Tells the app (`onActionError`) and screen readers when one's own camera or microphone fails during the call
 * without a control to report it: it would not open (the call goes on with the camera off, or muted), it
 * stopped, or another one took its place. Without it, a microphone that cannot open would just leave the mute
 * button pressed, with no word of why. A screen share the app started itself (its own "Present" button) that
 * could not start is told as the screen's failure, never as the camera's or microphone's. A control's own
 * failure (the camera button, the screen share button) is the control's to report (`CallBar`).
 */
function LocalDeviceTrouble({ sessionId }: { sessionId: string }) {
  const { handlers, reported } = useVideoCallSettings();
  const labels = useLabels();
  const announce = useAnnounce();
  const errors = useCallStore((state) => state.errors);
  const seen = useRef(0);
  useEffect(() => {
    // After the current task: a control's failure reaches the store before the control hears of it.
    const later = setTimeout(() => {
      for (const { id, error, sessionId: of, userId } of errors) {
        if (id <= seen.current) continue;
        seen.current = id;
        if (of !== sessionId || userId !== null || reported.has(error)) continue;
        if (isScreenShareFailure(error)) {
          handlers.current.onActionError(error);
          announce(labels.screenShareFailed);
          continue;
        }
        if (!isDeviceTrouble(error)) continue;
        handlers.current.onActionError(error);
        announce(error.code === 'media-device-fallback' ? labels.deviceSwitched : labels.deviceUnavailable);
      }
    }, 0);
    return () => clearTimeout(later);
  }, [errors, sessionId, handlers, reported, announce, labels]);
  return null;
}

/**
 * Tells the app (`onActionError`, a `media-device-fallback` error) and screen readers when the speaker chosen for
 * calls (`useAudioOutput`) is gone (unplugged, its battery dead) and the call's sound plays on the system output,
 * where everyone in the room hears it: as a microphone that another one replaced is told (`LocalDeviceTrouble`),
 * once per loss. A speaker the app sets (`<VideoCall sinkId>`) is the app's to watch.
 */
function LostSpeaker() {
  const { handlers } = useVideoCallSettings();
  const labels = useLabels();
  const announce = useAnnounce();
  const output = useAudioOutput();
  const chosen = useCallStore((state) => state.audioOutput);
  // `useAudioOutput` gives the system output while the chosen speaker is not listed. Where the browser cannot
  // choose a speaker, the chosen one never played anything: nothing moved.
  const lost = output.supported && chosen !== null && output.deviceId === null;
  const told = useRef(false);
  useEffect(() => {
    // Once per loss (new labels are no new loss); told again if it comes back and goes again.
    if (lost === told.current) return;
    told.current = lost;
    if (!lost) return;
    handlers.current.onActionError(
      new MeshcallError('media-device-fallback', 'The chosen speaker is not available; the system output is used'),
    );
    announce(labels.speakerSwitched);
  }, [lost, handlers, announce, labels]);
  return null;
}

/**
 * Who the call is with (those still in it or still ringing: not who declined or left), audio or video, and
 * "Connecting…" or the running time.
 */
function CallHeader({ sessionId }: { sessionId: string }) {
  const labels = useLabels();
  const { getDisplayName } = useVideoCallSettings();
  const opponents = useCallStore((state) => {
    const session = state.sessions[sessionId];
    const present = presentIdsOf(session);
    // Everyone gone (the call is about to end): say who it was with.
    return present.length > 0 ? present : (session?.opponents ?? []);
  }, shallowEqual);
  const callType = useCallStore((state) => state.sessions[sessionId]?.callType ?? 'video');
  // From the engine's `activeSince`: it stays set while the call hangs up, and survives a remount of this component.
  const elapsed = useCallDuration(sessionId);
  const names = useMemo(() => opponents.map(getDisplayName), [opponents, getDisplayName]);
  const title = labels.callTitle(names, opponents);
  return (
    <>
      {/* A heading, so a screen-reader user can jump to the call as to the Calling and end screens' titles. */}
      {/* One name keeps its own direction (and its start in view when cut); a list is a sentence of the page's
          language: an Arabic first name must not turn "X and Bob" right to left on an English page. */}
      <h2 className="meshcall-video-call__title" dir={names.length === 1 ? 'auto' : undefined} title={title}>
        {title}
      </h2>
      <span className="meshcall-video-call__status">
        <Icon name={callType === 'video' ? 'video' : 'phone'} size={16} />
        {elapsed === null ? (
          labels.connecting
        ) : (
          // A timer role, so screen readers don't announce each tick.
          <span role="timer" className="meshcall-video-call__elapsed">
            {labels.duration(elapsed)}
          </span>
        )}
      </span>
    </>
  );
}

/** The speaker choice of the device settings: what is in use, and how to change it. */
interface SpeakerChoice {
  readonly sinkId: string | undefined;
  readonly onPick: (sinkId: string) => void;
}

/** The control bar, wired to the session's commands. */
function CallBar({
  sessionId,
  speaker,
  deviceSettings,
}: {
  sessionId: string;
  speaker: SpeakerChoice | undefined;
  deviceSettings: boolean;
}) {
  const client = useCallClient();
  const { handlers } = useVideoCallSettings();
  const labels = useLabels();
  const announce = useAnnounce();
  const actions = useSessionActions(sessionId);
  const media = useLocalMedia(sessionId);
  const isVideo = useCallStore((state) => state.sessions[sessionId]?.callType === 'video');
  // A share being started (the picker open): a second press, such as a double click's, would open the picker
  // again once the first is cancelled. The ref stops it at once; the state tells it (`aria-busy`).
  const shareStarting = useRef(false);
  const [sharePending, setSharePending] = useState(false);
  /**
   * Runs a control's command; its failure goes to the app, and to screen readers when a device is the cause or
   * the screen could not be shared (a cancelled picker says nothing: the user chose it).
   */
  const run =
    (action: () => Promise<void>, usesDevices = false) =>
    () =>
      void action().catch((error: unknown) => {
        if (endedMeanwhile(client, sessionId, error)) return;
        handlers.current.onActionError(error);
        // A pressed button that stays as it was says nothing by itself.
        if (isScreenShareFailure(error)) announce(labels.screenShareFailed);
        else if (usesDevices && isDeviceTrouble(error)) announce(labels.deviceUnavailable);
      });
  const startShare = () => {
    if (shareStarting.current) return;
    shareStarting.current = true;
    setSharePending(true);
    run(() =>
      actions.startScreenShare().finally(() => {
        shareStarting.current = false;
        setSharePending(false);
      }),
    )();
  };
  if (!media) return null;
  return (
    <CallControls>
      <MicButton muted={media.audioMuted} onToggle={() => actions.setAudioMuted(!media.audioMuted)} />
      {isVideo && (
        <CameraButton muted={media.videoMuted} onToggle={run(() => actions.setVideoMuted(!media.videoMuted), true)} />
      )}
      {/* Kept while sharing (it switches the camera shown beside the screen), so the bar never shifts under a finger. */}
      {isVideo && <SwitchCamera onSwitch={run(actions.switchCamera, true)} />}
      {isVideo && (
        <ScreenShareButton
          sharing={media.screenSharing}
          aria-busy={sharePending || undefined}
          onToggle={media.screenSharing ? run(actions.stopScreenShare) : startShare}
        />
      )}
      {deviceSettings && (
        <DeviceMenu
          isVideo={isVideo}
          audioDeviceId={media.audioDeviceId}
          videoDeviceId={media.videoDeviceId}
          onSelect={(kind, deviceId) => run(() => actions.selectDevice(kind, deviceId), true)()}
          speaker={speaker}
        />
      )}
      <HangUpButton onHangUp={() => actions.hangUp(handlers.current.userInfo)} />
    </CallControls>
  );
}

/** Whether this browser can choose where audio plays (`HTMLMediaElement.setSinkId`). */
function canChooseSpeaker(): boolean {
  return typeof HTMLMediaElement !== 'undefined' && 'setSinkId' in HTMLMediaElement.prototype;
}

/**
 * The "Devices" button and its panel: microphone, camera (video calls) and speaker (where the browser can
 * route audio). Shown only when there is a choice to make. A device picked here is also what later calls open
 * (the client's preferred devices).
 */
function DeviceMenu({
  isVideo,
  audioDeviceId,
  videoDeviceId,
  onSelect,
  speaker,
}: {
  isVideo: boolean;
  audioDeviceId: string | null;
  videoDeviceId: string | null;
  onSelect: (kind: 'audioinput' | 'videoinput', deviceId: string) => void;
  speaker: SpeakerChoice | undefined;
}) {
  const devices = useMediaDevices();
  // A kind is offered when there are two devices of it to choose from (the browser's `default` alias aside).
  const offers = {
    microphone: choosableDevices(devices.audioinput).length >= 2,
    camera: isVideo && choosableDevices(devices.videoinput).length >= 2,
    speaker: speaker !== undefined && canChooseSpeaker() && choosableDevices(devices.audiooutput).length >= 2,
  };
  if (!offers.microphone && !offers.camera && !offers.speaker) return null;
  const pick = (kind: 'audioinput' | 'videoinput') => (chosen: string) => {
    const list = devices[kind];
    // "System default": the device the browser opens when asked for none (Chromium lists it as `default`).
    const deviceId = chosen || (list.find((device) => device.deviceId === 'default') ?? list[0])?.deviceId;
    if (!deviceId) return;
    onSelect(kind, deviceId);
  };
  return (
    <DeviceSettingsButton>
      {offers.microphone && (
        <MediaDeviceSelect
          kind="audioinput"
          devices={devices.audioinput}
          value={audioDeviceId ?? undefined}
          onChange={pick('audioinput')}
        />
      )}
      {offers.camera && (
        <MediaDeviceSelect
          kind="videoinput"
          devices={devices.videoinput}
          value={videoDeviceId ?? undefined}
          onChange={pick('videoinput')}
        />
      )}
      {speaker && offers.speaker && (
        <MediaDeviceSelect
          kind="audiooutput"
          devices={devices.audiooutput}
          value={speaker.sinkId}
          onChange={speaker.onPick}
        />
      )}
    </DeviceSettingsButton>
  );
}

/** The switch-camera button; a component of its own so only video calls list the devices. */
function SwitchCamera({ onSwitch }: { onSwitch: () => void }) {
  const { videoinput } = useMediaDevices();
  return <SwitchCameraButton cameraCount={videoinput.length} onSwitch={onSwitch} />;
}

/**
 * Plays every remote audio track of the call, whichever tiles are shown. An output device that cannot be used
 * is reported to `onActionError` once per device chosen, not once per participant.
 */
function RemoteAudio({ sessionId, sinkId }: { sessionId: string; sinkId: string | undefined }) {
  const { handlers } = useVideoCallSettings();
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new device gets its own first report.
  const onSinkError = useMemo(() => {
    let reported = false;
    return (error: unknown) => {
      if (reported) return;
      reported = true;
      handlers.current.onActionError(error);
    };
  }, [sinkId, handlers]);
  const tracks = useCallStore((state) => {
    const session = state.sessions[sessionId];
    const audio: MediaStreamTrack[] = [];
    for (const id of session?.opponents ?? []) {
      const peer = session?.peers[id];
      // Their voice, and the sound of the screen they share.
      for (const track of [peer?.audioTrack, peer?.screenAudioTrack]) if (track) audio.push(track);
    }
    return audio;
  }, shallowEqual);
  return <CallAudio tracks={tracks} sinkId={sinkId} onSinkError={onSinkError} />;
}

/**
 * Tells screen readers who joined, left, declined, dropped, came back or presents (see announcements.ts), and when the
 * whole call starts reconnecting (the "Reconnecting…" screen, which shows it, is no live region: see
 * announcer.tsx). It follows the store outside React's render, and renders nothing.
 */
function Announcements({ sessionId, reconnecting }: { sessionId: string; reconnecting: boolean }) {
  const store = useCallStoreApi();
  const labels = useLabels();
  const announce = useAnnounce();
  const { getDisplayName } = useVideoCallSettings();
  // Kept across re-subscriptions (new labels or name function), so nothing is told twice.
  const announced = useRef<Announced>(NOTHING_ANNOUNCED);
  useEffect(() => {
    const update = (state: CallState) => {
      const now = store.clock.now();
      const next = nextAnnouncements(state.sessions[sessionId], announced.current, labels, getDisplayName, now);
      announced.current = next.announced;
      for (const sentence of next.sentences) announce(sentence);
    };
    update(store.getState());
    return store.subscribe(update);
  }, [store, sessionId, labels, getDisplayName, announce]);
  // The way back is told per participant ("Reconnected to Bob.").
  const wasReconnecting = useRef(false);
  useEffect(() => {
    if (reconnecting === wasReconnecting.current) return;
    wasReconnecting.current = reconnecting;
    if (reconnecting) announce(`${labels.reconnectingTitle} ${labels.reconnectingDescription}`);
  }, [reconnecting, labels, announce]);
  return null;
}
