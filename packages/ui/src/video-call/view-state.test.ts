/** Rules of the pure view-state modules: what is announced. */
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, session } from '../../../hooks/src/test-utils/snapshots.js';
import { defaultLabels } from '../labels.js';
import { type Announced, NOTHING_ANNOUNCED, nextAnnouncements } from './announcements.js';

function say(
  ...steps: ReadonlyArray<Record<string, 'connected' | 'disconnected' | 'hungUp' | 'error' | 'failed'>>
): string[][] {
  let announced: Announced = NOTHING_ANNOUNCED;
  return steps.map((peers) => {
    const next = nextAnnouncements(
      session({}, peers),
      announced,
      defaultLabels,
      (id) => (id === BOB ? 'Bob' : id === CAROL ? 'Carol' : 'Dave'),
      0,
    );
    announced = next.announced;
    return [...next.sentences];
  });
}

describe('nextAnnouncements', () => {
  it('tells that someone left while their link was down', () => {
    expect(
      say(
        { [BOB]: 'connected', [CAROL]: 'connected' },
        { [BOB]: 'disconnected', [CAROL]: 'connected' },
        { [BOB]: 'hungUp', [CAROL]: 'connected' },
      ),
    ).toEqual([['Bob joined the call.', 'Carol joined the call.'], ['Reconnecting to Bob…'], ['Bob left the call.']]);
  });

  it('tells a link lost to an error or a failure, as one lost to a timeout', () => {
    const dave = 'dave@localhost';
    expect(
      say(
        { [BOB]: 'connected', [CAROL]: 'connected', [dave]: 'connected' },
        { [BOB]: 'error', [CAROL]: 'failed', [dave]: 'connected' },
      ),
    ).toEqual([
      ['Bob joined the call.', 'Carol joined the call.', 'Dave joined the call.'],
      ['Lost the connection to Bob.', 'Lost the connection to Carol.'],
    ]);
  });
});
