import { describe, expect, it } from 'vitest';
import { FakeTrack } from '../testing/fake-media.js';
import { trackConstraints, trackDeviceId, trackFacingMode } from './constraints.js';

describe('trackConstraints', () => {
  it('uses the browser defaults when nothing is configured or chosen', () => {
    expect(trackConstraints(undefined)).toBe(true);
    expect(trackConstraints(true)).toBe(true);
  });

  it('keeps the app constraints and adds a preferred or required device', () => {
    const base = { width: { ideal: 1280 } };
    expect(trackConstraints(base)).toEqual(base);
    expect(trackConstraints(base, { deviceId: 'cam-2' })).toEqual({
      width: { ideal: 1280 },
      deviceId: { ideal: 'cam-2' },
    });
    expect(trackConstraints(true, { deviceId: 'cam-2', exact: true })).toEqual({ deviceId: { exact: 'cam-2' } });
  });

  it('a device choice overrides the base deviceId; a facing choice drops it', () => {
    const base = { deviceId: 'old', height: 720 };
    expect(trackConstraints(base, { deviceId: 'new', exact: true })).toEqual({
      deviceId: { exact: 'new' },
      height: 720,
    });
    expect(trackConstraints(base, { facingMode: 'environment' })).toEqual({
      height: 720,
      facingMode: { exact: 'environment' },
    });
  });
});

describe('trackDeviceId / trackFacingMode', () => {
  it('reads the settings of a track', () => {
    const track = new FakeTrack('video', 'cam-9', { facingMode: 'user' }).asTrack();
    expect(trackDeviceId(track)).toBe('cam-9');
    expect(trackFacingMode(track)).toBe('user');
    expect(trackDeviceId(null)).toBeNull();
    expect(trackFacingMode(new FakeTrack('video', '').asTrack())).toBeNull();
    expect(trackDeviceId(new FakeTrack('video', '').asTrack())).toBeNull();
  });
});
