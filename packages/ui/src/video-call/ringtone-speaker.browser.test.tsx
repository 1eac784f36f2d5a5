/**
 * `<VideoCall>` rings on the speaker its calls play on (`useAudioOutput`, the Devices panel, `<VideoCall sinkId>`),
 * real engine, real Chromium: a user on a headset, with the desk's loudspeakers turned down, hears the phone ring.
 */
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import '../styles.css';
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
  vi.unstubAllGlobals();
});

const mediaDevices = {
  list: async () => [speaker('default'), speaker('headset'), speaker('monitor')],
  watch: () => () => {},
};

/** Where each ringtone was sent: audio contexts (built-in tone) and media elements (a file), as they are routed. */
function watchRouting(): string[] {
  const routed: string[] = [];
  const record = async (id: string) => {
    routed.push(id);
  };
  const contexts = AudioContext.prototype as AudioContext & { setSinkId(id: string): Promise<void> };
  vi.spyOn(contexts, 'setSinkId').mockImplementation(record);
  vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockImplementation(record);
  return routed;
}

const cases = [
  { ringtone: true, kind: 'the built-in tone', appSinkId: undefined, expected: 'headset' },
  { ringtone: '/ring.ogg', kind: 'an audio file', appSinkId: undefined, expected: 'headset' },
  { ringtone: true, kind: 'the built-in tone', appSinkId: 'monitor', expected: 'monitor' },
] as const;

for (const { ringtone, kind, appSinkId, expected } of cases) {
  it(`${kind} rings on the speaker ${appSinkId ? 'the app sets' : 'chosen for calls'}`, async () => {
    const tone = createSyntheticStream({ label: 'alice', video: false, volume: 0.01 });
    streams.push(tone);
    const routed = watchRouting();
    const network = new MemoryNetwork({ latencyMs: 2 });
    const alice = new CallClient({ transport: network.createTransport(ALICE) });
    const bob = new CallClient({ transport: network.createTransport(BOB) });
    clients.push(alice, bob);
    const { container } = render(
      <CallProvider client={bob} options={{ mediaDevices }}>
        <ChooseHeadset />
        <VideoCall ringtone={ringtone} sinkId={appSinkId} />
      </CallProvider>,
    );
    const view = within(container);
    act(() => view.getByRole('button', { name: 'Speaker: system' }).click());
    await view.findByRole('button', { name: 'Speaker: headset' });

    await alice.createSession([BOB], 'audio').start({}, { stream: tone.stream });
    await view.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    await vi.waitFor(() => expect(routed).toContain(expected), { timeout: 5_000 });
    expect(routed.filter((id) => id !== expected)).toEqual([]);
  });
}
