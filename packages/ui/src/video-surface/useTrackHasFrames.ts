import { useEffect, useState } from 'react';

function hasFrames(track: MediaStreamTrack | null): boolean {
  return track !== null && track.readyState === 'live' && !track.muted;
}

/**
 * Whether `track` currently delivers frames: live and not muted. A remote video track is muted while no
 * RTP arrives (the sender turned the camera off with `replaceTrack(null)`, or the link dropped), which is
 * when a tile should show its avatar rather than a frozen or black picture.
 */
export function useTrackHasFrames(track: MediaStreamTrack | null): boolean {
  const [value, setValue] = useState(() => hasFrames(track));
  useEffect(() => {
    setValue(hasFrames(track));
    if (!track) return;
    const update = () => setValue(hasFrames(track));
    track.addEventListener('mute', update);
    track.addEventListener('unmute', update);
    track.addEventListener('ended', update);
    return () => {
      track.removeEventListener('mute', update);
      track.removeEventListener('unmute', update);
      track.removeEventListener('ended', update);
    };
  }, [track]);
  return value;
}
