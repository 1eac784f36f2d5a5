import { MeshcallError } from '@meshcall/core';
import { type CallState, initialCallState } from '@meshcall/hooks';
import { describe, expect, it } from 'vitest';
import { busyIn, couldNotAnswer, declinedBy, endedCallToShow, endedMeanwhile, screenOf } from './call-view-state.js';

import { BOB, CAROL, peer, session } from './snapshot-fixtures.js';

describe('screenOf', () => {
  it('shows "calling" only for a ringing outgoing call, the call once answered, nothing for a ringing incoming one', () => {
    expect(screenOf(null)).toBeNull();
    // Created by the app and not started (yet, or ever): it rings nobody.
    expect(screenOf(session({ state: 'new', startedAt: null }))).toBeNull();
    expect(screenOf(session({ state: 'pending' }))).toBe('calling');
    expect(screenOf(session({ state: 'pending', direction: 'incoming' }))).toBeNull();
    expect(screenOf(session({ state: 'connecting', direction: 'incoming' }))).toBe('call');
    expect(screenOf(session({ state: 'active' }))).toBe('call');
    expect(screenOf(session({ state: 'closing' }))).toBe('closing');
    expect(screenOf(session({ state: 'closed' }))).toBeNull();
  });
});

describe('ended calls', () => {
  const state = (patch: Partial<CallState>): CallState => ({
    ...initialCallState({ status: 'online', localUser: 'alice@example.test', onlineUsers: [], sessions: [] }),
    ...patch,
  });
  it('shows the end screen for the watched call unless the user declined or another call goes on', () => {
    const ended = {
      session: session({ state: 'closed' }, { [BOB]: 'hungUp' }),
      reason: 'remoteEnded' as const,
      endedAt: 1,
    };
    expect(endedCallToShow(state({ lastEnded: ended }), undefined)).toBe(ended);
    expect(endedCallToShow(state({ lastEnded: ended, activeSessionId: 's2' }), undefined)).toBeNull();
    expect(endedCallToShow(state({ lastEnded: ended }), 's1')).toBe(ended);
    expect(endedCallToShow(state({ lastEnded: ended }), 'other')).toBeNull();
    expect(endedCallToShow(state({ lastEnded: { ...ended, reason: 'rejected' } }), undefined)).toBeNull();
    expect(endedCallToShow(state({ lastEnded: { ...ended, reason: 'glare' } }), undefined)).toBeNull();
  });

  it('names who declined when everyone the caller rang said no', () => {
    const declined = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'rejected' });
    expect(declinedBy({ session: declined, reason: 'remoteEnded', endedAt: 1 })).toEqual([BOB, CAROL]);
    const mixed = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'hungUp' });
    expect(declinedBy({ session: mixed, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
    const incoming = session({ state: 'closed', direction: 'incoming' }, { [BOB]: 'rejected' });
    expect(declinedBy({ session: incoming, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
  });

  it('tells who of them was busy in another call', () => {
    const declined = session({ state: 'closed' }, { [BOB]: 'rejected', [CAROL]: 'rejected' });
    const carolBusy = {
      ...declined,
      peers: { ...declined.peers, [CAROL]: { ...peer(CAROL, 'rejected'), rejectReason: 'busy' as const } },
    };
    expect(busyIn({ session: carolBusy, reason: 'remoteEnded', endedAt: 1 })).toEqual([CAROL]);
    expect(busyIn({ session: declined, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
    // Not everyone turned it down: nobody is named.
    const mixed = { ...carolBusy, peers: { ...carolBusy.peers, [BOB]: peer(BOB, 'hungUp') } };
    expect(busyIn({ session: mixed, reason: 'remoteEnded', endedAt: 1 })).toEqual([]);
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
});

describe('endedMeanwhile', () => {
  const gone = { getSession: () => undefined };
  const live = { getSession: () => ({}) };
  const notLive = new MeshcallError('invalid-state', 'The call session s1 is not live.');

  it('is true only for "not live" about a call that is gone', () => {
    expect(endedMeanwhile(gone, 's1', notLive)).toBe(true);
    expect(endedMeanwhile(live, 's1', notLive)).toBe(false);
    expect(endedMeanwhile(gone, 's1', new MeshcallError('media-permission-denied', 'blocked'))).toBe(false);
    expect(endedMeanwhile(gone, 's1', new Error('boom'))).toBe(false);
  });
});
