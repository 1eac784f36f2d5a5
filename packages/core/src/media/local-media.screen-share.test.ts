/**
 * `startScreenShare()` when sharing cannot start (fast, Node, fake devices): its errors say it was the screen, not
 * the camera or microphone, whose codes they share; and a second start while one is pending (a double click) joins
 * it instead of opening the picker again.
 */
import { describe, expect, it } from 'vitest';
import { FakeMediaDevices } from '../testing/fake-media.js';
import { rejectionOf } from '../testing/harness.js';
import { LocalMedia } from './local-media.js';

async function acquired(devices = new FakeMediaDevices()) {
  const media = new LocalMedia({ callType: 'video', mediaDevices: devices });
  await media.acquire();
  return { media, devices };
}

/** How many times the screen picker was opened. */
const pickers = (devices: FakeMediaDevices) => devices.requests.filter((request) => request.video === true).length;

describe('a screen share that cannot start', () => {
  it('rejects with an error whose source is the screen, whatever its code', async () => {
    const { media, devices } = await acquired();
    devices.failures.push(new DOMException('Could not start video source', 'NotReadableError'));
    const busy = await rejectionOf(media.startScreenShare());
    devices.failures.push(new DOMException('Permission denied', 'NotAllowedError'));
    const cancelled = await rejectionOf(media.startScreenShare());
    expect([busy, cancelled].map(({ code, source }) => ({ code, source }))).toEqual([
      { code: 'media-device-busy', source: 'screen' },
      { code: 'media-permission-denied', source: 'screen' },
    ]);
    expect(busy.message).toMatch(/screen/);
    media.release();
  });

  it('says it was the screen where the browser cannot share one', async () => {
    const devices = new FakeMediaDevices();
    const media = new LocalMedia({
      callType: 'video',
      mediaDevices: {
        getUserMedia: devices.getUserMedia.bind(devices),
        enumerateDevices: devices.enumerateDevices.bind(devices),
      },
    });
    await media.acquire();
    expect(await rejectionOf(media.startScreenShare())).toMatchObject({ code: 'media-unsupported', source: 'screen' });
    media.release();
  });

  it('tells the camera apart from the screen with the same code', async () => {
    const { media, devices } = await acquired();
    await media.setVideoMuted(true);
    devices.failures.push(new DOMException('Could not start video source', 'NotReadableError'));
    expect(await rejectionOf(media.setVideoMuted(false))).toMatchObject({
      code: 'media-device-busy',
      source: 'camera',
    });
    media.release();
  });
});

describe('a second start while one is pending', () => {
  it('opens one picker and gets the first one’s outcome', async () => {
    const { media, devices } = await acquired();
    const before = pickers(devices);
    const release = devices.hold();
    devices.failures.push(new DOMException('Permission denied', 'NotAllowedError'));
    const first = media.startScreenShare();
    const second = media.startScreenShare();
    release();
    const [a, b] = await Promise.all([rejectionOf(first), rejectionOf(second)]);
    expect(b).toBe(a);
    expect(pickers(devices) - before).toBe(1);
    // Once it has settled, pressing again opens the picker again.
    await media.startScreenShare();
    expect(pickers(devices) - before).toBe(2);
    expect(media.state.screenSharing).toBe(true);
    media.release();
  });

  it('is a new start after a stop asked for meanwhile', async () => {
    const { media } = await acquired();
    const first = media.startScreenShare();
    const stop = media.stopScreenShare();
    const again = media.startScreenShare();
    expect(again).not.toBe(first);
    await Promise.all([first, stop, again]);
    expect(media.state.screenSharing).toBe(true);
    media.release();
  });
});
