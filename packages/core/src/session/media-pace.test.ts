import { describe, expect, it } from 'vitest';
import { MEDIA_BURST, MEDIA_INTERVAL_MS, MediaPace } from './media-pace.js';

describe('MediaPace', () => {
  it('takes a burst at once, then one per interval, each participant on their own', () => {
    const pace = new MediaPace();
    const taken = Array.from({ length: MEDIA_BURST + 5 }, () => pace.take('bob', 0)).filter(Boolean);
    expect(taken).toHaveLength(MEDIA_BURST);
    expect(pace.take('carol', 0)).toBe(true);
    expect(pace.wait('bob', 0)).toBe(MEDIA_INTERVAL_MS);
    expect(pace.wait('bob', MEDIA_INTERVAL_MS / 4)).toBe((MEDIA_INTERVAL_MS * 3) / 4);
    expect(pace.take('bob', MEDIA_INTERVAL_MS - 1)).toBe(false);
    expect(pace.take('bob', MEDIA_INTERVAL_MS)).toBe(true);
    expect(pace.take('bob', MEDIA_INTERVAL_MS)).toBe(false);
    // A while later the whole burst is back, never more.
    const later = 100 * MEDIA_INTERVAL_MS;
    expect(Array.from({ length: MEDIA_BURST + 1 }, () => pace.take('bob', later)).filter(Boolean)).toHaveLength(
      MEDIA_BURST,
    );
  });
});
