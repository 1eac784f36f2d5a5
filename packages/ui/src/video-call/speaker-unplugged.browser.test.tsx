/**
 * The speaker chosen for calls (a headset) is unplugged mid-call, real engine, real Chromium: `<VideoCall>` moves
 * the call's sound to the system output (the laptop's loudspeakers, where everyone in the room hears the caller)
 * and says so, as it does of a microphone that another one replaced: a `media-device-fallback` error to
 * `onActionError` and a sentence for screen readers, once per loss.
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import '../styles.css';
import { defaultLabels } from '../labels.js';
import { ChooseHeadset, speaker } from '../test-support/speakers.js';
import { VideoCall } from './VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const clients: CallClient[] = [];
const streams: SyntheticStream[] = [];
afterEach(async () => {
  cleanup();
  for (const client of clients.splice(0)) await client.destroy();
  for (const stream of streams.splice(0)) stream.stop();
  vi.restoreAllMocks();
});

it('the call’s speaker unplugged mid-call: the sound moves to the system output, and the user is told', async () => {
  let devices = [speaker('default'), speaker('headset')];
  let onChange: ((list: readonly MediaDeviceInfo[]) => void) | null = null;
  const mediaDevices = {
    list: async () => devices,
    watch: (listener: (list: readonly MediaDeviceInfo[]) => void) => {
      onChange = listener;
      return () => {
        onChange = null;
      };
    },
  };
  /** The headset's battery dies, or it is plugged in again: the browser lists it or not. */
  const plugged = (headset: boolean) => {
    devices = headset ? [speaker('default'), speaker('headset')] : [speaker('default')];
    act(() => onChange?.(devices));
  };
  const setSinkId = vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockImplementation(function (
    this: HTMLMediaElement,
    id: string,
  ) {
    Object.defineProperty(this, 'sinkId', { value: id, configurable: true });
    return Promise.resolve();
  });
  const network = new MemoryNetwork({ latencyMs: 2 });
  const alice = new CallClient({ transport: network.createTransport(ALICE) });
  const bob = new CallClient({ transport: network.createTransport(BOB) });
  clients.push(alice, bob);
  const synthetic = (label: string) => {
    const stream = createSyntheticStream({ label, video: false, volume: 0.01 });
    streams.push(stream);
    return stream.stream;
  };
  bob.on('incomingCall', ({ session }) => void session.accept({}, { stream: synthetic('bob') }));
  const errors: string[] = [];
  const { container } = render(
    <CallProvider client={alice} options={{ mediaDevices }}>
      <ChooseHeadset />
      <VideoCall
        getLocalStream={() => synthetic('alice')}
        onActionError={(error) => errors.push((error as { code?: string }).code ?? String(error))}
      />
    </CallProvider>,
  );
  const view = within(container);
  act(() => view.getByRole('button', { name: 'Speaker: system' }).click());
  await view.findByRole('button', { name: 'Speaker: headset' });
  await alice.createSession([BOB], 'audio').start({}, { stream: synthetic('alice') });
  await vi.waitFor(() => expect(container.querySelectorAll('audio')).toHaveLength(1), { timeout: 15_000 });
  await vi.waitFor(() => expect(setSinkId).toHaveBeenLastCalledWith('headset'), { timeout: 10_000 });
  // Each sentence said is a paragraph of a live region.
  const toldOfSpeaker = () =>
    [...container.querySelectorAll('[role="status"] p, [role="alert"] p')].filter(
      (sentence) => sentence.textContent === defaultLabels.speakerSwitched,
    ).length;
  expect({ errors, told: toldOfSpeaker() }).toEqual({ errors: [], told: 0 });

  plugged(false);
  await vi.waitFor(() => expect(setSinkId).toHaveBeenLastCalledWith(''), { timeout: 10_000 });
  await vi.waitFor(() => expect(toldOfSpeaker()).toBe(1), { timeout: 5_000 });
  await new Promise((resolve) => setTimeout(resolve, 500)); // time for a second report to come
  expect(errors).toEqual(['media-device-fallback']);

  // Plugged in again, the sound goes back to it; lost again, it is told again.
  plugged(true);
  await vi.waitFor(() => expect(setSinkId).toHaveBeenLastCalledWith('headset'), { timeout: 10_000 });
  plugged(false);
  await vi.waitFor(() => expect(errors).toEqual(['media-device-fallback', 'media-device-fallback']), {
    timeout: 5_000,
  });
});
