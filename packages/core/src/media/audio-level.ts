/**
 * How loud a microphone is right now, without a call: a lobby's "is my microphone working?" meter. During
 * a call the session's speaking detection reads the levels WebRTC measures anyway (`speakersChanged`); here
 * there is no connection, so Web Audio measures the track itself.
 */

/** Options of {@link watchAudioLevel}. */
export interface WatchAudioLevelOptions {
  /** How often the level is measured, in ms (default 100: a meter moves smoothly, React re-renders 10×/s). */
  readonly intervalMs?: number | undefined;
}

/**
 * Measures the loudness of `track` (0 silent … 1 full scale, the RMS of the waveform, so speech at a normal
 * distance reads about 0.05–0.3) every `intervalMs`, and calls `onLevel` when it changed. Returns the function
 * that stops measuring and closes the audio context it opened; the track itself is left running.
 *
 * Browsers may hold a new AudioContext suspended until the user interacts with the page: the meter reads 0
 * until then (it resumes as soon as it may).
 *
 * @example
 * ```ts
 * const stop = watchAudioLevel(microphone, (level) => meter.style.setProperty('--level', String(level)));
 * // later
 * stop();
 * ```
 */
export function watchAudioLevel(
  track: MediaStreamTrack,
  onLevel: (level: number) => void,
  options: WatchAudioLevelOptions = {},
): () => void {
  const context = new AudioContext();
  const source = context.createMediaStreamSource(new MediaStream([track]));
  const analyser = context.createAnalyser();
  analyser.fftSize = 512;
  source.connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  let last = -1;
  const measure = () => {
    if (context.state === 'suspended') void context.resume().catch(() => {});
    analyser.getFloatTimeDomainData(samples);
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    const rms = Math.sqrt(sum / samples.length);
    // Hundredths: a steady signal does not report a new number every time.
    const level = Math.min(1, Math.round(rms * 100) / 100);
    if (level === last) return;
    last = level;
    onLevel(level);
  };
  const timer = setInterval(measure, options.intervalMs ?? 100);
  measure();
  return () => {
    clearInterval(timer);
    source.disconnect();
    void context.close().catch(() => {});
  };
}
