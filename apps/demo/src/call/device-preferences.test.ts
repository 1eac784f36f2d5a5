// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { setDevicePreference, useDevicePreferences } from './device-preferences.js';

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
});
