/** Track hooks for renderers (video elements, audio players). */
import { useRef } from 'react';
import { NO_LOCAL_TRACKS, type RemoteTrack, remoteTracksOf, selectSession } from '../store/selectors.js';
import { EMPTY_ARRAY } from '../store/share.js';
import type { LocalTracks } from '../types.js';
import { useCallStore } from './useCallStore.js';

/**
 * Every remote track of a session (default: the active one), audio before video per participant. Returns the
 * same array (and the same items) until a track, stream or media state really changes, so it is safe as an
 * effect dependency. Someone muting or turning the camera off makes a new array: attach a track to its element
 * in an effect on that track (as below), not on the array, so that nobody else's sound is attached again.
 *
 * @example
 * ```tsx
 * function RemoteAudio() {
 *   const tracks = useRemoteTracks();
 *   return tracks.filter((t) => t.kind === 'audio').map((t) => <AudioTrack key={t.track.id} track={t.track} />);
 * }
 *
 * function AudioTrack({ track }: { track: MediaStreamTrack }) {
 *   const ref = useRef<HTMLAudioElement>(null);
 *   useEffect(() => {
 *     if (ref.current) ref.current.srcObject = new MediaStream([track]);
 *   }, [track]);
 *   return <audio ref={ref} autoPlay />;
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
