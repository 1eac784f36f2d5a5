import { describe, expect, it } from 'vitest';
import type { Signal } from '../protocol/signal.js';
import { ManualClock } from '../testing/manual-clock.js';
import { SignalInbox } from './signal-inbox.js';

const MALLORY = 'mallory@evil.test/x';
const CAROL = 'carol@example.test/phone';

function description(sessionId: string, sdpChars: number): Signal {
  return { kind: 'description', sessionId, description: { type: 'offer', sdp: `v=0\r\n${'a'.repeat(sdpChars)}` } };
}

describe('SignalInbox', () => {
  it('holds a fixed amount of text however big the early signals are, the oldest sessions making room', () => {
    const inbox = new SignalInbox(new ManualClock());
    for (let session = 0; session < 32; session++) {
      for (let i = 0; i < 32; i++) inbox.buffer(MALLORY, description(`flood-${session}`, 60_000));
    }
    expect(inbox.chars).toBeLessThanOrEqual(1_000_000);
    expect(inbox.size).toBeLessThanOrEqual(17);
    // A real early accept still finds room, and the oldest flood went first.
    const accept: Signal = { kind: 'accept', sessionId: 'real', answer: null, userInfo: {} };
    inbox.buffer(CAROL, accept);
    expect(inbox.peek('real')).toEqual([{ from: CAROL, signal: accept }]);
    expect(inbox.peek('flood-0')).toEqual([]);
    // Taking and ending give the room back.
    inbox.take('real');
    for (let session = 0; session < 32; session++) inbox.markEnded(`flood-${session}`, 'cancelled');
    expect([inbox.size, inbox.chars]).toEqual([0, 0]);
  });
});
