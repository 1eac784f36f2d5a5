/**
 * Ringtones for the incoming-call dialog: either an audio file played in a loop, or a built-in two-tone
 * "ring ring" pattern synthesized with Web Audio (no asset to ship or host).
 */

/** A playing ringtone. */
export interface Ringtone {
  /** Stops the sound and releases the audio element or audio context. Safe to call more than once. */
  stop(): void;
  /** The Web Audio context of the built-in ringtone (null for a file ringtone); exposed for tests. */
  readonly context: AudioContext | null;
}

/** What to ring with: a URL of an audio file, or `true` for the built-in tone. */
export type RingtoneSource = string | true;

/** Options of {@link startRingtone}. */
export interface RingtoneOptions {
  /**
   * Audio output device (`MediaDeviceInfo.deviceId` of an `audiooutput`) to ring on: the speaker the calls play
   * on, so a user on a headset hears the ring there. Default (and `''`): the system output. A device that cannot
   * be used (unplugged, no permission, a browser that cannot choose) rings on the system output instead.
   */
  sinkId?: string | undefined;
}

/** The built-in pattern: two 0.4 s bursts 0.2 s apart, every 3 s (a familiar phone "ring ring"). */
const BURSTS: ReadonlyArray<readonly [start: number, duration: number]> = [
  [0, 0.4],
  [0.6, 0.4],
];
const PERIOD_S = 3;
const FREQUENCIES_HZ = [440, 480];
const VOLUME = 0.12;

/** An `AudioContext` that can choose its output (Chromium 110+; not yet in TypeScript's DOM types). */
interface RoutableAudioContext extends AudioContext {
  setSinkId?(sinkId: string): Promise<void>;
}

function startTone(sinkId: string | undefined): Ringtone {
  const Context = globalThis.AudioContext;
  if (typeof Context !== 'function') return { stop() {}, context: null };
  // Made on the system output and then routed, rather than made on `sinkId`: Chromium falls back by itself from a
  // device it cannot use given to the constructor, and such a context can stay suspended, ringing nowhere.
  const context: RoutableAudioContext = new Context();
  const gain = context.createGain();
  gain.gain.value = 0;
  gain.connect(context.destination);
  const oscillators = FREQUENCIES_HZ.map((frequency) => {
    const oscillator = context.createOscillator();
    oscillator.frequency.value = frequency;
    oscillator.connect(gain);
    oscillator.start();
    return oscillator;
  });

  // Schedule one period ahead on the audio clock; the timer only tops up the schedule, so jitter of the
  // main thread never changes the rhythm.
  let scheduledUntil = 0;
  const schedule = () => {
    while (scheduledUntil < context.currentTime + PERIOD_S) {
      for (const [start, duration] of BURSTS) {
        const at = scheduledUntil + start;
        gain.gain.setValueAtTime(0, at);
        gain.gain.linearRampToValueAtTime(VOLUME, at + 0.02);
        gain.gain.setValueAtTime(VOLUME, at + duration - 0.02);
        gain.gain.linearRampToValueAtTime(0, at + duration);
      }
      scheduledUntil += PERIOD_S;
    }
  };
  let stopped = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const ring = () => {
    if (stopped) return;
    scheduledUntil = context.currentTime + 0.05;
    schedule();
    timer = setInterval(schedule, 1000);
  };
  // Silent until routed, so the room's loudspeakers do not ring first; a speaker that cannot be used (unplugged,
  // not allowed) leaves the ring on the system output.
  if (sinkId && typeof context.setSinkId === 'function') context.setSinkId(sinkId).then(ring, ring);
  else ring();
  // Autoplay policy may start the context suspended; resume() succeeds once the page has had a gesture.
  if (context.state === 'suspended') context.resume().catch(() => undefined);

  return {
    context,
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      for (const oscillator of oscillators) oscillator.stop();
      gain.disconnect();
      context.close().catch(() => undefined);
    },
  };
}

function startFile(url: string, sinkId: string | undefined): Ringtone {
  if (typeof Audio !== 'function') return { stop() {}, context: null };
  const audio = new Audio(url);
  audio.loop = true;
  let stopped = false;
  // A blocked autoplay is not an error worth surfacing: the dialog is visible either way.
  const play = () => {
    if (!stopped) audio.play().catch(() => undefined);
  };
  // Routed before it plays, so the room's loudspeakers do not ring first; where it cannot be routed, it rings
  // on the system output all the same.
  if (sinkId && typeof audio.setSinkId === 'function') audio.setSinkId(sinkId).then(play, play);
  else play();
  return {
    context: null,
    stop() {
      if (stopped) return;
      stopped = true;
      audio.pause();
      audio.removeAttribute('src');
      audio.load();
    },
  };
}

/** Starts ringing (on `options.sinkId`, if given); call `stop()` on the result to end it. */
export function startRingtone(source: RingtoneSource, options: RingtoneOptions = {}): Ringtone {
  return source === true ? startTone(options.sinkId) : startFile(source, options.sinkId);
}
