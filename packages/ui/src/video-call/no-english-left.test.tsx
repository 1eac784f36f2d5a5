// @vitest-environment jsdom
/**
 * <VideoCall> with every label translated (a pseudo-locale written in Cyrillic, names in
 * Cyrillic too) says nothing in English: visible text, aria-label, title, alt, live regions.
 */
import { type CloseReason, MeshcallError, type UserId } from '@meshcall/core';
import { CallProvider, useAudioOutput } from '@meshcall/hooks';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient, fakeStats } from '../../../hooks/src/test-utils/fakeClient.js';
import { defaultLabels, type MeshcallLabels } from '../labels.js';
import { VideoCall } from './VideoCall.js';

afterEach(cleanup);

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';
const NAMES: Record<string, string> = {
  'alice@example.test': 'Алиса',
  [BOB]: 'Борис',
  [CAROL]: 'Карина',
  [DAVE]: 'Денис',
};
const nameOf = (id: UserId) => NAMES[id] ?? 'Кто-то';

/** Every label in the pseudo-locale: `Ж` and the values it embeds (never a user id). */
const show = (v: unknown): string =>
  Array.isArray(v) ? v.map(show).join(',') : typeof v === 'string' || typeof v === 'number' ? String(v) : '';
const PSEUDO = Object.fromEntries(
  Object.entries(defaultLabels).map(([key, value], i) => {
    if (key === 'endReasons') return [key, Object.fromEntries(Object.keys(value).map((r, j) => [r, `Ж-причина-${j}`]))];
    if (key === 'duration') return [key, (ms: number) => `Ж${Math.round(ms / 1000)}`];
    if (typeof value === 'function') return [key, (a: unknown) => `Ж${i}(${show(a)})`];
    return [key, `Ж${i}`];
  }),
) as unknown as MeshcallLabels;

/** Latin words in `root`'s text and attributes. A caller's address (under the name when a call rings) is data. */
function english(root: ParentNode, into: Set<string>) {
  const walker = document.createTreeWalker(root as Node, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    if (/[A-Za-z]{2,}/.test(text) && !(text in NAMES)) into.add(`text: ${text}`);
  }
  for (const el of root.querySelectorAll('*')) {
    for (const attr of ['aria-label', 'title', 'alt', 'placeholder', 'aria-valuetext', 'aria-roledescription']) {
      const value = el.getAttribute(attr);
      if (value && /[A-Za-z]{2,}/.test(value)) into.add(`${attr}: ${value}`);
    }
  }
  if (/[A-Za-z]{2,}/.test(document.title)) into.add(`document.title: ${document.title}`);
}

/** How a test chooses the speaker for calls, as a lobby picker would (`useAudioOutput`). */
interface SpeakerPicker {
  select: (deviceId: string | null) => void;
}
function SpeakerPicker({ picker }: { picker: SpeakerPicker }) {
  picker.select = useAudioOutput().select;
  return null;
}

/** Alice's `<VideoCall>` in the pseudo-locale, over a fake client. */
function renderTranslated() {
  const client = new FakeClient('alice@example.test');
  const { container } = render(
    <CallProvider client={client}>
      <VideoCall labels={PSEUDO} getDisplayName={nameOf} statsInterval={0} />
    </CallProvider>,
  );
  return { client, container };
}

