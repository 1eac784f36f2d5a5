/**
 * `CallClient.createMedia`: the media a lobby opens before a call is made as the call's own would be, with the
 * client's `media` constraints and preferred devices, or by the app's `createMedia`.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalMedia } from '../media/local-media.js';
import type { CallType } from '../protocol/signal.js';
import { FakeMediaDevices, FakeSessionMedia } from '../testing/fake-media.js';
import { ManualClock } from '../testing/manual-clock.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { isMeshcallError } from '../util/errors.js';
import { CallClient } from './call-client.js';
import type { CallClientConfig } from './config.js';

const ALICE = 'alice@example.test';
const HEADSET: MediaTrackConstraints = { echoCancellation: false, autoGainControl: false, channelCount: 1 };

function client(config: Omit<CallClientConfig, 'transport'> = {}): CallClient {
  const transport = new MemoryNetwork({ clock: new ManualClock() }).createTransport(ALICE);
  return new CallClient({ transport, hangUpOnPageHide: false, ...config });
}

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('CallClient.createMedia', () => {
  it('opens the devices with the client’s `media` constraints and its preferred devices', async () => {
    const devices = new FakeMediaDevices();
    vi.stubGlobal('navigator', { mediaDevices: devices });
    const alice = client({ media: { audio: HEADSET, video: false } });
    alice.setPreferredDevices({ audioinput: 'mic-2' });
    const media = alice.createMedia('video');
    expect(media).toBeInstanceOf(LocalMedia);
    expect(media.callType).toBe('video');
    await media.acquire();
    // `video: false`: a video call's media starts with the camera off, so no camera is asked for.
    expect(devices.requests).toEqual([{ audio: { ...HEADSET, deviceId: { exact: 'mic-2' } }, video: false }]);
    expect(media.videoTrack).toBeNull();
    media.release();
    await alice.destroy();
  });

  it('makes it with the app’s `createMedia`, as a call’s', () => {
    const made: CallType[] = [];
    const custom = new LocalMedia({ callType: 'audio', mediaDevices: new FakeMediaDevices() });
    const alice = client({
      createMedia: ({ callType }) => {
        made.push(callType);
        return custom;
      },
    });
    expect(alice.createMedia('audio')).toBe(custom);
    expect(made).toEqual(['audio']);
  });

  it('refuses media of an app’s `createMedia` that is no LocalMedia (no call could take it), and releases it', () => {
    const fake = new FakeSessionMedia(true);
    const alice = client({ createMedia: () => fake });
    expect(
      isMeshcallError(
        thrown(() => alice.createMedia('video')),
        'invalid-config',
      ),
    ).toBe(true);
    expect(fake.released).toBe(true);
  });

  it('refuses an unknown call type, and any call type once destroyed', async () => {
    const alice = client();
    expect(
      isMeshcallError(
        thrown(() => alice.createMedia('screen' as CallType)),
        'invalid-argument',
      ),
    ).toBe(true);
    await alice.destroy();
    expect(
      isMeshcallError(
        thrown(() => alice.createMedia('audio')),
        'destroyed',
      ),
    ).toBe(true);
  });
});
