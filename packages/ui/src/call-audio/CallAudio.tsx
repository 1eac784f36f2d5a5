import { useCallback, useEffect, useRef, useState } from 'react';
import { Icon } from '../icons.js';
import { type LabelOverrides, useLabels } from '../labels.js';
import { keepPlaying, playMedia } from '../media-playback.js';

/** Props of {@link CallAudio}. */
export interface CallAudioProps {
  /** Every remote audio track to play. Order does not matter; each track gets its own `<audio>`. */
  tracks: readonly MediaStreamTrack[];
  /**
   * Audio output device (`MediaDeviceInfo.deviceId` of an `audiooutput`), applied with
   * `HTMLMediaElement.setSinkId` where the browser supports it; ignored elsewhere. Default (and back to it
   * when set to `undefined` again): the system output. Changed again while a switch is under way, the sound
   * ends up on the last one set.
   */
  sinkId?: string | undefined;
  /**
   * Called when the browser refused to start the sound (autoplay policy), also when playing it again after the
   * browser paused it; a button then appears. Called once per refusal, however many participants it silences:
   * not again until the sound has played.
   */
  onPlaybackBlocked?: (() => void) | undefined;
  /** Called when the output device could not be selected (unknown device or no permission). */
  onSinkError?: ((error: unknown) => void) | undefined;
  /** Label overrides for this component. */
  labels?: LabelOverrides | undefined;
}

/**
 * Plays the call's remote audio: one hidden `<audio>` element per track. Keep it mounted for the whole
 * call (independently of which tiles are visible) so nobody goes silent when their tile is hidden.
 *
 * If the browser blocks autoplay (no user gesture yet), a "Turn on call sound" button is shown; pressing
 * it retries every element. Sound the browser paused on its own (a phone pauses a page's media in the
 * background or during a phone call) is played again when the page is back, or the button is shown if that is
 * refused.
 */
export function CallAudio({ tracks, sinkId, onPlaybackBlocked, onSinkError, labels: overrides }: CallAudioProps) {
  const labels = useLabels(overrides);
  const [blocked, setBlocked] = useState<ReadonlySet<string>>(() => new Set());
  // The tracks refused now, read by the play callbacks: the app hears once that the call's sound is blocked,
  // not once per participant or per retry.
  const blockedIds = useRef(new Set<string>());
  const elements = useRef(new Map<string, HTMLAudioElement>());
  const onBlockedRef = useRef(onPlaybackBlocked);
  onBlockedRef.current = onPlaybackBlocked;

  const setTrackBlocked = useCallback((id: string, isBlocked: boolean) => {
    const ids = blockedIds.current;
    if (ids.has(id) === isBlocked) return;
    const wasBlocked = ids.size > 0;
    if (isBlocked) ids.add(id);
    else ids.delete(id);
    setBlocked(new Set(ids));
    if (isBlocked && !wasBlocked) onBlockedRef.current?.();
  }, []);

  const register = useCallback((id: string, element: HTMLAudioElement | null) => {
    if (element) elements.current.set(id, element);
    else elements.current.delete(id);
  }, []);

  const visibleBlocked = tracks.some((track) => blocked.has(track.id));
  return (
    <div className="meshcall-audio">
      {tracks.map((track) => (
        <AudioTrack
          key={track.id}
          track={track}
          sinkId={sinkId}
          onBlocked={setTrackBlocked}
          onSinkError={onSinkError}
          register={register}
        />
      ))}
      {visibleBlocked && (
        <button
          type="button"
          className="meshcall-audio__unblock meshcall-pill-button"
          onClick={() => {
            for (const [id, element] of elements.current) playMedia(element, (blocked) => setTrackBlocked(id, blocked));
          }}
        >
          <Icon name="volume" size={18} />
          {labels.enableAudio}
        </button>
      )}
    </div>
  );
}

interface AudioTrackProps {
  track: MediaStreamTrack;
  sinkId: string | undefined;
  onBlocked: (trackId: string, blocked: boolean) => void;
  onSinkError: ((error: unknown) => void) | undefined;
  register: (trackId: string, element: HTMLAudioElement | null) => void;
}

function AudioTrack({ track, sinkId, onBlocked, onSinkError, register }: AudioTrackProps) {
  const ref = useRef<HTMLAudioElement>(null);
  const onSinkErrorRef = useRef(onSinkError);
  onSinkErrorRef.current = onSinkError;

  useEffect(() => {
    const audio = ref.current;
    // Without MediaStream (jsdom in an app's unit tests) there is nothing to play.
    if (!audio || typeof MediaStream === 'undefined') return;
    register(track.id, audio);
    audio.srcObject = new MediaStream([track]);
    const play = () => playMedia(audio, (blocked) => onBlocked(track.id, blocked));
    play();
    // A phone pauses the sound when the page goes to the background or a phone call takes over: play it again.
    const stopKeepingPlaying = keepPlaying(audio, play);
    return () => {
      stopKeepingPlaying();
      register(track.id, null);
      onBlocked(track.id, false);
      audio.srcObject = null;
    };
  }, [track, onBlocked, register]);

  // The output wanted now ('' is the system output: where an element starts, and where `undefined` sends it
  // back), and whether a switch is under way. `audio.sinkId` changes only when a switch has finished, so it cannot
  // tell where the element is going: one switch at a time, and the next one only if the wish changed meanwhile.
  const wanted = useRef(sinkId ?? '');
  const switching = useRef(false);
  useEffect(() => {
    const audio = ref.current;
    if (!audio || typeof audio.setSinkId !== 'function') return;
    wanted.current = sinkId ?? '';
    if (switching.current) return; // the switch under way goes on to this output when it is done
    const switchTo = (target: string) => {
      switching.current = true;
      audio
        .setSinkId(target)
        // A switch the user has already gone past is not worth a report: the one they want now follows.
        .catch((error: unknown) => wanted.current === target && onSinkErrorRef.current?.(error))
        .finally(() => {
          switching.current = false;
          // Only a changed wish starts another switch: comparing with `audio.sinkId` could go on for ever where
          // it does not follow (a test double, a browser that keeps the old value after a failure).
          if (wanted.current !== target && audio.sinkId !== wanted.current) switchTo(wanted.current);
        });
    };
    if (audio.sinkId !== wanted.current) switchTo(wanted.current);
  }, [sinkId]);

  // biome-ignore lint/a11y/useMediaCaption: live call audio has no caption track to offer; captions would come from the app.
  return <audio ref={ref} autoPlay data-track-id={track.id} />;
}
