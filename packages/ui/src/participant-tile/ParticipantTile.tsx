import { type HTMLAttributes, memo } from 'react';
import { Avatar } from '../avatar/Avatar.js';
import { cx } from '../classes.js';
import { Icon, type IconName } from '../icons.js';
import { type LabelOverrides, type MeshcallLabels, useLabels } from '../labels.js';
import type { TileConnection } from '../types.js';
import { type VideoScaling, VideoSurface } from '../video-surface/VideoSurface.js';

/** Props of {@link ParticipantTile}. */
export interface ParticipantTileProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  /** Display name. */
  name: string;
  /**
   * Whose tile this is (bare JID), set as `data-user-id`, for tests and styles. `<VideoCall>`'s `renderTile`
   * hands it over with the other props, so `<ParticipantTile {...tile} />` just works.
   */
  userId?: string | undefined;
  /** The participant's video track, if any. */
  videoTrack?: MediaStreamTrack | null | undefined;
  /**
   * Their camera beside the screen they share (`PeerSnapshot.sideCameraTrack`, or one's own `sideCamera`): a
   * small picture in a top corner of a tile large enough for it, so the presenter's face stays in the call.
   */
  sideCameraTrack?: MediaStreamTrack | null | undefined;
  /**
   * Camera turned off: show the avatar even if a track exists. Not while a remote participant is `screenSharing`:
   * the track is the screen then, sent whether the camera is on or not.
   */
  videoMuted?: boolean | undefined;
  /** Microphone muted: show the muted badge. */
  audioMuted?: boolean | undefined;
  /**
   * Sharing their screen: a "Presenting" badge, and the video is the screen, shown whole (`fit`) and never
   * mirrored. On one's own tile (`isLocal`) the badge says "You are presenting" and the video is one's camera
   * (`useLocalTracks().sideCamera`), mirrored as usual, or the avatar while it is off (`videoMuted`): the others
   * see the screen, and one's own screen shown inside the screen one shares would repeat endlessly.
   */
  screenSharing?: boolean | undefined;
  /** Talking now: a ring around the tile (from `useIsSpeaking`). */
  speaking?: boolean | undefined;
  /** Link state badge; `connected` (default) shows none. Map engine states with `tileConnectionFor`. */
  connection?: TileConnection | undefined;
  /** This is the local user's own tile: adds "(you)" and mirrors the camera preview. */
  isLocal?: boolean | undefined;
  /**
   * Override mirroring (default: mirrored for the local camera, never for screen shares: a remote
   * `screenSharing`, or a track from the screen picker, whose `getSettings().displaySurface` is set).
   */
  mirror?: boolean | undefined;
  /** Override scaling (default `fill`, or `fit` for screen shares, told as for `mirror`). */
  scaling?: VideoScaling | undefined;
  /** Shown large by the user's choice (`<VideoCall>`'s spotlight): the pin button is pressed. */
  pinned?: boolean | undefined;
  /**
   * Offers a pin button (top corner; shown on hover and keyboard focus, always while pinned or on touch
   * screens) that calls this: `<VideoCall>` puts a pinned participant in the spotlight.
   */
  onTogglePin?: (() => void) | undefined;
  /** Picture shown instead of the initials when there is no video. */
  avatarUrl?: string | undefined;
  /** Label overrides for this tile. */
  labels?: LabelOverrides | undefined;
}

const CONNECTION_BADGES: Record<
  Exclude<TileConnection, 'connected'>,
  { icon: IconName | 'spinner'; label: keyof MeshcallLabels }
> = {
  ringing: { icon: 'phone', label: 'ringing' },
  connecting: { icon: 'spinner', label: 'connecting' },
  reconnecting: { icon: 'spinner', label: 'reconnecting' },
  poor: { icon: 'signal', label: 'poorConnection' },
  failed: { icon: 'alert', label: 'connectionFailed' },
};

/**
 * Whether `track` captures a screen, window or tab: the browser sets `displaySurface` on the tracks of
 * `getDisplayMedia` only. Lets a tile given a shared screen without `screenSharing` still show it whole and
 * unmirrored.
 */
function isScreenTrack(track: MediaStreamTrack | null): boolean {
  // Test doubles and old browsers may have no `getSettings`.
  return typeof track?.getSettings === 'function' && track.getSettings().displaySurface !== undefined;
}

