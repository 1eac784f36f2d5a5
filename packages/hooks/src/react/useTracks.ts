/** Track hooks for renderers (video elements, audio players). */
import { useRef } from 'react';
import { NO_LOCAL_TRACKS, type RemoteTrack, remoteTracksOf, selectSession } from '../store/selectors.js';
import { EMPTY_ARRAY } from '../store/share.js';
import type { LocalTracks } from '../types.js';
import { useCallStore } from './useCallStore.js';

/**
 * Every remote track of a session (default: the active one), audio before video per participant. Returns the
 * same array (and the same items) until a track, stream or media state really changes, so it is safe as an
 * effect dependency.
 *
 * @example
 * ```tsx
 * function RemoteAudio() {
 *   const tracks = useRemoteTracks();
 *   return tracks
 *     .filter((t) => t.kind === 'audio')
 *     .map((t) => <audio key={t.track.id} autoPlay ref={(el) => { if (el) el.srcObject = new MediaStream([t.track]); }} />);
 * }
 * ```
 */
export function useRemoteTracks(sessionId?: string): readonly RemoteTrack[] {
  const previous = useRef<readonly RemoteTrack[]>(EMPTY_ARRAY);
  return useCallStore((s) => {
    const next = remoteTracksOf(selectSession(s, sessionId), previous.current);
    previous.current = next;
    return next;
  });
}

/**
 * The local user's tracks and preview stream in a session (default: the active one).
 *
 * @example
 * ```tsx
 * function SelfView() {
 *   const { video, stream, videoSource } = useLocalTracks();
 *   const ref = useRef<HTMLVideoElement>(null);
 *   useEffect(() => { if (ref.current) ref.current.srcObject = stream; }, [stream]);
 *   return video ? <video ref={ref} muted autoPlay playsInline data-mirror={videoSource === 'camera'} /> : null;
 * }
 * ```
 */
export function useLocalTracks(sessionId?: string): LocalTracks {
  return useCallStore((s) => selectSession(s, sessionId)?.localTracks ?? NO_LOCAL_TRACKS);
}
