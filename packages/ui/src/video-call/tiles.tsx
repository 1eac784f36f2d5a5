/**
 * The grid of a live call, wired to the hooks with the render discipline the hooks package asks for: the
 * grid reads only the ids of the people still in the call, and each tile subscribes to its own participant.
 * A change of one participant (mute, track, link state, quality, speaking) re-renders that participant's tile only.
 */
import type { UserId } from '@meshcall/core';
import {
  useCallStore,
  useConnectionQuality,
  useIsSpeaking,
  useLocalTracks,
  useLocalUser,
  useParticipant,
  usePresenter,
  usePresentParticipants,
} from '@meshcall/hooks';
import { memo, useCallback, useState } from 'react';
import { CallGrid, type PipPosition } from '../call-grid/CallGrid.js';
import { ParticipantTile } from '../participant-tile/ParticipantTile.js';
import { tileConnectionFor } from '../types.js';
import { useVideoCallSettings, type VideoCallTileProps } from './context.js';

/** Props of {@link ParticipantsGrid}. */
interface ParticipantsGridProps {
  readonly sessionId: string;
  readonly pipPosition: PipPosition | undefined;
}

/**
 * Remote tiles for everyone still in the call, and the local picture-in-picture. In the spotlight: whom the
 * user pinned, else a shared screen. Reads ids only.
 */
export function ParticipantsGrid({ sessionId, pipPosition }: ParticipantsGridProps) {
  const ids = usePresentParticipants(sessionId);
  const presenter = usePresenter(sessionId);
  const [pinned, setPinned] = useState<UserId | null>(null);
  const togglePin = useCallback((userId: UserId) => setPinned((now) => (now === userId ? null : userId)), []);
  // Someone pinned who left gives the stage back, for good: should they come back, they are not pinned again.
  if (pinned !== null && !ids.includes(pinned)) setPinned(null);
  return (
    <CallGrid local={<LocalTile sessionId={sessionId} />} spotlight={pinned ?? presenter} pipPosition={pipPosition}>
      {ids.map((id) => (
        <RemoteTile key={id} userId={id} sessionId={sessionId} pinned={id === pinned} onTogglePin={togglePin} />
      ))}
    </CallGrid>
  );
}

/** One remote participant. Memoized on its ids, so the grid re-rendering (someone left) passes it by. */
const RemoteTile = /* @__PURE__ */ memo(function RemoteTile({
  userId,
  sessionId,
  pinned,
  onTogglePin,
}: {
  userId: UserId;
  sessionId: string;
  pinned: boolean;
  onTogglePin: (userId: UserId) => void;
}) {
  const { getDisplayName, renderTile } = useVideoCallSettings();
  const peer = useParticipant(userId, sessionId);
  // The verdict, not the figures: new stats every few seconds must not re-render a tile whose badge stays.
  const poor = useConnectionQuality(userId, sessionId) === 'poor';
  const speaking = useIsSpeaking(userId, sessionId);
  // The same function while the tile stays: a new one would re-render the memoized tile on every change of this
  // participant, even one it does not show (their sound, their user info).
  const togglePin = useCallback(() => onTogglePin(userId), [onTogglePin, userId]);
  if (!peer) return null;
  const tile: VideoCallTileProps = {
    userId,
    name: getDisplayName(userId),
    videoTrack: peer.videoTrack,
    sideCameraTrack: peer.sideCameraTrack,
    // A shared screen is sent even with the camera off, so it counts as video.
    videoMuted: (peer.media?.videoMuted ?? false) && !peer.media?.screenSharing,
    audioMuted: peer.media?.audioMuted ?? false,
    screenSharing: peer.media?.screenSharing ?? false,
    speaking,
    connection: tileConnectionFor(peer.state, poor),
    pinned,
    // Offered facing one person too (the grid's CSS hides it there: their tile fills the stage anyway), so that
    // the others' tiles do not re-render as people come and go.
    onTogglePin: togglePin,
  };
  return renderTile ? renderTile(tile, { sessionId }) : <ParticipantTile {...tile} />;
});

/**
 * The local user's own tile: their camera (mirrored), and their mute state. While they share their screen, still
 * their camera (the one sent beside the screen), or their avatar with the camera off, with a "You are presenting"
 * badge: the others see the screen, and the screen shown inside itself would repeat endlessly.
 */
export const LocalTile = /* @__PURE__ */ memo(function LocalTile({ sessionId }: { sessionId: string }) {
  const { getDisplayName, renderTile } = useVideoCallSettings();
  const localUser = useLocalUser();
  const tracks = useLocalTracks(sessionId);
  const media = useCallStore((state) => state.sessions[sessionId]?.localMedia ?? null);
  const speaking = useIsSpeaking(localUser, sessionId);
  const screenSharing = media?.screenSharing ?? false;
  const tile: VideoCallTileProps = {
    userId: localUser,
    name: getDisplayName(localUser),
    isLocal: true,
    // While sharing, `video` is the screen; the camera goes beside it.
    videoTrack: screenSharing ? tracks.sideCamera : tracks.video,
    videoMuted: media?.videoMuted ?? true,
    audioMuted: media?.audioMuted ?? false,
    screenSharing,
    speaking,
  };
  return renderTile ? renderTile(tile, { sessionId }) : <ParticipantTile {...tile} />;
});
