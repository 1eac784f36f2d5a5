import { describe, expect, it } from 'vitest';
import type { Signal } from '../protocol/signal.js';
import { ManualClock } from '../testing/manual-clock.js';
import { SignalInbox } from './signal-inbox.js';

const MALLORY = 'mallory@evil.test/x';
const CAROL = 'carol@example.test/phone';
const CAROL_USER = 'carol@example.test';

function description(sessionId: string, sdpChars: number): Signal {
  return { kind: 'description', sessionId, description: { type: 'offer', sdp: `v=0\r\n${'a'.repeat(sdpChars)}` } };
}

describe('SignalInbox', () => {
  it('holds a fixed amount of text however big the early signals are, whoever sends them', () => {
    const inbox = new SignalInbox(new ManualClock());
    // Senders of many servers, so that only the limit in all holds them back.
    for (let session = 0; session < 32; session++) {
      for (let i = 0; i < 32; i++)
        inbox.buffer(`mallory@evil${session}.test/x`, description(`flood-${session}`, 60_000));
    }
    expect(inbox.chars).toBeLessThanOrEqual(1_000_000);
    expect(inbox.size).toBeLessThanOrEqual(17);
    // A real early accept still finds room: the flood's make way.
    const accept: Signal = { kind: 'accept', sessionId: 'real', answer: null, userInfo: {} };
    inbox.buffer(CAROL, accept);
    expect(inbox.peek('real')).toEqual([{ from: CAROL, signal: accept }]);
    expect(inbox.chars).toBeLessThanOrEqual(1_000_000);
    // Taking and ending give the room back.
    inbox.take('real');
    for (let session = 0; session < 32; session++) inbox.markEnded(`flood-${session}`, 'cancelled', CAROL_USER);
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

  it('holds signals of at most 32 sessions: a 33rd takes the room of the latest come among equals', () => {
    const inbox = new SignalInbox(new ManualClock());
    for (let i = 0; i < 33; i++) inbox.buffer(`user@server${i}.test`, hangup(`s${i}`));
    // Everyone holds as little: the latest before it makes way, not those that were there first.
    expect(inbox.peek('s31')).toEqual([]);
    expect(inbox.peek('s0')).toHaveLength(1);
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
    inbox.markEnded('s', 'rejected', CAROL_USER);
    expect([inbox.size, inbox.chars]).toEqual([0, 0]);
    expect(inbox.take('s')).toEqual([]);
  });

  it('remembers an ended session for endedMs, not longer', () => {
    const clock = new ManualClock();
    const inbox = new SignalInbox(clock, { endedMs: 180_000 });
    inbox.markEnded('s', 'rejected', CAROL_USER);
    clock.advance(180_000);
    expect(inbox.endedReason('s')).toBe('rejected');
    clock.advance(1);
    expect(inbox.endedReason('s')).toBeUndefined();
  });

  it('remembers at most 256 ended sessions: among equals, the latest before the newcomer is forgotten', () => {
    const inbox = new SignalInbox(new ManualClock());
    for (let i = 0; i < 257; i++) inbox.markEnded(`s${i}`, 'hungUp', `user@server${i}.test`);
    expect(inbox.endedReason('s255')).toBeUndefined();
    expect(inbox.endedReason('s0')).toBe('hungUp');
    expect(inbox.endedReason('s256')).toBe('hungUp');
  });
});

describe('SignalInbox shares', () => {
  const accept = (sessionId: string): Signal => ({ kind: 'accept', sessionId, answer: null, userInfo: {} });

  it("one sender's early signals, however many sessions they name, leave room for everyone else's", () => {
    const inbox = new SignalInbox(new ManualClock());
    inbox.buffer(CAROL, accept('real'));
    for (let session = 0; session < 40; session++) inbox.buffer(MALLORY, description(`junk-${session}`, 60_000));
    expect(inbox.peek('real')).toHaveLength(1);
    // Theirs: 4 sessions and 256 K characters at most.
    expect(inbox.size).toBe(5);
    expect(inbox.peek('junk-3')).toHaveLength(1);
    expect(inbox.peek('junk-4')).toEqual([]);
  });

  it("the made-up users of one server make way for someone else's early accept", () => {
    const inbox = new SignalInbox(new ManualClock());
    inbox.buffer(CAROL, accept('real'));
    for (let session = 0; session < 40; session++) {
      inbox.buffer(`user${session}@evil.test/x`, description(`junk-${session}`, 60_000));
    }
    expect(inbox.peek('real')).toHaveLength(1);
    expect(inbox.chars).toBeLessThanOrEqual(1_000_000);
    // Nor do those of the callee's own server (a public one) keep out a newcomer's accept.
    inbox.buffer('dave@example.test/phone', accept('later'));
    expect(inbox.peek('later')).toHaveLength(1);
  });

  it("a flood of refused calls forgets only its own: one user's 16 newest, made-up users' latest", () => {
    const inbox = new SignalInbox(new ManualClock());
    inbox.markEnded('declined', 'rejected', 'alice@example.test');
    for (let i = 0; i < 300; i++) inbox.markEnded(`flood-${i}`, 'busy', 'mallory@evil.test');
    expect(inbox.endedReason('declined')).toBe('rejected');
    expect(inbox.endedReason('flood-283')).toBeUndefined();
    expect(inbox.endedReason('flood-284')).toBe('busy');
    for (let i = 0; i < 300; i++) inbox.markEnded(`made-up-${i}`, 'busy', `user${i}@evil.test`);
    expect(inbox.endedReason('declined')).toBe('rejected');
    // evil.test holds the most: its biggest holder (Mallory) makes way first, down to one, then its latest users.
    expect(inbox.endedReason('flood-298')).toBeUndefined();
    expect(inbox.endedReason('flood-299')).toBe('busy');
    expect(inbox.endedReason('made-up-0')).toBe('busy');
    expect(inbox.endedReason('made-up-299')).toBe('busy');
  });

  it('a flood from one-entry subdomains does not make the ended-call memory forget two declined calls of one company', () => {
    const inbox = new SignalInbox(new ManualClock());
    inbox.markEnded('carols-call', 'rejected', 'carol@company.test', ['carol@company.test']);
    inbox.markEnded('daves-call', 'rejected', 'dave@company.test', ['dave@company.test']);
    // 255 made-up callers, each on a subdomain of its own, get their calls ended (busy / flood refusals).
    for (let i = 0; i < 255; i++) inbox.markEnded(`flood-${i}`, 'busy', `m${i}@s${i}.evil.test`);
    // Carol's and Dave's declined calls must still be remembered (a replayed call of theirs must not ring again).
    expect({ carol: inbox.endedReason('carols-call'), dave: inbox.endedReason('daves-call') }).toEqual({
      carol: 'rejected',
      dave: 'rejected',
    });
  });

  it("a flood from one-entry subdomains does not push out two callees' early accepts of one group call", () => {
    const inbox = new SignalInbox(new ManualClock());
    const accept: Signal = { kind: 'accept', sessionId: 'group', answer: null, userInfo: {} };
    inbox.buffer('carol@company.test/phone', accept);
    inbox.buffer('dave@company.test/laptop', accept);
    for (let i = 0; i < 40; i++)
      inbox.buffer(`m${i}@s${i}.evil.test/x`, { kind: 'hangup', sessionId: `flood-${i}`, userInfo: {} });
    expect(inbox.peek('group').map((entry) => entry.from)).toEqual([
      'carol@company.test/phone',
      'dave@company.test/laptop',
    ]);
  });
});
