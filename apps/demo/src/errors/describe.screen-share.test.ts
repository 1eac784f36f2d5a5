/**
 * What the demo's error toast says when sharing the screen fails. The error is the engine's own (LocalMedia, as a
 * call runs it), with a browser that could not start the capture.
 */
import { LocalMedia, MeshcallError } from '@meshcall/core';
import { expect, it } from 'vitest';
import { FakeMediaDevices } from '../../../../packages/core/src/testing/fake-media.js';
import { describeCallError } from './describe.js';

it('tells a screen share that could not start as the screen’s, not the camera’s or microphone’s', async () => {
  const devices = new FakeMediaDevices();
  const media = new LocalMedia({ callType: 'video', mediaDevices: devices });
  await media.acquire();
  devices.failures.push(new DOMException('Could not start video source', 'NotReadableError'));
  const error = await media.startScreenShare().then(
    () => null,
    (failure: unknown) => failure,
  );
  media.release();
  expect(error).toBeInstanceOf(MeshcallError);
  const text = describeCallError(error as MeshcallError);
  expect(text).toMatch(/screen/i);
  expect(text).not.toMatch(/camera|microphone/i);
});

it('still tells a camera held by another app as the camera’s', () => {
  const error = new MeshcallError('media-device-busy', 'The camera could not be started', { source: 'camera' });
  expect(describeCallError(error)).toMatch(/camera/i);
});
