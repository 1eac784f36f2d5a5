/**
 * The ringtone's promises, on hand-made Web Audio and <audio> doubles (the browser test only checks that the
 * context runs and closes).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRingtone } from './ringtone.js';

class FakeParam {
  value = 0;
  readonly events: Array<[string, number, number]> = [];
  setValueAtTime(value: number, at: number) {
    this.events.push(['set', value, at]);
  }
  linearRampToValueAtTime(value: number, at: number) {
    this.events.push(['ramp', value, at]);
  }
}
class FakeNode {
  connected = true;
  connect() {}
  disconnect() {
    this.connected = false;
  }
}
class FakeOscillator extends FakeNode {
  readonly frequency = new FakeParam();
  stops = 0;
  start() {}
  stop() {
    this.stops += 1;
  }
}
class FakeContext {
  static last: FakeContext | null = null;
  static startSuspended = false;
  /** What `setSinkId` does; set by a test to hold or refuse the switch. */
  static route: (id: string) => Promise<void> = () => Promise.resolve();
  currentTime = 0;
  state: 'running' | 'suspended' | 'closed' = FakeContext.startSuspended ? 'suspended' : 'running';
  readonly destination = new FakeNode();
  readonly gains: Array<FakeNode & { gain: FakeParam }> = [];
  readonly oscillators: FakeOscillator[] = [];
  resumes = 0;
  closes = 0;
  sinkId = '';
  constructor() {
    FakeContext.last = this;
  }
  setSinkId(id: string) {
    return FakeContext.route(id).then(() => {
      this.sinkId = id;
    });
  }
  createGain() {
    const gain = Object.assign(new FakeNode(), { gain: new FakeParam() });
    this.gains.push(gain);
    return gain;
  }
  createOscillator() {
    const oscillator = new FakeOscillator();
    this.oscillators.push(oscillator);
    return oscillator;
  }
  resume() {
    this.resumes += 1;
    this.state = 'running';
    return Promise.resolve();
  }
  close() {
    this.closes += 1;
    this.state = 'closed';
    return Promise.resolve();
  }
}
class FakeAudio {
  static last: FakeAudio | null = null;
  loop = false;
  src: string | null;
  plays = 0;
  pauses = 0;
  loads = 0;
  sinkId = '';
  /** What `setSinkId` does; set by a test to hold or refuse the switch. */
  static route: (id: string) => Promise<void> = () => Promise.resolve();
  setSinkId(id: string) {
    return FakeAudio.route(id).then(() => {
      this.sinkId = id;
    });
  }
  constructor(url: string) {
    this.src = url;
    FakeAudio.last = this;
  }
  play() {
    this.plays += 1;
    return Promise.resolve();
  }
  pause() {
    this.pauses += 1;
  }
  removeAttribute(name: string) {
    if (name === 'src') this.src = null;
  }
  load() {
    this.loads += 1;
  }
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeContext.startSuspended = false;
  FakeContext.route = () => Promise.resolve();
  FakeAudio.route = () => Promise.resolve();
  vi.stubGlobal('AudioContext', FakeContext);
  vi.stubGlobal('Audio', FakeAudio);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the built-in tone', () => {
  it('rings twice every three seconds', () => {
    const ring = startRingtone(true);
    const gain = FakeContext.last!.gains[0]!.gain;
    const starts = gain.events.filter(([kind, value]) => kind === 'set' && value === 0).map(([, , at]) => at);
    // Burst starts (each burst sets 0 at its start), scheduled one period ahead.
    expect(starts.map((at) => Math.round(at * 100) / 100)).toEqual([0.05, 0.65]);
    FakeContext.last!.currentTime = 1;
    vi.advanceTimersByTime(1000);
    const later = gain.events
      .filter(([kind, value]) => kind === 'set' && value === 0)
      .map(([, , at]) => Math.round(at * 100) / 100);
    expect(later).toEqual([0.05, 0.65, 3.05, 3.65]);
    ring.stop();
  });

