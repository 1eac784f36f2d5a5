// @vitest-environment jsdom
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { act, renderHook } from '@testing-library/react';
import { createElement, type ReactNode } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setDevicePreference, useDevicePreferences, usePickedDevicesForCalls } from './device-preferences.js';

const KEY = 'meshcall-demo:devices';

/** What another window of the demo does: write the shared storage, which fires `storage` here. */
function pickInOtherWindow(picks: Record<string, string>) {
  const value = JSON.stringify(picks);
  localStorage.setItem(KEY, value);
  window.dispatchEvent(new StorageEvent('storage', { key: KEY, newValue: value, storageArea: localStorage }));
}

beforeEach(() => {
  setDevicePreference('audioinput', '');
  setDevicePreference('videoinput', '');
  setDevicePreference('audiooutput', '');
});

describe('device preferences', () => {
  it('keeps a pick another window stored meanwhile when this one picks another kind', () => {
    setDevicePreference('audiooutput', 'speaker-1');
    // Another window picks a camera; this one has not heard of it (no event) when it picks a microphone.
    localStorage.setItem(KEY, JSON.stringify({ audiooutput: 'speaker-1', videoinput: 'camera-2' }));
    setDevicePreference('audioinput', 'mic-2');
    expect(JSON.parse(localStorage.getItem(KEY) ?? '{}')).toEqual({
      audiooutput: 'speaker-1',
      videoinput: 'camera-2',
      audioinput: 'mic-2',
    });
  });

  it('shows a pick made in another window at once', () => {
    const { result } = renderHook(() => useDevicePreferences());
    expect(result.current).toEqual({});
    act(() => pickInOtherWindow({ videoinput: 'camera-2' }));
    expect(result.current).toEqual({ videoinput: 'camera-2' });
  });

  it('hands the picked microphone and camera to the call client, from the start and after every pick', async () => {
    setDevicePreference('audioinput', 'mic-2');
    setDevicePreference('audiooutput', 'speaker-1');
    const client = new CallClient({ transport: new MemoryNetwork().createTransport('alice@localhost') });
    const wrapper = ({ children }: { children: ReactNode }) => createElement(CallProvider, { client }, children);
    const { unmount } = renderHook(() => usePickedDevicesForCalls(), { wrapper });
    expect(client.preferredDevices).toEqual({ audioinput: 'mic-2', videoinput: null });

    act(() => setDevicePreference('videoinput', 'camera-2'));
    expect(client.preferredDevices).toEqual({ audioinput: 'mic-2', videoinput: 'camera-2' });
    act(() => pickInOtherWindow({ videoinput: 'camera-3' }));
    expect(client.preferredDevices).toEqual({ audioinput: null, videoinput: 'camera-3' });
    unmount();
    await client.destroy();
  });
});
