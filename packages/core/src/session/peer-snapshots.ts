/**
 * What a session shows of each remote participant (`session.peers`): the state of the link to them, their
 * media state and tracks, and what they said with their accept, reject or hang-up. Each snapshot is a frozen
 * object built on first read and kept until something about that participant changes, so a store or a UI can
 * tell a change by identity alone.
 */
import type { MediaState, RejectReason, UserInfo } from '../protocol/signal.js';
import type { UserId } from '../util/jid.js';
import type { PeerLink } from './peer-link.js';
import type { PeerState } from './types.js';

/** What the UI needs to know about one remote participant. A new object whenever any field changes. */
export interface PeerSnapshot {
  /** Bare JID of the remote participant. */
  readonly userId: UserId;
  /** State of the link to them (`wait` while ringing, `connected` once media flows; see {@link PeerState}). */
  readonly state: PeerState;
  /** The participant's mute / camera / screen state, once announced. */
  readonly media: MediaState | null;
  /** Their audio track once it arrived; `null` before that and after the link closed. */
  readonly audioTrack: MediaStreamTrack | null;
  /** Their video track (camera or screen) once it arrived; it stays set while their camera is off (see `media`). */
  readonly videoTrack: MediaStreamTrack | null;
  /**
   * Their camera beside the screen they share (`videoTrack` shows the screen then), while they share with their
   * camera on; `null` otherwise. A small picture of it inside the shared screen keeps their face in the call.
   */
  readonly sideCameraTrack: MediaStreamTrack | null;
  /**
   * The sound they share with their screen (a tab's), while they share with sound (`media.screenAudio`); `null`
   * otherwise. Play it beside their voice, as `<VideoCall>` does.
   */
  readonly screenAudioTrack: MediaStreamTrack | null;
  /** The stream the remote tracks arrived in (for `<audio>`/`<video>` `srcObject`). */
  readonly stream: MediaStream | null;
  /**
   * What they sent as `userInfo` with their accept, reject and hang-up, merged (later entries over earlier
   * ones, so a bare hang-up keeps the name they answered with); for the caller, the call's `userInfo` to begin
   * with. `null` until they sent any.
   */
  readonly userInfo: UserInfo | null;
  /** Why they turned the call down, once they did. */
  readonly rejectReason: RejectReason | null;
}

/** What one participant said so far. */
interface Said {
  readonly userInfo: UserInfo;
  readonly rejectReason: RejectReason | null;
}

/** The snapshots of a session's opponents, read from their links and from what they said. */
export class PeerSnapshots {
  readonly #opponents: readonly UserId[];
  readonly #linkOf: (userId: UserId) => PeerLink | undefined;
  readonly #stateOf: (userId: UserId) => PeerState;
  readonly #said = new Map<UserId, Said>();
  readonly #cache = new Map<UserId, PeerSnapshot>();
  #view: ReadonlyMap<UserId, PeerSnapshot> | null = null;

  constructor(
    opponents: readonly UserId[],
    linkOf: (userId: UserId) => PeerLink | undefined,
    stateOf: (userId: UserId) => PeerState,
  ) {
    this.#opponents = opponents;
    this.#linkOf = linkOf;
    this.#stateOf = stateOf;
  }

  /** One snapshot per opponent. The map (and each entry) is replaced only when something changed. */
  get view(): ReadonlyMap<UserId, PeerSnapshot> {
    if (!this.#view) {
      const view = new Map<UserId, PeerSnapshot>();
      for (const userId of this.#opponents) view.set(userId, this.#snapshot(userId));
      this.#view = view;
    }
    return this.#view;
  }

  /** Notes what `userId` sent with an accept, reject or hang-up (or the caller with the call). */
  heard(userId: UserId, userInfo: UserInfo, rejectReason?: RejectReason): void {
    const before = this.#said.get(userId);
    this.#said.set(userId, {
      // Without a prototype, as decoded maps are: keys such as `__proto__` stay plain data.
      userInfo: Object.freeze(Object.assign(Object.create(null) as Record<string, string>, before?.userInfo, userInfo)),
      rejectReason: rejectReason ?? before?.rejectReason ?? null,
    });
    this.changed(userId);
  }

  /** `userId` is in the call after all (a second device answered): their earlier "no" no longer stands. */
  forgetRejection(userId: UserId): void {
    const said = this.#said.get(userId);
    if (said) this.#said.set(userId, { ...said, rejectReason: null });
    this.changed(userId);
  }

  /** Something about `userId` changed (their link, media or tracks): the next read builds a new snapshot. */
  changed(userId: UserId): void {
    this.#cache.delete(userId);
    this.#view = null;
  }

  #snapshot(userId: UserId): PeerSnapshot {
    let snapshot = this.#cache.get(userId);
    if (!snapshot) {
      const link = this.#linkOf(userId);
      const audio = link?.remoteTracks.get('audio');
      const video = link?.remoteTracks.get('video');
      const said = this.#said.get(userId);
      snapshot = Object.freeze({
        userId,
        state: this.#stateOf(userId),
        media: link?.media ?? null,
        audioTrack: audio?.track ?? null,
        videoTrack: video?.track ?? null,
        sideCameraTrack: showsSideCamera(link?.media) ? (link?.remoteTracks.get('sideCamera')?.track ?? null) : null,
        screenAudioTrack: sharesSound(link?.media) ? (link?.remoteTracks.get('screenAudio')?.track ?? null) : null,
        stream: video?.stream ?? audio?.stream ?? null,
        userInfo: said?.userInfo ?? null,
        rejectReason: said?.rejectReason ?? null,
      });
      this.#cache.set(userId, snapshot);
    }
    return snapshot;
  }
}

/** Whether a participant with this media state sends the sound of the screen they share. */
function sharesSound(media: MediaState | null | undefined): boolean {
  return media?.screenSharing === true && media.screenAudio === true;
}

/** Whether a participant with this media state sends a side camera: sharing a screen with the camera on. */
function showsSideCamera(media: MediaState | null | undefined): boolean {
  return media?.screenSharing === true && !media.videoMuted;
}
