/** DevicesInCall, the multi-device bookkeeping of a session, on its own. */
import { describe, expect, it } from 'vitest';
import type { MediaSignal } from '../protocol/signal.js';
import { DevicesInCall } from './devices-in-call.js';

const media = (from: string, seq?: number): MediaSignal => ({
  kind: 'media',
  sessionId: `s-${from.replace(/\W/g, '')}`,
  media: { audioMuted: true, videoMuted: false, screenSharing: false },
  ...(seq === undefined ? {} : { seq }),
});

describe('DevicesInCall', () => {
  it('tells each late device once only', () => {
    const devices = new DevicesInCall();
    expect(devices.shouldTellLate('bob@example.test/phone')).toBe(true);
    expect(devices.shouldTellLate('bob@example.test/phone')).toBe(false);
    expect(devices.shouldTellLate('bob@example.test/tablet')).toBe(true);
  });

  it('tells 16 late devices of a user at most: more are made up, and told nothing (nor remembered)', () => {
    const devices = new DevicesInCall();
    const told = Array.from({ length: 2_000 }, (_, i) => devices.shouldTellLate(`bob@evil.test/fake-${i}`));
    expect(told.filter(Boolean)).toHaveLength(16);
    // Someone else's late device is still told.
    expect(devices.shouldTellLate('carol@example.test/tablet')).toBe(true);
  });

  it('keeps the early media of eight devices, and lets the oldest go for a ninth', () => {
    const devices = new DevicesInCall();
    const users = Array.from({ length: 9 }, (_, i) => `user${i}@example.test`);
    const signals = users.map((user) => media(`${user}/d`));
    for (const [i, user] of users.entries()) devices.holdEarlyMedia(`${user}/d`, signals[i]!);
    // the first device's was let go for the ninth; every other one is handed back when its device joins
    expect(devices.pin(users[0]!, `${users[0]}/d`)).toBeUndefined();
    for (let i = 1; i < 9; i++) expect(devices.pin(users[i]!, `${users[i]}/d`)).toBe(signals[i]);
  });

  it('keeps the newest early media of a device: a lower seq does not replace a higher one', () => {
    const devices = new DevicesInCall();
    const newer = media('bob@example.test/phone', 5);
    devices.holdEarlyMedia('bob@example.test/phone', newer);
    devices.holdEarlyMedia('bob@example.test/phone', media('bob@example.test/phone', 4));
    expect(devices.pin('bob@example.test', 'bob@example.test/phone')).toBe(newer);
  });
});
