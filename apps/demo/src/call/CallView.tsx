/**
 * The call screen, composed from @meshcall/ui pieces: "Calling…" while it rings, then the grid of
 * participants with the local picture-in-picture, the control bar, remote audio, and a side panel with the
 * device pickers and the connection figures.
 */
import type { UserId } from '@meshcall/core';
import {
  useCallSession,
  useCallStats,
  useLocalTracks,
  useMediaDevices,
  useParticipant,
  useParticipants,
  useRemoteTracks,
} from '@meshcall/hooks';
import {
  CallAudio,
  CallControls,
  CallGrid,
  CallLayout,
  CameraButton,
  ControlButton,
  formatDuration,
  HangUpButton,
  Icon,
  MicButton,
  OutgoingCallScreen,
  ParticipantTile,
  ReconnectingScreen,
  ScreenShareButton,
  SwitchCameraButton,
  tileConnectionFor,
} from '@meshcall/ui';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { displayName } from '../contacts/contacts.js';
import { useDescendantTestIds, userSlug } from '../util/test-ids.js';
import { DevicePicker } from './DevicePicker.js';
import { useDevicePreferences } from './device-preferences.js';
import { QualityPanel } from './QualityPanel.js';
import { isPoor } from './quality.js';

/** Peer states after which the participant is no longer in the call: their tile goes away. */
const GONE = new Set(['hungUp', 'rejected', 'notAnswered', 'closed']);

/** Props of {@link CallView}. */
export interface CallViewProps {
  readonly sessionId: string;
  readonly localUser: UserId;
}

/** The call screen for one session. */
export function CallView({ sessionId, localUser }: CallViewProps) {
  const actions = useCallSession(sessionId);
  const { session } = actions;
  const participants = useParticipants(sessionId);
  const local = useLocalTracks(sessionId);
  const remoteTracks = useRemoteTracks(sessionId);
  const { videoinput } = useMediaDevices();
  const preferences = useDevicePreferences();
  const [panelOpen, setPanelOpen] = useState(() => window.matchMedia('(min-width: 1100px)').matches);
  const activeSince = useActiveSince(session?.state);
  const elapsed = useElapsed(activeSince);
  useApplyPreferredDevices(sessionId);

  const audioTracks = useMemo(
    () => remoteTracks.filter((remote) => remote.kind === 'audio').map((remote) => remote.track),
    [remoteTracks],
  );

  if (!session) return null;
  const media = session.localMedia;
  const isVideo = session.callType === 'video';
  const names = session.opponents.map(displayName);
  const peers = Object.values(session.peers);
  const present = peers.filter((peer) => !GONE.has(peer.state));
  const ringing = session.direction === 'outgoing' && (session.state === 'new' || session.state === 'pending');
  const reconnecting =
    session.state === 'active' && present.length > 0 && present.every((peer) => peer.state === 'disconnected');

  const localTile = (
    <ParticipantTile
      name={displayName(localUser)}
      isLocal
      videoTrack={local.video}
      videoMuted={media.videoMuted}
      audioMuted={media.audioMuted}
      screenSharing={media.screenSharing}
      data-testid="local-tile"
    />
  );

  const statusText =
    session.state === 'active'
      ? formatDuration(elapsed)
      : session.state === 'connecting'
        ? 'Connecting…'
        : session.state === 'closing'
          ? 'Ending…'
          : 'Ringing…';

  const header = (
    <>
      <div className="demo-call-title">
        <h1>{names.length > 1 ? `Group call with ${names.join(', ')}` : `Call with ${names[0] ?? ''}`}</h1>
        <span className="demo-call-status" data-testid="call-status" data-state={session.state}>
          <span className={`demo-dot demo-dot--${session.state}`} aria-hidden="true" />
          {isVideo ? 'Video' : 'Audio'} · {statusText}
        </span>
      </div>
    </>
  );

  const controls = (
    <CallControls>
      <MicButton
        muted={media.audioMuted}
        onToggle={() => actions.setAudioMuted(!media.audioMuted)}
        data-testid="toggle-mic"
      />
      {isVideo && (
        <CameraButton
          muted={media.videoMuted}
          onToggle={() => void actions.setVideoMuted(!media.videoMuted).catch(() => undefined)}
          data-testid="toggle-camera"
        />
      )}
      {isVideo && (
        <SwitchCameraButton
          cameraCount={videoinput.length}
          onSwitch={() => void actions.switchCamera().catch(() => undefined)}
          data-testid="switch-camera"
        />
      )}
      {isVideo && (
        <ScreenShareButton
          sharing={media.screenSharing}
          onToggle={() =>
            void (media.screenSharing ? actions.stopScreenShare() : actions.startScreenShare()).catch(() => undefined)
          }
          data-testid="toggle-screen"
        />
      )}
      <ControlButton
        icon={<Icon name="signal" />}
        label={panelOpen ? 'Hide call details' : 'Show call details'}
        pressed={panelOpen}
        tone={panelOpen ? 'active' : 'default'}
        aria-controls="demo-call-panel"
        onClick={() => setPanelOpen((open) => !open)}
        data-testid="toggle-details"
      />
      <HangUpButton onHangUp={() => actions.hangUp()} data-testid="hang-up" />
    </CallControls>
  );

  return (
    <div className="demo-call" data-testid="call-view" data-session-id={session.id} data-call-type={session.callType}>
      <CallAudio tracks={audioTracks} {...(preferences.audiooutput ? { sinkId: preferences.audiooutput } : {})} />
      <div className="demo-call__main">
        {ringing ? (
          <OutgoingRinging
            calleeIds={session.opponents}
            callType={session.callType}
            onCancel={() => actions.hangUp()}
            preview={isVideo ? localTile : null}
          />
        ) : (
          <CallLayout
            header={header}
            controls={controls}
            overlay={
              reconnecting ? (
                <ReconnectingScreen
                  actions={
                    <button type="button" className="demo-button" onClick={() => actions.hangUp()}>
                      Leave call
                    </button>
                  }
                />
              ) : undefined
            }
          >
            <CallGrid local={localTile}>
              {present.map((peer) => (
                <RemoteTile key={peer.userId} userId={peer.userId} sessionId={sessionId} />
              ))}
            </CallGrid>
          </CallLayout>
        )}
      </div>
      {panelOpen && !ringing && (
        <aside id="demo-call-panel" className="demo-card demo-call__panel" aria-label="Call details">
          <h2 className="demo-section-title">Connection</h2>
          <QualityPanel sessionId={sessionId} participants={participants} />
          <h2 className="demo-section-title">Devices</h2>
          <DevicePicker sessionId={sessionId} />
        </aside>
      )}
    </div>
  );
}

