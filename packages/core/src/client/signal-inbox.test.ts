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

const hangup = (sessionId: string): Signal => ({ kind: 'hangup', sessionId, userInfo: {} });

describe('SignalInbox bounds', () => {
  it('holds at most 32 signals per session, 8 of them from one sender (devices of one user count as one)', () => {
    const inbox = new SignalInbox(new ManualClock());
    const senders = ['a', 'b', 'c', 'd', 'e'].map((name) => `${name}@example.test`);
    for (const sender of senders) {
      for (let i = 0; i < 10; i++) inbox.buffer(`${sender}/device${i % 2}`, hangup('s'));
    }
    expect(inbox.peek('s')).toHaveLength(32);
    const from = (sender: string) => inbox.peek('s').filter((entry) => entry.from.startsWith(sender)).length;
    expect(senders.map(from)).toEqual([8, 8, 8, 8, 0]);
  });

  it('holds signals of at most 32 sessions: a 33rd makes the oldest go', () => {
    const inbox = new SignalInbox(new ManualClock());
    for (let i = 0; i < 33; i++) inbox.buffer(CAROL, hangup(`s${i}`));
    expect(inbox.peek('s0')).toEqual([]);
    expect(inbox.peek('s1')).toHaveLength(1);
    expect(inbox.peek('s32')).toHaveLength(1);
    expect(inbox.size).toBe(32);
  });

  it('keeps a buffered signal for 10 s, not longer', () => {
    const clock = new ManualClock();
    const inbox = new SignalInbox(clock);
    inbox.buffer(CAROL, hangup('s'));
    clock.advance(10_000);
    expect(inbox.peek('s')).toHaveLength(1);
    clock.advance(1);
    expect(inbox.peek('s')).toEqual([]);
    expect(inbox.size).toBe(0);
  });

  it('ending a session drops what was buffered for it', () => {
    const inbox = new SignalInbox(new ManualClock());
    inbox.buffer(CAROL, hangup('s'));
    inbox.markEnded('s', 'rejected');
    expect([inbox.size, inbox.chars]).toEqual([0, 0]);
    expect(inbox.take('s')).toEqual([]);
  });

  it('remembers an ended session for endedMs, not longer', () => {
    const clock = new ManualClock();
    const inbox = new SignalInbox(clock, { endedMs: 180_000 });
    inbox.markEnded('s', 'rejected');
    clock.advance(180_000);
    expect(inbox.endedReason('s')).toBe('rejected');
    clock.advance(1);
    expect(inbox.endedReason('s')).toBeUndefined();
  });

  it('remembers at most 256 ended sessions: the oldest is forgotten first', () => {
    const inbox = new SignalInbox(new ManualClock());
    for (let i = 0; i < 257; i++) inbox.markEnded(`s${i}`, 'hungUp');
    expect(inbox.endedReason('s0')).toBeUndefined();
    expect(inbox.endedReason('s1')).toBe('hungUp');
    expect(inbox.endedReason('s256')).toBe('hungUp');
  });
});
