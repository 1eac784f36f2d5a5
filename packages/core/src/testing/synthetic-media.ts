/**
 * Synthetic camera and microphone for tests, Storybook and offline demos: several simulated participants in
 * one page, each with a recognisable picture and tone, and no device or permission needed.
 *
 * The picture is a canvas painted on a timer (not requestAnimationFrame, which stops in hidden tabs) with the
 * label, a moving ball and a frame counter, so every frame differs and a receiver really has to decode them.
 * The sound is a quiet WebAudio oscillator.
 */

/** Options of {@link createSyntheticStream}. */
export interface SyntheticStreamOptions {
  /** Text drawn in the picture, e.g. the participant's name. */
  readonly label: string;
  /** Include a video track (default true). */
  readonly video?: boolean;
  /** Include an audio track (default true). */
  readonly audio?: boolean;
  /** Picture width in pixels (default 320). */
  readonly width?: number;
  /** Picture height in pixels (default 240). */
  readonly height?: number;
  /** Frames per second (default 15). */
  readonly fps?: number;
  /** Background hue, 0–360 (default: derived from the label, so each participant gets its own colour). */
  readonly hue?: number;
  /** Tone frequency in Hz (default: derived from the hue, 220–660 Hz). */
  readonly frequency?: number;
  /** Tone gain, 0–1 (default 0.05: audible in a playground without being unpleasant). */
  readonly volume?: number;
}

/** A synthetic stream and the function that tears it down. */
export interface SyntheticStream {
  /** One video and/or one audio track, as requested. */
  readonly stream: MediaStream;
  /** Changes the tone's gain (0–1), e.g. to make a simulated participant "talk". No-op without audio. */
  setVolume(volume: number): void;
  /** Stops the tracks, the paint timer and the AudioContext. Idempotent. */
  stop(): void;
}

/** A stable hue for a label, so the same participant always looks the same. */
export function hueForLabel(label: string): number {
  let hash = 0;
  for (let i = 0; i < label.length; i++) hash = (hash * 31 + label.charCodeAt(i)) >>> 0;
  return hash % 360;
}

/**
 * Creates a synthetic camera/microphone stream. Browser only (needs `document`, canvas `captureStream` and,
 * for audio, `AudioContext`). An AudioContext created without a user gesture may start suspended (silent
 * but live track) unless autoplay is allowed; it is resumed when the browser permits.
 */
export function createSyntheticStream(options: SyntheticStreamOptions): SyntheticStream {
  if (typeof document === 'undefined' || typeof MediaStream === 'undefined') {
    throw new Error('createSyntheticStream needs a browser (document, canvas and MediaStream)');
  }
  const wantVideo = options.video ?? true;
  const wantAudio = options.audio ?? true;
  const hue = options.hue ?? hueForLabel(options.label);
  const tracks: MediaStreamTrack[] = [];
  const cleanups: Array<() => void> = [];
  let setVolume = (_volume: number) => {};

  try {
    if (wantVideo) {
      const video = createCanvasTrack(options.label, hue, options);
      tracks.push(video.track);
      cleanups.push(video.stop);
    }
    if (wantAudio) {
      const audio = createToneTrack(options.frequency ?? 220 + (hue / 360) * 440, options.volume ?? 0.05);
      tracks.push(audio.track);
      cleanups.push(audio.stop);
      setVolume = audio.setVolume;
    }
  } catch (error) {
    // Half-built: don't leave a paint timer or a live track behind.
    for (const track of tracks) track.stop();
    for (const cleanup of cleanups) cleanup();
    throw error;
  }

  const stream = new MediaStream(tracks);
  let stopped = false;
  return {
    stream,
    setVolume,
    stop() {
      if (stopped) return;
      stopped = true;
      for (const track of tracks) track.stop();
      for (const cleanup of cleanups) cleanup();
    },
  };
}

function createCanvasTrack(
  label: string,
  hue: number,
  options: SyntheticStreamOptions,
): { track: MediaStreamTrack; stop: () => void } {
  const width = Math.max(16, Math.round(options.width ?? 320));
  const height = Math.max(16, Math.round(options.height ?? 240));
  const fps = Math.min(60, Math.max(1, options.fps ?? 15));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('createSyntheticStream: 2D canvas is not available');

  let frame = 0;
  const paint = () => {
    frame++;
    context.fillStyle = `hsl(${hue} 55% 35%)`;
    context.fillRect(0, 0, width, height);
    // The ball crosses the picture every two seconds, so consecutive frames always differ.
    const t = (frame / fps / 2) % 1;
    const radius = Math.max(4, Math.round(height / 12));
    const x = radius + t * (width - 2 * radius);
    const y = height * 0.75 + Math.sin(t * Math.PI * 4) * (height / 10);
    context.fillStyle = `hsl(${(hue + 180) % 360} 80% 65%)`;
    context.beginPath();
    context.arc(x, y, radius, 0, Math.PI * 2);
    context.fill();
    context.fillStyle = '#fff';
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    context.font = `bold ${Math.round(height / 8)}px sans-serif`;
    context.fillText(label, width / 2, height * 0.35, width - 16);
    context.font = `${Math.round(height / 16)}px monospace`;
    context.fillText(String(frame), width / 2, height * 0.52);
  };
  paint();
  const stream = canvas.captureStream(fps);
  const [track] = stream.getVideoTracks();
  if (!track) throw new Error('createSyntheticStream: canvas.captureStream returned no video track');
  // A timer, not requestAnimationFrame: rAF stops in background tabs and the peer would see a frozen picture.
  const timer = setInterval(paint, 1000 / fps);
  return { track, stop: () => clearInterval(timer) };
}

function createToneTrack(
  frequency: number,
  volume: number,
): { track: MediaStreamTrack; setVolume: (volume: number) => void; stop: () => void } {
  const Context = globalThis.AudioContext;
  if (typeof Context !== 'function') throw new Error('createSyntheticStream: AudioContext is not available');
  const context = new Context();
  const oscillator = context.createOscillator();
  oscillator.type = 'sine';
  oscillator.frequency.value = frequency;
  const gain = context.createGain();
  const setVolume = (value: number) => {
    gain.gain.value = Math.min(1, Math.max(0, value));
  };
  setVolume(volume);
  const destination = context.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  // Without a user gesture the context may start suspended; resuming is allowed later or with autoplay on.
  if (context.state === 'suspended') context.resume().catch(() => {});
  const [track] = destination.stream.getAudioTracks();
  if (!track) throw new Error('createSyntheticStream: MediaStreamAudioDestinationNode returned no audio track');
  return {
    track,
    setVolume,
    stop: () => {
      oscillator.stop();
      oscillator.disconnect();
      context.close().catch(() => {});
    },
  };
}
