/** The microphone meter in real Chromium, on synthetic tones of known loudness. */
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../testing/harness.js';
import { createSyntheticStream, type SyntheticStream } from '../testing/synthetic-media.js';
import { watchAudioLevel } from './audio-level.js';

const streams: SyntheticStream[] = [];

afterEach(() => {
  for (const stream of streams.splice(0)) stream.stop();
});

function tone(volume: number): MediaStreamTrack {
  const synthetic = createSyntheticStream({ label: 'mic', video: false, volume });
  streams.push(synthetic);
  return synthetic.stream.getAudioTracks()[0]!;
}

describe('watchAudioLevel', () => {
  it('follows the loudness of the track, reports only changes, and stops without stopping the track', async () => {
    const synthetic = createSyntheticStream({ label: 'mic', video: false, volume: 0.5 });
    streams.push(synthetic);
    const track = synthetic.stream.getAudioTracks()[0]!;
    const levels: number[] = [];
    const stop = watchAudioLevel(track, (level) => levels.push(level), { intervalMs: 20 });
    // A sine of amplitude 0.5 has an RMS of about 0.35.
    await waitFor(() => (levels.at(-1) ?? 0) > 0.25, 'the tone is heard');
    synthetic.setVolume(0);
    await waitFor(() => levels.at(-1) === 0, 'silence is heard');
    expect(levels.every((level, i) => i === 0 || level !== levels[i - 1])).toBe(true);
    expect(levels.every((level) => level >= 0 && level <= 1)).toBe(true);
    stop();
    const reported = levels.length;
    synthetic.setVolume(0.5);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(levels).toHaveLength(reported);
    expect(track.readyState).toBe('live');
  });

  it('tells a quiet microphone from a loud one', async () => {
    const read = async (volume: number) => {
      let latest = 0;
      const stop = watchAudioLevel(
        tone(volume),
        (level) => {
          latest = level;
        },
        { intervalMs: 20 },
      );
      await waitFor(() => latest > 0, 'a level');
      await new Promise((resolve) => setTimeout(resolve, 100));
      stop();
      return latest;
    };
    const quiet = await read(0.05);
    const loud = await read(0.6);
    expect(loud).toBeGreaterThan(quiet * 5);
  });
});
