/**
 * `switchCamera()` on phones and with the camera off (fast, Node, fake devices). Chrome on Android lists each
 * camera module on its own (one front camera and several back ones: wide, ultra-wide, tele), so "the next camera
 * in the list" is not what a user means by "switch camera": they mean the other side.
 */
import { describe, expect, it } from 'vitest';
import { FakeMediaDevices, fakeDevice } from '../testing/fake-media.js';
import { LocalMedia } from './local-media.js';

/** A laptop whose built-in camera says it faces the user, beside a USB camera that says nothing of its facing. */
function laptop(): FakeMediaDevices {
  const devices = new FakeMediaDevices([
    fakeDevice('audioinput', 'mic'),
    fakeDevice('videoinput', 'built-in'),
    fakeDevice('videoinput', 'usb'),
  ]);
  devices.cameraFacing.set('built-in', 'user');
  return devices;
}

/** A phone as Chrome on Android lists it: the front camera first, then three back ones. */
function phone(): FakeMediaDevices {
  const devices = new FakeMediaDevices([
    fakeDevice('audioinput', 'mic'),
    fakeDevice('videoinput', 'front', 'camera2 1, facing front'),
    fakeDevice('videoinput', 'back-wide', 'camera2 0, facing back'),
    fakeDevice('videoinput', 'back-ultrawide', 'camera2 2, facing back'),
    fakeDevice('videoinput', 'back-tele', 'camera2 3, facing back'),
  ]);
  devices.cameraFacing.set('front', 'user');
  for (const id of ['back-wide', 'back-ultrawide', 'back-tele']) devices.cameraFacing.set(id, 'environment');
  return devices;
}

const facingOf = (media: LocalMedia) => media.videoTrack?.getSettings().facingMode;

describe('switchCamera with the camera on', () => {
  it('flips between the front and the back camera of a phone, whatever else is listed', async () => {
    const media = new LocalMedia({ callType: 'video', mediaDevices: phone() });
    await media.acquire();
    const seen = [facingOf(media)];
    await media.switchCamera();
    seen.push(facingOf(media));
    await media.switchCamera();
    seen.push(facingOf(media));
    expect(seen).toEqual(['user', 'environment', 'user']);
    media.release();
  });

  it('goes to the next listed camera when no camera faces the other way (a laptop with a USB camera)', async () => {
    const media = new LocalMedia({ callType: 'video', mediaDevices: laptop() });
    const errors: string[] = [];
    media.on('error', (error) => errors.push(error.code));
    await media.acquire();
    await media.switchCamera();
    expect(media.state.videoDeviceId).toBe('usb');
    await media.switchCamera();
    expect(media.state.videoDeviceId).toBe('built-in');
    expect(errors).toEqual([]);
    media.release();
  });
});

describe('switchCamera with the camera off', () => {
  it('makes the camera come on as another one than it would open (after "Accept without video")', async () => {
    const devices = new FakeMediaDevices(); // cam-1 (the default, opened when none is asked for), cam-2
    const media = new LocalMedia({ callType: 'video', mediaDevices: devices });
    await media.acquire({ video: false });
    await media.switchCamera();
    expect(devices.liveTracks.filter((track) => track.kind === 'video')).toEqual([]); // still off
    await media.setVideoMuted(false);
    expect(media.state.videoDeviceId).toBe('cam-2');
    media.release();
  });

  it('makes a phone camera come on facing the other way', async () => {
    const media = new LocalMedia({ callType: 'video', mediaDevices: phone() });
    await media.acquire(); // the front camera
    await media.setVideoMuted(true);
    await media.switchCamera();
    await media.setVideoMuted(false);
    expect([facingOf(media), media.state.videoDeviceId]).toEqual(['environment', 'back-wide']);
    await media.setVideoMuted(true);
    await media.switchCamera();
    await media.setVideoMuted(false);
    expect([facingOf(media), media.state.videoDeviceId]).toEqual(['user', 'front']);
    media.release();
  });

  it('makes the camera come on as the next listed one when no camera faces the other way', async () => {
    const media = new LocalMedia({ callType: 'video', mediaDevices: laptop() });
    await media.acquire(); // the built-in camera, facing the user
    await media.setVideoMuted(true);
    await media.switchCamera(); // only turning the camera on can tell that no camera faces the other way
    await media.setVideoMuted(false);
    expect(media.state).toMatchObject({ videoMuted: false, videoDeviceId: 'usb' });
    media.release();
  });
});
