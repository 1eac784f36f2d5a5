/**
 * Story-only helper: a synthetic camera. Draws a moving gradient with a label on a canvas and captures it
 * as a live `MediaStreamTrack`, so stories and tests show real video without a camera or network.
 * (Temporary: to be replaced by @meshcall/core's `createSyntheticStream` once it lands.)
 */
import { useEffect, useState } from 'react';

/** Options of {@link createSyntheticVideo}. */
export interface SyntheticVideoOptions {
  /** Text drawn in the middle (e.g. the participant's name). */
  label?: string;
  /** Base hue of the gradient, 0–359. */
  hue?: number;
  width?: number;
  height?: number;
  /** Frames per second (default 15). */
  fps?: number;
}

/** A running synthetic video source. */
export interface SyntheticVideo {
  readonly track: MediaStreamTrack;
  /** Stops drawing and ends the track. */
  stop(): void;
}

/** Starts a synthetic video source (browser only). */
export function createSyntheticVideo({
  label = '',
  hue = 210,
  width = 640,
  height = 480,
  fps = 15,
}: SyntheticVideoOptions = {}): SyntheticVideo {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('2D canvas is not available');
  const started = performance.now();

  const draw = () => {
    const t = (performance.now() - started) / 1000;
    const gradient = context.createLinearGradient(0, 0, width, height);
    gradient.addColorStop(0, `hsl(${hue} 55% 42%)`);
    gradient.addColorStop(1, `hsl(${(hue + 50) % 360} 60% 22%)`);
    context.fillStyle = gradient;
    context.fillRect(0, 0, width, height);
    // A soft "head and shoulders" silhouette that sways a little, so the picture reads as a person on camera.
    const cx = width / 2 + Math.sin(t * 0.9) * width * 0.03;
    context.fillStyle = 'rgb(255 255 255 / 0.16)';
    context.beginPath();
    context.arc(cx, height * 0.42, height * 0.17, 0, Math.PI * 2);
    context.fill();
    context.beginPath();
    context.ellipse(cx, height * 1.02, width * 0.3, height * 0.36, 0, Math.PI, 0);
    context.fill();
    if (label) {
      context.fillStyle = 'rgb(255 255 255 / 0.85)';
      context.font = `600 ${Math.round(height / 14)}px system-ui, sans-serif`;
      context.textAlign = 'center';
      context.textBaseline = 'middle';
      context.fillText(label, width / 2, height * 0.16);
    }
  };
  draw();
  const stream = canvas.captureStream(fps);
  const timer = setInterval(draw, 1000 / fps);
  const track = stream.getVideoTracks()[0];
  if (!track) throw new Error('canvas.captureStream gave no video track');
  return {
    track,
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
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