describe('<VideoCall> fully translated', () => {
  it('shows and says no English in any screen: ringing, calling, a group call in every state, end screens', () => {
    const found = new Set<string>();
    const { client, container } = renderTranslated();
    const look = () => english(container, found);

    // Incoming group call.
    let incoming!: ReturnType<FakeClient['ring']>;
    act(() => {
      incoming = client.ring(BOB, 'video', [CAROL]);
    });
    look();
    act(() => incoming.close('cancelled'));
    look();

    // Outgoing group call that goes live, with every badge and announcement.
    let session!: ReturnType<FakeClient['createSession']>;
    act(() => {
      session = client.createSession([BOB, CAROL, DAVE], 'video');
    });
    act(() => session.setState('pending'));
    look();
    act(() => {
      session.setState('active');
      session.setPeerState(BOB, 'connecting');
      session.setPeerState(CAROL, 'wait');
    });
    look();
    act(() => {
      session.setPeerState(BOB, 'connected');
      session.setPeerState(CAROL, 'connected');
      session.setRemoteMedia(CAROL, { audioMuted: true, videoMuted: true, screenSharing: false });
    });
    look();
    for (let i = 0; i < 3; i++) act(() => session.emitStats([{ ...fakeStats(BOB, 900 + i), packetLoss: 0.2 }]));
    act(() => session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: true }));
    act(() => session.setPeerState(CAROL, 'disconnected'));
    look();
    act(() => session.setPeerState(DAVE, 'notAnswered'));
    act(() => session.setPeerState(CAROL, 'disconnectTimeout'));
    look();
    act(() => session.emitError('media-device-failed' as never));
    look();
    act(() => session.setPeerState(BOB, 'disconnected'));
    look();
    act(() => session.close('connectionLost'));
    look();

    expect([...found]).toEqual([]);
  });

  it('says no English when the speaker chosen for calls is unplugged', async () => {
    // jsdom cannot route sound: as a browser that can, with a headset listed and then gone.
    Object.defineProperty(HTMLMediaElement.prototype, 'setSinkId', { value: async () => {}, configurable: true });
    const speaker = (deviceId: string) =>
      ({ deviceId, groupId: '', kind: 'audiooutput', label: deviceId }) as MediaDeviceInfo;
    let unplug = () => {};
    const mediaDevices = {
      list: async () => [speaker('default'), speaker('headset')],
      watch: (listener: (list: readonly MediaDeviceInfo[]) => void) => {
        unplug = () => listener([speaker('default')]);
        return () => {};
      },
    };
    const picker: SpeakerPicker = { select: () => {} };
    const client = new FakeClient('alice@example.test');
    const { container } = render(
      <CallProvider client={client} options={{ mediaDevices }}>
        <SpeakerPicker picker={picker} />
        <VideoCall labels={PSEUDO} getDisplayName={nameOf} statsInterval={0} />
      </CallProvider>,
    );
    try {
      let session!: ReturnType<FakeClient['createSession']>;
      act(() => {
        session = client.createSession([BOB], 'audio');
      });
      act(() => session.setState('active'));
      await act(async () => undefined); // the first listing of the devices
      act(() => picker.select('headset'));
      act(() => unplug());
      const found = new Set<string>();
      english(container, found);
      expect({ found: [...found], told: container.textContent?.includes(PSEUDO.speakerSwitched) }).toEqual({
        found: [],
        told: true,
      });
    } finally {
      Reflect.deleteProperty(HTMLMediaElement.prototype, 'setSinkId');
    }
  });

  it('says no English, and no word of the camera, when the screen cannot be shared', async () => {
    const { client, container } = renderTranslated();
    let session!: ReturnType<FakeClient['createSession']>;
    act(() => {
      session = client.createSession([BOB], 'video');
    });
    act(() => session.setState('active'));
    // The app's own "Present" button: the engine's error, which says it was the screen.
    const failure = new MeshcallError('media-device-busy', 'The screen could not be started', { source: 'screen' });
    act(() => session.events.emit('error', { error: failure }));
    await act(() => new Promise((resolve) => setTimeout(resolve, 0))); // told after the current task
    const found = new Set<string>();
    english(container, found);
    const text = container.textContent ?? '';
    expect({
      found: [...found],
      screen: text.includes(PSEUDO.screenShareFailed),
      device: text.includes(PSEUDO.deviceUnavailable),
    }).toEqual({ found: [], screen: true, device: false });
  });

  it.each(['hungUp', 'remoteEnded', 'notAnswered', 'busy', 'mediaError', 'rejected'] as CloseReason[])(
    'end screen after %s says no English',
    (reason) => {
      const found = new Set<string>();
      const { client, container } = renderTranslated();
      let session!: ReturnType<FakeClient['createSession']>;
      act(() => {
        session = client.createSession([BOB], 'audio');
      });
      act(() => session.setState('pending'));
      act(() => session.setPeerState(BOB, reason === 'busy' ? ('rejected' as never) : 'connected'));
      act(() => session.close(reason));
      english(container, found);
      expect([...found]).toEqual([]);
    },
  );
});