/**
 * One participant: their video, or their avatar when there is no video or the camera is off; their name;
 * a badge when the microphone is muted; the presenter's camera as a small picture in their shared screen; a
 * badge for the connection (connecting, reconnecting, poor,
 * failed); a ring while they speak; and, with `onTogglePin`, a pin toggle. Memoized, so a change to one participant does not re-render the others.
 *
 * Accessibility: a labelled group ("Alice"), whose badges are text (icons are decorative), so a screen
 * reader reads e.g. "Alice, Microphone muted, Reconnecting…".
 */
export const ParticipantTile = /* @__PURE__ */ memo(function ParticipantTile({
  name,
  videoTrack = null,
  sideCameraTrack = null,
  videoMuted = false,
  audioMuted = false,
  screenSharing = false,
  speaking = false,
  connection = 'connected',
  isLocal = false,
  mirror,
  scaling,
  pinned = false,
  onTogglePin,
  avatarUrl,
  labels: overrides,
  className,
  userId,
  ...rest
}: ParticipantTileProps) {
  const labels = useLabels(overrides);
  const shownName = isLocal ? labels.youSuffix(name) : name;
  // One's own tile while sharing shows one's camera, not the screen (see `screenSharing`): a remote share alone
  // is a screen, shown even with the camera off.
  const remoteScreen = screenSharing && !isLocal;
  const track = videoMuted && !remoteScreen ? null : videoTrack;
  const screen = remoteScreen || isScreenTrack(track);
  const badge = connection === 'connected' ? null : CONNECTION_BADGES[connection];
  const badgeText = badge ? (labels[badge.label] as string) : null;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a tile is not a form fieldset; role=group names the tile for screen readers.
    <div
      role="group"
      aria-label={shownName}
      className={cx(
        'meshcall-tile',
        isLocal && 'meshcall-tile--local',
        screen && 'meshcall-tile--screen',
        speaking && 'meshcall-tile--speaking',
        pinned && 'meshcall-tile--pinned',
        connection !== 'connected' && `meshcall-tile--${connection}`,
        className,
      )}
      data-connection={connection}
      data-user-id={userId}
      {...rest}
    >
      <VideoSurface
        track={track}
        mirror={mirror ?? (isLocal && !screen)}
        scaling={scaling ?? (screen ? 'fit' : 'fill')}
        className="meshcall-tile__video"
        labels={overrides}
        placeholder={
          <div className="meshcall-tile__placeholder">
            <Avatar name={name} imageUrl={avatarUrl} className="meshcall-tile__avatar" />
          </div>
        }
      />
      {sideCameraTrack && (
        <VideoSurface
          track={sideCameraTrack}
          mirror={isLocal && mirror !== false}
          className="meshcall-tile__side-camera"
          labels={overrides}
        />
      )}
      {badge && badgeText && (
        <div className={cx('meshcall-badge', 'meshcall-tile__connection', `meshcall-badge--${connection}`)}>
          {badge.icon === 'spinner' ? (
            <span className="meshcall-spinner" aria-hidden="true" />
          ) : (
            <Icon name={badge.icon} size={14} />
          )}
          <span className="meshcall-tile__connection-label">{badgeText}</span>
        </div>
      )}
      {onTogglePin && (
        <button
          type="button"
          className="meshcall-tile__pin"
          aria-pressed={pinned}
          aria-label={labels.pinParticipant(name, userId ?? '')}
          title={labels.pinParticipant(name, userId ?? '')}
          onClick={onTogglePin}
        >
          <Icon name="pin" size={16} />
        </button>
      )}
      <div className="meshcall-tile__footer">
        {audioMuted && (
          <span className="meshcall-tile__muted" title={labels.microphoneMuted}>
            <Icon name="micOff" size={14} />
            <span className="meshcall-visually-hidden">{labels.microphoneMuted}</span>
          </span>
        )}
        {screenSharing && (
          <span className="meshcall-tile__presenting">
            <Icon name="screen" size={14} />
            <span className="meshcall-tile__presenting-label">
              {isLocal ? labels.youArePresenting : labels.presenting}
            </span>
          </span>
        )}
        {/* dir="auto": a name in another script than the page's keeps its own order, and its start in view.
            title: a name cut short by a small tile can be read whole on hover. */}
        <span className="meshcall-tile__name" dir="auto" title={shownName}>
          {shownName}
        </span>
      </div>
    </div>
  );
});
