/** resolveConfig: each bound of the client options, checked on both sides. */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { isMeshcallError } from '../util/errors.js';
import { type CallClientConfig, resolveConfig } from './config.js';

const transport = new MemoryNetwork({ clock: new ManualClock() }).createTransport('alice@example.test');

function invalid(config: Partial<CallClientConfig>): boolean {
  try {
    resolveConfig({ transport, ...config });
    return false;
  } catch (error) {
    return isMeshcallError(error, 'invalid-config');
  }
}

describe('resolveConfig boundaries', () => {
  it('durations with a minimum of 1 ms refuse 0 and take 1', () => {
    for (const name of ['answerTimeout', 'disconnectTimeout'] as const) {
      expect(invalid({ [name]: 0 })).toBe(true);
      expect(invalid({ [name]: 1, ...(name === 'answerTimeout' ? { dialingInterval: 1 } : {}) })).toBe(false);
    }
    expect(invalid({ dialingInterval: 0 })).toBe(true);
  });

  it('iceRestartDelay and candidateBatchMs take 0 but no negative value', () => {
    expect(invalid({ iceRestartDelay: 0 })).toBe(false);
    expect(invalid({ iceRestartDelay: -1 })).toBe(true);
    expect(invalid({ candidateBatchMs: 0 })).toBe(false);
    expect(invalid({ candidateBatchMs: -1 })).toBe(true);
  });

  it('maxParticipants goes from 2 to 16 (what the protocol carries)', () => {
    expect(invalid({ maxParticipants: 16 })).toBe(false);
    expect(invalid({ maxParticipants: 17 })).toBe(true);
    expect(invalid({ maxParticipants: 2 })).toBe(false);
    expect(invalid({ maxParticipants: 1 })).toBe(true);
  });

  it('statsInterval is 0 (off) or at least 100 ms; speakingInterval 0 or at least 50 ms', () => {
    expect(invalid({ statsInterval: 99 })).toBe(true);
    expect(invalid({ statsInterval: 100 })).toBe(false);
    expect(invalid({ speakingInterval: 49 })).toBe(true);
    expect(invalid({ speakingInterval: 50 })).toBe(false);
  });

  it('videoUplinkBitrate is 0 (no cap) or whole bits per second from 150 000 to 10^9', () => {
    expect(invalid({ videoUplinkBitrate: 0 })).toBe(false);
    expect(invalid({ videoUplinkBitrate: 149_999 })).toBe(true);
    expect(invalid({ videoUplinkBitrate: 150_000 })).toBe(false);
    expect(invalid({ videoUplinkBitrate: 1_000_000_000 })).toBe(false);
    expect(invalid({ videoUplinkBitrate: 1_000_000_001 })).toBe(true);
    expect(invalid({ videoUplinkBitrate: 500_000.5 })).toBe(true);
    expect(invalid({ videoUplinkBitrate: -1 })).toBe(true);
    expect(invalid({ videoUplinkBitrate: Number.NaN })).toBe(true);
    expect(invalid({ videoUplinkBitrate: '1000000' as never })).toBe(true);
    expect(resolveConfig({ transport }).videoUplinkBitrate).toBe(2_500_000);
  });
});

describe('resolveConfig: what is not a number', () => {
  it('refuses a clock, createMedia or media of the wrong shape, and takes the right ones', () => {
    expect(invalid({ clock: {} as never })).toBe(true);
    expect(invalid({ clock: new ManualClock() })).toBe(false);
    expect(invalid({ createMedia: 42 as never })).toBe(true);
    expect(invalid({ createMedia: () => ({}) as never })).toBe(false);
    expect(invalid({ media: 'camera' as never })).toBe(true);
    expect(invalid({ media: { video: 'hd' } as never })).toBe(true);
    expect(invalid({ media: { audio: false, video: { width: 640 } } })).toBe(false);
  });
});
