// @vitest-environment jsdom
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DevicePicker } from './DevicePicker.js';

/**
 * A computer with the given devices, whose names the browser reveals once a kind was opened. `fail` decides
 * how a request fails (by what it asks for), or lets it through.
 */
function fakeDevices(listed: readonly MediaDeviceKind[], fail: (constraints: MediaStreamConstraints) => string | null) {
  const named = new Set<string>();
  const getUserMedia = vi.fn(async (constraints: MediaStreamConstraints) => {
    const name = fail(constraints);
    if (name) throw new DOMException('refused', name);
    if (constraints.audio) named.add('audioinput');
    if (constraints.video) named.add('videoinput');
    return { getTracks: () => [] } as unknown as MediaStream;
  });
  const labels: Record<string, string> = { audioinput: 'USB Microphone', videoinput: 'HD Webcam' };
  Object.defineProperty(navigator, 'mediaDevices', {
    configurable: true,
    value: {
      getUserMedia,
      enumerateDevices: async () =>
        listed.map((kind) => ({
          kind,
          deviceId: named.has(kind) ? `${kind}-1` : '',
          groupId: '',
          label: named.has(kind) ? (labels[kind] ?? '') : '',
        })),
      addEventListener() {},
      removeEventListener() {},
    },
  });
  return getUserMedia;
}

const clients: CallClient[] = [];

afterEach(async () => {
  cleanup();
  for (const client of clients.splice(0)) await client.destroy();
  Reflect.deleteProperty(navigator, 'mediaDevices');
});

async function showDeviceNames() {
  const client = new CallClient({ transport: new MemoryNetwork().createTransport('alice@localhost') });
  clients.push(client);
  render(
    <CallProvider client={client}>
      <DevicePicker />
    </CallProvider>,
  );
  fireEvent.click(await screen.findByRole('button', { name: 'Show device names' }));
}

describe('DevicePicker: "Show device names"', () => {
  it('on a computer without a camera, asks for the microphone alone and names it', async () => {
    const getUserMedia = fakeDevices(['audioinput'], (constraints) => (constraints.video ? 'NotFoundError' : null));
    await showDeviceNames();
    await screen.findByRole('option', { name: 'USB Microphone' });
    expect(getUserMedia.mock.calls.map(([constraints]) => constraints)).toEqual([{ audio: true, video: false }]);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names the microphone when the camera is busy, and says the camera is in use rather than blocked', async () => {
    fakeDevices(['audioinput', 'videoinput'], (constraints) => (constraints.video ? 'NotReadableError' : null));
    await showDeviceNames();
    await screen.findByRole('option', { name: 'USB Microphone' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the camera is in use by another app');
    expect(alert.textContent).not.toContain('blocked');
  });

  it('says access was blocked when it was, without asking again per device', async () => {
    const getUserMedia = fakeDevices(['audioinput', 'videoinput'], () => 'NotAllowedError');
    await showDeviceNames();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the browser blocked access to the microphone and camera');
    expect(getUserMedia).toHaveBeenCalledTimes(1);
  });
});