  it('resumes a context the autoplay policy started suspended', () => {
    FakeContext.startSuspended = true;
    const ring = startRingtone(true);
    expect(FakeContext.last!.resumes).toBe(1);
    ring.stop();
  });

  it('stop() ends the timer and closes the context, and may be called again', () => {
    const ring = startRingtone(true);
    expect(vi.getTimerCount()).toBe(1);
    ring.stop();
    expect(vi.getTimerCount()).toBe(0);
    expect(() => ring.stop()).not.toThrow();
    expect(FakeContext.last!.state).toBe('closed');
    expect(FakeContext.last!.oscillators.every((o) => o.stops > 0)).toBe(true);
  });

  it('rings on the speaker it is given, and not before it is routed there', async () => {
    let routed = () => {};
    FakeContext.route = () => new Promise<void>((resolve) => (routed = resolve));
    const ring = startRingtone(true, { sinkId: 'headset' });
    const context = FakeContext.last!;
    expect(context.gains[0]!.gain.events).toEqual([]);
    routed();
    await vi.waitFor(() => expect(context.gains[0]!.gain.events.length).toBeGreaterThan(0));
    expect(context.sinkId).toBe('headset');
    ring.stop();
  });

  it('rings on the system output when the speaker cannot be used', async () => {
    FakeContext.route = () => Promise.reject(new DOMException('no such device', 'NotFoundError'));
    const ring = startRingtone(true, { sinkId: 'unplugged' });
    const context = FakeContext.last!;
    await vi.waitFor(() => expect(context.gains[0]!.gain.events.length).toBeGreaterThan(0));
    expect(context.sinkId).toBe('');
    ring.stop();
  });

  it('does not start ringing when stopped before the speaker was switched', async () => {
    let routed = () => {};
    FakeContext.route = () => new Promise<void>((resolve) => (routed = resolve));
    const ring = startRingtone(true, { sinkId: 'headset' });
    ring.stop();
    routed();
    await Promise.resolve();
    await Promise.resolve();
    expect(FakeContext.last!.gains[0]!.gain.events).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('a file ringtone', () => {
  it('loops until stopped, then unloads the file', () => {
    const ring = startRingtone('/ring.mp3');
    const audio = FakeAudio.last!;
    expect([audio.loop, audio.plays]).toEqual([true, 1]);
    ring.stop();
    ring.stop();
    expect([audio.pauses, audio.src, audio.loads]).toEqual([1, null, 1]);
  });

  it('is routed to the speaker it is given before it plays', async () => {
    let routed!: () => void;
    FakeAudio.route = () => new Promise((resolve) => (routed = resolve));
    const ring = startRingtone('/ring.mp3', { sinkId: 'headset' });
    const audio = FakeAudio.last!;
    await Promise.resolve();
    expect(audio.plays).toBe(0);
    routed();
    await vi.waitFor(() => expect([audio.sinkId, audio.plays]).toEqual(['headset', 1]));
    ring.stop();
  });

  it('rings on the system output when the speaker cannot be used', async () => {
    FakeAudio.route = () => Promise.reject(new DOMException('no such device', 'NotFoundError'));
    const ring = startRingtone('/ring.mp3', { sinkId: 'unplugged' });
    const audio = FakeAudio.last!;
    await vi.waitFor(() => expect([audio.sinkId, audio.plays]).toEqual(['', 1]));
    ring.stop();
  });

  it('does not start playing when stopped before the speaker was switched', async () => {
    let routed!: () => void;
    FakeAudio.route = () => new Promise((resolve) => (routed = resolve));
    const ring = startRingtone('/ring.mp3', { sinkId: 'headset' });
    ring.stop();
    routed();
    for (let tick = 0; tick < 5; tick += 1) await Promise.resolve();
    expect(FakeAudio.last!.plays).toBe(0);
  });
});
