/** The pure selectors of ended calls: which one an end screen shows, and who turned the call down and why. */
import type { CloseReason } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, peer, session } from '../test-utils/snapshots.js';
import type { CallState } from '../types.js';
import { initialCallState } from './reducer.js';
import { busyIn, couldNotAnswer, declinedBy, endedCallToShow, showsEndScreen, unreachableIn } from './selectors.js';

const state = (patch: Partial<CallState>): CallState => ({
  ...initialCallState({ status: 'online', localUser: 'alice@example.test', onlineUsers: [], sessions: [] }),
  ...patch,
});

describe('ended calls', () => {
  it('shows the end screen for the watched call unless the user declined or another call goes on', () => {
    const ended = {
      session: session({ state: 'closed' }, { [BOB]: 'hungUp' }),
      reason: 'remoteEnded' as const,
      endedAt: 1,
    };
    expect(endedCallToShow(state({ lastEnded: ended, endScreen: ended }))).toBe(ended);
    expect(endedCallToShow(state({ lastEnded: ended, endScreen: ended, activeSessionId: 's2' }))).toBeNull();
    expect(endedCallToShow(state({ lastEnded: ended, endScreen: ended }), { sessionId: 's1' })).toBe(ended);
    expect(endedCallToShow(state({ lastEnded: ended, endScreen: ended }), { sessionId: 'other' })).toBeNull();
    // A quiet end after it: the end screen is still that call's; `quiet` asks for the last one however it ended.
    const declined = { ...ended, reason: 'rejected' as const, endedAt: 2 };
    expect(endedCallToShow(state({ lastEnded: declined, endScreen: ended }))).toBe(ended);
    expect(endedCallToShow(state({ lastEnded: declined, endScreen: ended }), { quiet: true })).toBe(declined);
    expect(endedCallToShow(state({ lastEnded: declined }))).toBeNull();
  });

  it('names who declined a call the caller placed that never took place, whatever became of the others', () => {
    const declined = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'rejected' });
    expect(declinedBy({ session: declined, reason: 'remoteEnded', endedAt: 1 })).toEqual([BOB, CAROL]);
    const mixed = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'hungUp' });
    expect(declinedBy({ session: mixed, reason: 'remoteEnded', endedAt: 1 })).toEqual([BOB]);
    // A call that took place told its late "no" as it came: not on its end screen.
    const talked = { ...mixed, activeSince: 5 };
    expect(declinedBy({ session: talked, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
    const incoming = session({ state: 'closed', direction: 'incoming' }, { [BOB]: 'rejected' });
    expect(declinedBy({ session: incoming, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
  });

  it('tells who could not be reached, beside who declined', () => {
    const ended = (
      peers: Record<string, 'rejected' | 'unreachable' | 'notAnswered'>,
      reason: 'remoteEnded' | 'notAnswered',
    ) => ({
      session: session({ state: 'closed' }, peers),
      reason,
      endedAt: 1,
    });
    const mixed = ended({ [BOB]: 'rejected', [CAROL]: 'unreachable' }, 'remoteEnded');
    expect(declinedBy(mixed)).toEqual([BOB]);
    expect(unreachableIn(mixed)).toEqual([CAROL]);
    const unanswered = ended({ [BOB]: 'notAnswered', [CAROL]: 'unreachable' }, 'notAnswered');
    expect(declinedBy(unanswered)).toEqual([]);
    expect(declinedBy(ended({ [BOB]: 'rejected', [CAROL]: 'notAnswered' }, 'notAnswered'))).toEqual([BOB]);
    expect(unreachableIn(unanswered)).toEqual([CAROL]);
    // A call that connected with someone is no story of who could not be reached.
    const talked = { ...unanswered, session: { ...unanswered.session, activeSince: 5 } };
    expect(unreachableIn(talked)).toEqual([]);
  });

  it('tells who of them was busy in another call', () => {
    const declined = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'rejected' });
    const carolBusy = {
      ...declined,
      peers: { ...declined.peers, [CAROL]: { ...peer(CAROL, 'rejected'), rejectReason: 'busy' as const } },
    };
    expect(busyIn({ session: carolBusy, reason: 'remoteEnded', endedAt: 1 })).toEqual([CAROL]);
    expect(busyIn({ session: declined, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
    // Not everyone turned it down: who did is named all the same.
    const mixed = { ...carolBusy, peers: { ...carolBusy.peers, [BOB]: peer(BOB, 'hungUp') } };
    expect(busyIn({ session: mixed, reason: 'remoteEnded', endedAt: 1 })).toEqual([CAROL]);
  });

  it('tells who of them tried to answer and could not', () => {
    const declined = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'rejected' });
    const bobFailed = {
      ...declined,
      peers: { ...declined.peers, [BOB]: { ...peer(BOB, 'rejected'), rejectReason: 'failed' as const } },
    };
    const ended = { session: bobFailed, reason: 'remoteEnded' as const, endedAt: 1 };
    expect(couldNotAnswer(ended)).toEqual([BOB]);
    expect(busyIn(ended)).toEqual([]);
    expect(couldNotAnswer({ ...ended, session: declined })).toEqual([]);
  });

  it('gives no end screen to any of the quiet reasons', () => {
    const quiet: CloseReason[] = ['rejected', 'rejectedElsewhere', 'answeredElsewhere', 'busy', 'glare'];
    const call = session({ state: 'closed', direction: 'incoming' }, { [BOB]: 'closed' });
    for (const reason of quiet) expect(showsEndScreen({ session: call, reason, endedAt: 1 }), reason).toBe(false);
    expect(showsEndScreen({ session: call, reason: 'remoteEnded', endedAt: 1 })).toBe(true);
  });
});