/** The caller's ringing screen, with the camera preview beside it so they can check how they look. */
function OutgoingRinging({
  calleeIds,
  callType,
  onCancel,
  preview,
}: {
  calleeIds: readonly UserId[];
  callType: 'audio' | 'video';
  onCancel: () => void;
  preview: ReactNode;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useDescendantTestIds(ref, { '.meshcall-action--danger': 'cancel-call' });
  return (
    <div ref={ref} className="demo-ringing" data-testid="outgoing-call">
      <div className="demo-ringing__status">
        <OutgoingCallScreen
          calleeIds={calleeIds}
          callType={callType}
          onCancel={onCancel}
          getDisplayName={displayName}
        />
      </div>
      {preview && <div className="demo-ringing__preview">{preview}</div>}
    </div>
  );
}

/** One remote participant; subscribes only to that participant, so others' changes don't re-render it. */
function RemoteTile({ userId, sessionId }: { userId: UserId; sessionId: string }) {
  const peer = useParticipant(userId, sessionId);
  const stats = useCallStats(sessionId)[userId];
  const slug = userSlug(userId);
  const ref = useRef<HTMLDivElement>(null);
  useDescendantTestIds(ref, { video: `remote-video-${slug}` });
  if (!peer) return null;
  return (
    <div ref={ref} className="demo-tile-wrap">
      <ParticipantTile
        name={displayName(userId)}
        videoTrack={peer.videoTrack}
        videoMuted={peer.media?.videoMuted ?? false}
        audioMuted={peer.media?.audioMuted ?? false}
        screenSharing={peer.media?.screenSharing ?? false}
        connection={tileConnectionFor(peer.state, isPoor(stats))}
        data-testid={`remote-tile-${slug}`}
        data-peer-state={peer.state}
      />
    </div>
  );
}

/** When the session last became `active` (ms since epoch), or null. */
function useActiveSince(state: string | undefined): number | null {
  const [since, setSince] = useState<number | null>(null);
  useEffect(() => {
    if (state === 'active') setSince((previous) => previous ?? Date.now());
  }, [state]);
  return since;
}

/** Milliseconds since `since`, ticking once a second. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === null) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, now - since);
}

/**
 * Switches to the devices picked in the lobby once the call has its media. Tried once per device kind and
 * session: if a remembered device is gone, the call keeps the default instead of retrying forever.
 */
function useApplyPreferredDevices(sessionId: string): void {
  const { session, selectDevice } = useCallSession(sessionId);
  const { audioinput, videoinput } = useMediaDevices();
  const preferences = useDevicePreferences();
  const tried = useRef(new Set<string>());
  const media = session?.localMedia;
  const hasMedia = Boolean(session?.localTracks.audio || session?.localTracks.video);
  useEffect(() => {
    if (!media || !hasMedia) return;
    const wanted: Array<
      ['audioinput' | 'videoinput', string | undefined, string | null, readonly { deviceId: string }[]]
    > = [
      ['audioinput', preferences.audioinput, media.audioDeviceId, audioinput],
      ['videoinput', preferences.videoinput, media.videoDeviceId, videoinput],
    ];
    for (const [kind, preferred, currentId, available] of wanted) {
      if (!preferred || preferred === currentId || tried.current.has(kind)) continue;
      if (kind === 'videoinput' && (media.videoMuted || media.screenSharing || !session?.localTracks.video)) continue;
      if (!available.some((device) => device.deviceId === preferred)) continue;
      tried.current.add(kind);
      selectDevice(kind, preferred).catch(() => undefined);
    }
  }, [media, hasMedia, preferences, audioinput, videoinput, selectDevice, session?.localTracks.video]);
}
