import { MeshcallError } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import { session } from '../../../hooks/src/test-utils/snapshots.js';
import { endedMeanwhile, screenOf } from './call-view-state.js';

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
