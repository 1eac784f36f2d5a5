import { type HTMLAttributes, type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { cx } from '../classes.js';
import { Icon } from '../icons.js';
import { type LabelOverrides, useLabels } from '../labels.js';
import { keepPlaying, playMedia } from '../media-playback.js';
import { useTrackHasFrames } from './useTrackHasFrames.js';

/** How the video fills its box: `fit` letterboxes the whole picture, `fill` crops to cover the box. */
export type VideoScaling = 'fit' | 'fill';

// Without `placeholder`: older @types/react (before 18.2.43) put a `placeholder?: string` on every element.
/** Props of {@link VideoSurface}. */
export interface VideoSurfaceProps extends Omit<HTMLAttributes<HTMLDivElement>, 'children' | 'placeholder'> {
  /** The video track to show; `null` shows the placeholder (or nothing). */
  track: MediaStreamTrack | null | undefined;
  /** Flip horizontally, as people expect of their own camera preview. Default `false`. */
  mirror?: boolean | undefined;
  /** `fill` (default) crops to cover the box; `fit` shows the whole picture (use it for screen shares). */
  scaling?: VideoScaling | undefined;
  /** Shown instead of the video while there is no track, or the track delivers no frames (muted/ended). */
  placeholder?: ReactNode | undefined;
  /**
   * Called when the browser refused to autoplay, also when playing again after the browser paused it; the
   * surface then shows a "Tap to play" button. Called once per refusal: not again until the picture has played.
   */
  onPlaybackBlocked?: (() => void) | undefined;
  /** Label overrides for this component. */
  labels?: LabelOverrides | undefined;
}

/**
 * Renders one video `MediaStreamTrack` in a `<video>` element that is always `autoPlay`, `playsInline` and
 * `muted` (sound is played by {@link CallAudio}, so autoplay policies allow the video to start).
 *
 * The `<video>` element is created once and never re-mounted: the surface keeps a single `MediaStream` as
 * the element's `srcObject` and swaps its track when `track` changes, so switching cameras or starting a
 * screen share does not flash or lose the element. On unmount `srcObject` is set to `null` so the browser
 * releases the decoder; the track itself is not stopped (the caller owns it).
 *
 * If `play()` is rejected because autoplay is blocked, a visible "Tap to play" button resumes playback. A
 * picture the browser paused on its own (a phone pauses a page's media in the background) is played again when
 * the page is back, or the button is shown if that is refused.
 */
export function VideoSurface({
  track,
  mirror = false,
  scaling = 'fill',
  placeholder,
  onPlaybackBlocked,
  labels: labelOverrides,
  className,
  ...rest
}: VideoSurfaceProps) {
  const labels = useLabels(labelOverrides);
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [blocked, setBlocked] = useState(false);
  // Read by the play callbacks, which outlive renders: the app hears of a refusal once, not once per retry.
  const blockedRef = useRef(false);
  const onBlockedRef = useRef(onPlaybackBlocked);
  onBlockedRef.current = onPlaybackBlocked;
  const hasFrames = useTrackHasFrames(track ?? null);

  const markBlocked = useCallback((isBlocked: boolean) => {
    const wasBlocked = blockedRef.current;
    blockedRef.current = isBlocked;
    setBlocked(isBlocked);
    if (isBlocked && !wasBlocked) onBlockedRef.current?.();
  }, []);
  const play = useCallback((video: HTMLVideoElement) => playMedia(video, markBlocked), [markBlocked]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    const stream = streamRef.current;
    if (!track) {
      if (stream) for (const old of stream.getTracks()) stream.removeTrack(old);
      markBlocked(false);
      return;
    }
    // Without MediaStream (jsdom in an app's unit tests) there is no playing a track: show the placeholder.
    if (typeof MediaStream === 'undefined') return;
    // Created lazily in an effect, never during render, so server rendering never touches MediaStream.
    const current = stream ?? new MediaStream();
    streamRef.current = current;
    for (const old of current.getTracks()) if (old !== track) current.removeTrack(old);
    if (!current.getTracks().includes(track)) current.addTrack(track);
    if (video.srcObject !== current) video.srcObject = current;
    play(video);
    // A phone pauses the picture when the page goes to the background: play it again once it is back.
    return keepPlaying(video, () => play(video));
  }, [track, play, markBlocked]);

  useEffect(() => {
    const video = videoRef.current;
    return () => {
      if (video) video.srcObject = null;
      const stream = streamRef.current;
      if (stream) for (const old of stream.getTracks()) stream.removeTrack(old);
    };
  }, []);

  const showVideo = Boolean(track) && hasFrames;
  return (
    <div
      className={cx(
        'meshcall-video',
        `meshcall-video--${scaling}`,
        mirror && 'meshcall-video--mirror',
        !showVideo && 'meshcall-video--empty',
        className,
      )}
      {...rest}
    >
      <video ref={videoRef} className="meshcall-video__element" autoPlay playsInline muted />
      {!showVideo && placeholder !== undefined && <div className="meshcall-video__placeholder">{placeholder}</div>}
      {blocked && showVideo && (
        <button
          type="button"
          className="meshcall-video__play"
          onClick={() => {
            if (videoRef.current) play(videoRef.current);
          }}
        >
          <Icon name="play" size={18} />
          {labels.tapToPlay}
        </button>
      )}
    </div>
  );
}
