import { describe, expect, it } from 'vitest';
import { SPEAKING_HOLD_MS, SPEAKING_LEVEL, SpeakerDetector } from './speakers.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

const LOUD = SPEAKING_LEVEL * 2;
const QUIET = SPEAKING_LEVEL / 2;

function levels(entries: Record<string, number>): Map<string, number> {
  return new Map(Object.entries(entries));
}

describe('SpeakerDetector', () => {
  it('lists a participant from the first loud sample, in participant order, and reports only changes', () => {
    const detector = new SpeakerDetector([ALICE, BOB, CAROL]);
    expect(detector.speakers).toEqual([]);
    expect(detector.update(levels({ [ALICE]: QUIET, [BOB]: QUIET }), 0)).toBe(false);
    expect(detector.update(levels({ [CAROL]: LOUD, [ALICE]: LOUD, [BOB]: QUIET }), 100)).toBe(true);
    expect(detector.speakers).toEqual([ALICE, CAROL]);
    const same = detector.speakers;
    expect(detector.update(levels({ [CAROL]: LOUD, [ALICE]: LOUD }), 200)).toBe(false);
    expect(detector.speakers).toBe(same);
  });

  it('counts exactly the threshold as speech', () => {
    const detector = new SpeakerDetector([ALICE]);
    expect(detector.update(levels({ [ALICE]: SPEAKING_LEVEL }), 0)).toBe(true);
    expect(detector.speakers).toEqual([ALICE]);
  });

  it('bridges the quiet gaps of speech for the hold time, then stops', () => {
    const detector = new SpeakerDetector([ALICE, BOB]);
    detector.update(levels({ [ALICE]: LOUD, [BOB]: QUIET }), 1_000);
    expect(detector.update(levels({ [ALICE]: 0, [BOB]: QUIET }), 1_000 + SPEAKING_HOLD_MS - 1)).toBe(false);
    expect(detector.speakers).toEqual([ALICE]);
    expect(detector.update(levels({ [ALICE]: 0, [BOB]: QUIET }), 1_000 + SPEAKING_HOLD_MS)).toBe(true);
    expect(detector.speakers).toEqual([]);
  });

  it('drops a participant left out of a sample (muted, not connected) at once, hold or not', () => {
    const detector = new SpeakerDetector([ALICE, BOB]);
    detector.update(levels({ [ALICE]: LOUD, [BOB]: LOUD }), 0);
    expect(detector.update(levels({ [BOB]: LOUD }), 50)).toBe(true);
    expect(detector.speakers).toEqual([BOB]);
    // back in the sample but quiet, well within the hold: the loud sample from before the gap does not count
    expect(detector.update(levels({ [ALICE]: QUIET, [BOB]: LOUD }), 100)).toBe(false);
    expect(detector.speakers).toEqual([BOB]);
  });

  it('ignores levels of anyone who is not a participant', () => {
    const detector = new SpeakerDetector([ALICE]);
    expect(detector.update(levels({ 'mallory@example.test': 1 }), 0)).toBe(false);
    expect(detector.speakers).toEqual([]);
  });
});
