/**
 * Story and test helper: a synthetic camera from @meshcall/core's `createSyntheticStream` (a canvas painted
 * on a timer with a label), so stories and tests show real video without a camera or network.
 */
import { createSyntheticStream } from '@meshcall/core/testing';
import { useEffect, useState } from 'react';

/** Options of {@link createSyntheticVideo}. */
export interface SyntheticVideoOptions {
  /** Text drawn in the picture (e.g. the participant's name). */
  label?: string;
  /** Background hue, 0–359. */
  hue?: number;
  width?: number;
  height?: number;
  /** Frames per second (default 15). */
  fps?: number;
}

/** A running synthetic video source. */
export interface SyntheticVideo {
  readonly track: MediaStreamTrack;
  /** Stops painting and ends the track. */
  stop(): void;
}

/** Starts a synthetic video source (browser only). */
export function createSyntheticVideo({
  label = '',
  hue,
  width = 640,
  height = 480,
  fps = 15,
}: SyntheticVideoOptions = {}): SyntheticVideo {
  const source = createSyntheticStream({ label, hue, width, height, fps, video: true, audio: false });
  const track = source.stream.getVideoTracks()[0];
  if (!track) throw new Error('createSyntheticStream gave no video track');
  return { track, stop: () => source.stop() };
}

/** React helper for stories: a synthetic video track that lives as long as the component (null when disabled). */
export function useSyntheticVideo(
  options: SyntheticVideoOptions & { enabled?: boolean } = {},
): MediaStreamTrack | null {
  const { enabled = true, label, hue, width, height, fps } = options;
  const [track, setTrack] = useState<MediaStreamTrack | null>(null);
  useEffect(() => {
    if (!enabled) {
      setTrack(null);
      return;
    }
    const video = createSyntheticVideo({ label, hue, width, height, fps });
    setTrack(video.track);
    return () => video.stop();
  }, [enabled, label, hue, width, height, fps]);
  return track;
}
