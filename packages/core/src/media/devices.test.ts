import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeMediaDevices, fakeDevice } from '../testing/fake-media.js';
import { groupMediaDevices, listMediaDevices, resolveMediaDevices, watchMediaDevices } from './devices.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('groupMediaDevices', () => {
  it('groups by kind in browser order and drops duplicate ids', () => {
    const groups = groupMediaDevices([
      fakeDevice('videoinput', 'cam-b'),
      fakeDevice('audioinput', 'default', 'Default - Mic'),
      fakeDevice('audioinput', 'mic-a'),
      fakeDevice('videoinput', 'cam-a'),
      fakeDevice('videoinput', 'cam-b', 'duplicate'),
      fakeDevice('audiooutput', 'spk'),
    ]);
    expect(groups.videoinput.map((d) => d.deviceId)).toEqual(['cam-b', 'cam-a']);
    expect(groups.audioinput.map((d) => d.deviceId)).toEqual(['default', 'mic-a']);
    expect(groups.audiooutput.map((d) => d.deviceId)).toEqual(['spk']);
  });

  it('keeps the anonymous entries browsers list before permission', () => {
    const groups = groupMediaDevices([fakeDevice('videoinput', '', ''), fakeDevice('audioinput', '', '')]);
    expect(groups.videoinput).toHaveLength(1);
    expect(groups.audioinput).toHaveLength(1);
  });
});

describe('listMediaDevices', () => {
  it('lists an injected MediaDevices', async () => {
    const devices = new FakeMediaDevices();
    const groups = await listMediaDevices(devices);
    expect(groups.videoinput.map((d) => d.deviceId)).toEqual(['cam-1', 'cam-2']);
    expect(groups.audioinput.map((d) => d.deviceId)).toEqual(['mic-1', 'mic-2']);
  });

  it('returns empty lists without navigator (server) or without mediaDevices (insecure origin)', async () => {
    expect(typeof navigator === 'undefined' || !('mediaDevices' in navigator)).toBe(true);
    expect(resolveMediaDevices()).toBeNull();
    expect(await listMediaDevices()).toEqual({ audioinput: [], videoinput: [], audiooutput: [] });
    vi.stubGlobal('navigator', {});
    expect(resolveMediaDevices()).toBeNull();
    expect(await listMediaDevices()).toEqual({ audioinput: [], videoinput: [], audiooutput: [] });
  });

  it('falls back to navigator.mediaDevices', async () => {
    const devices = new FakeMediaDevices([fakeDevice('videoinput', 'only-cam')]);
    vi.stubGlobal('navigator', { mediaDevices: devices });
    expect(resolveMediaDevices()).toBe(devices);
    expect((await listMediaDevices()).videoinput.map((d) => d.deviceId)).toEqual(['only-cam']);
  });
});

describe('watchMediaDevices', () => {
  it('delivers the fresh list on devicechange until unsubscribed', async () => {
    const devices = new FakeMediaDevices();
    const seen: string[][] = [];
    const stop = watchMediaDevices((groups) => seen.push(groups.videoinput.map((d) => d.deviceId)), devices);
    devices.devices = [fakeDevice('videoinput', 'usb-cam')];
    devices.dispatchEvent(new Event('devicechange'));
    await vi.waitFor(() => expect(seen).toEqual([['usb-cam']]));
    stop();
    stop();
    devices.dispatchEvent(new Event('devicechange'));
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toHaveLength(1);
  });

  it('drops an older enumeration that finishes after a newer one', async () => {
    const devices = new FakeMediaDevices();
    const resolvers: Array<(list: MediaDeviceInfo[]) => void> = [];
    devices.enumerateDevices = () => new Promise((resolve) => resolvers.push(resolve));
    const seen: string[][] = [];
    watchMediaDevices((groups) => seen.push(groups.videoinput.map((d) => d.deviceId)), devices);
    devices.dispatchEvent(new Event('devicechange'));
    devices.dispatchEvent(new Event('devicechange'));
    resolvers[1]?.([fakeDevice('videoinput', 'newer')]);
    resolvers[0]?.([fakeDevice('videoinput', 'older')]);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([['newer']]);
  });

  it('is a harmless no-op without media devices', () => {
    const stop = watchMediaDevices(() => {});
    expect(() => stop()).not.toThrow();
  });
});
