/**
 * Rules of the pure view-state modules: which ended calls get a screen, and what is announced.
 */
import type { CloseReason } from '@meshcall/core';
import { type CallState, initialCallState } from '@meshcall/hooks';
import { describe, expect, it } from 'vitest';
import { defaultLabels } from '../labels.js';
import { type Announced, NOTHING_ANNOUNCED, nextAnnouncements } from './announcements.js';
import { endedCallToShow } from './call-view-state.js';
import { BOB, CAROL, session } from './snapshot-fixtures.js';

const state = (patch: Partial<CallState>): CallState => ({
  ...initialCallState({ status: 'online', localUser: 'alice@example.test', onlineUsers: [], sessions: [] }),
  ...patch,
});

describe('endedCallToShow', () => {
  it('shows no end screen for any of the quiet reasons, with or without a watched session', () => {
    const quiet: CloseReason[] = ['rejected', 'rejectedElsewhere', 'answeredElsewhere', 'busy', 'glare'];
    for (const reason of quiet) {
      const ended = {
        session: session({ state: 'closed', direction: 'incoming' }, { [BOB]: 'closed' }),
        reason,
        endedAt: 1,
      };
      expect(endedCallToShow(state({ lastEnded: ended }), undefined), reason).toBeNull();
      expect(endedCallToShow(state({ lastEnded: ended }), 's1'), reason).toBeNull();
    }
    const loud = {
      session: session({ state: 'closed' }, { [BOB]: 'hungUp' }),
      reason: 'remoteEnded' as const,
      endedAt: 1,
    };
    expect(endedCallToShow(state({ lastEnded: loud }), undefined)).toBe(loud);
  });
});

function say(
  ...steps: ReadonlyArray<Record<string, 'connected' | 'disconnected' | 'hungUp' | 'error' | 'failed'>>
): string[][] {
  let announced: Announced = NOTHING_ANNOUNCED;
  return steps.map((peers) => {
    const next = nextAnnouncements(
      session({}, peers),
      announced,
      defaultLabels,
      (id) => (id === BOB ? 'Bob' : 'Carol'),
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
    expect(say({ [BOB]: 'connected', [CAROL]: 'connected' }, { [BOB]: 'error', [CAROL]: 'failed' })).toEqual([
      ['Bob joined the call.', 'Carol joined the call.'],
      ['Lost the connection to Bob.', 'Lost the connection to Carol.'],
    ]);
  });
});
