/**
 * The signed-in demo in real Chromium (fake camera and microphone): two or three workspaces in one page, each
 * with its own real `CallClient` over the in-memory network, driven only through the UI and its test ids —
 * the same ids the end-to-end suite uses against the real server.
 */
import '@meshcall/ui/styles.css';
import '../demo.css';
import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, waitFor, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import axe from 'axe-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { setDevicePreference } from '../call/device-preferences.js';
import { resolveSettings } from '../config/settings.js';
import { Workspace } from './Workspace.js';

const settings = resolveSettings(new URLSearchParams('?ring=0'), {}, {});
const WAIT = { timeout: 20_000 };

let network: MemoryNetwork;
let clients: CallClient[];

beforeEach(() => {
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
});

afterEach(async () => {
  cleanup();
  for (const client of clients) await client.destroy();
});

/** Signs `name` in (a client on the network) and renders their workspace in a box of its own. */
function signIn(name: string) {
  const client = new CallClient({ transport: network.createTransport(`${name}@localhost`), statsInterval: 300 });
  clients.push(client);
  const { container } = render(
    <div data-user={name}>
      <CallProvider client={client}>
        <Workspace jid={client.localUser} settings={settings} onSignOut={() => undefined} />
      </CallProvider>
    </div>,
  );
  const box = container.querySelector<HTMLElement>(`[data-user="${name}"]`);
  if (!box) throw new Error('not mounted');
  return within(box);
}

type Screen = ReturnType<typeof signIn>;

async function remoteVideoWidth(screen: Screen, who: string): Promise<number> {
  const video = await screen.findByTestId(`remote-video-${who}`, undefined, WAIT);
  return video instanceof HTMLVideoElement ? video.videoWidth : 0;
}

async function expectVideoFrom(screen: Screen, who: string) {
  await waitFor(async () => expect(await remoteVideoWidth(screen, who)).toBeGreaterThan(0), WAIT);
}

/** `caller` calls `callee` (`callType`) from the contact list, `callee` accepts, and both see the call active. */
async function callAndAnswer(caller: Screen, callee: Screen, calleeName: string, callType: 'audio' | 'video') {
  const user = userEvent.setup();
  await waitFor(() => expect(caller.getByTestId(`contact-${calleeName}`).dataset.online).toBe('true'), WAIT);
  await user.click(caller.getByTestId(`call-${callType}-${calleeName}`));
  await user.click(await callee.findByTestId('accept-call', undefined, WAIT));
  await waitFor(() => expect(caller.getByTestId('call-status').dataset.state).toBe('active'), WAIT);
  await waitFor(() => expect(callee.getByTestId('call-status').dataset.state).toBe('active'), WAIT);
}

/** The call `client` is in. */
function liveSession(client: CallClient | undefined) {
  const [session] = client?.sessions.values() ?? [];
  if (!session) throw new Error('not in a call');
  return session;
}

describe('the signed-in demo', () => {
  it('calls a contact, shows both videos and live figures, mutes, and ends with the reason on both sides', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');

    await waitFor(() => expect(alice.getByTestId('contact-bob').dataset.online).toBe('true'), WAIT);
    expect(alice.getByTestId('contact-carol').dataset.online).toBe('false');

    await user.click(alice.getByTestId('call-video-bob'));
    await alice.findByTestId('outgoing-call', undefined, WAIT);
    const incoming = await bob.findByTestId('incoming-call', undefined, WAIT);
    expect(incoming.dataset.caller).toBe('alice@localhost');
    await user.click(bob.getByTestId('accept-call'));

    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(bob, 'alice');
    expect(alice.getByTestId('call-view').dataset.callType).toBe('video');
    await waitFor(() => expect(alice.getByTestId('call-status').dataset.state).toBe('active'), WAIT);

    // The details panel: open it if the window is narrow, then wait for real figures.
    if (!alice.queryByTestId('quality-panel')) await user.click(alice.getByTestId('toggle-details'));
    const row = await alice.findByTestId('quality-row-bob', undefined, WAIT);
    await waitFor(() => expect(within(row).getByText(/\d+ ms/)).toBeTruthy(), WAIT);
    await waitFor(() => expect(row.querySelector('[data-metric="in"]')?.textContent).toMatch(/b\/s$/), WAIT);

    await user.click(bob.getByTestId('toggle-mic'));
    await waitFor(
      () => expect(alice.getByTestId('remote-tile-bob').querySelector('.meshcall-tile__muted')).not.toBeNull(),
      WAIT,
    );

    await user.click(alice.getByTestId('hang-up'));
    const bobEnded = await bob.findByTestId('call-ended', undefined, WAIT);
    expect(bobEnded.dataset.reason).toBe('remoteEnded');
    expect((await alice.findByTestId('call-ended', undefined, WAIT)).dataset.reason).toBe('hungUp');
    await user.click(alice.getByTestId('ended-close'));
    await alice.findByTestId('contact-bob', undefined, WAIT);
  });

  it('tells the caller who declined', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');
    await waitFor(() => expect(alice.getByTestId('contact-bob').dataset.online).toBe('true'), WAIT);

    await user.click(alice.getByTestId('call-audio-bob'));
    await user.click(await bob.findByTestId('reject-call', undefined, WAIT));
    const ended = await alice.findByTestId('call-ended', undefined, WAIT);
    expect(ended.dataset.reason).toBe('remoteEnded');
    expect(ended.textContent).toContain('Bob declined the call.');
    // The one who declined gets no end screen, just the lobby back.
    expect(bob.queryByTestId('call-ended')).toBeNull();
    expect(bob.getByTestId('contact-alice')).toBeTruthy();
  });

  it('on a phone-width screen, ticking a contact for a group call keeps the page within the screen', async () => {
    await page.viewport(360, 700);
    try {
      const user = userEvent.setup();
      const alice = signIn('alice');
      signIn('bob');
      await waitFor(() => expect(alice.getByTestId('contact-bob').dataset.online).toBe('true'), WAIT);
      const sideways = () => document.documentElement.scrollWidth - document.documentElement.clientWidth;
      expect(sideways()).toBeLessThanOrEqual(0);
      await user.click(alice.getByTestId('select-bob'));
      expect(alice.getByTestId('group-bar')).toBeTruthy();
      // The group bar's buttons wrap instead of widening the Contacts card past the screen.
      expect(sideways()).toBeLessThanOrEqual(0);
      const video = alice.getByTestId('group-call-video').getBoundingClientRect();
      expect(video.right).toBeLessThanOrEqual(360);
    } finally {
      await page.viewport(414, 896); // vitest's default
    }
  });

  it('runs a group call of three from the contact list', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');
    const carol = signIn('carol');
    await waitFor(() => expect(alice.getByTestId('online-count').textContent).toBe('2 online'), WAIT);

    await user.click(alice.getByTestId('select-bob'));
    await user.click(alice.getByTestId('select-carol'));
    expect(alice.getByTestId('group-bar').textContent).toContain('Bob, Carol');
    await user.click(alice.getByTestId('group-call-video'));
    await user.click(await bob.findByTestId('accept-call', undefined, WAIT));
    await user.click(await carol.findByTestId('accept-call', undefined, WAIT));

    await expectVideoFrom(alice, 'bob');
    await expectVideoFrom(alice, 'carol');
    await expectVideoFrom(bob, 'alice');
    await expectVideoFrom(bob, 'carol');
    await expectVideoFrom(carol, 'alice');
    await expectVideoFrom(carol, 'bob');
  });
});

describe('signing in', () => {
  it('leaves the focus at the start of the main area, whence Tab reaches its first control', async () => {
    const user = userEvent.setup();
    (document.activeElement as HTMLElement | null)?.blur();
    const alice = signIn('alice');
    const main = alice.getByRole('main');
    expect(document.activeElement).toBe(main);
    await user.tab();
    expect(main.contains(document.activeElement)).toBe(true);
  });
});

describe('the contact list', () => {
  it('still lists a contact added by hand after a call', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    await user.type(alice.getByTestId('add-contact-input'), 'erin');
    await user.click(alice.getByTestId('add-contact'));
    await alice.findByTestId('contact-erin');

    // Erin is not online: the call rings nobody; Alice gives up.
    await user.click(alice.getByTestId('call-audio-erin'));
    await user.click(await alice.findByTestId('cancel-call', undefined, WAIT));
    await waitFor(
      () => expect(alice.queryByTestId('ended-close') ?? alice.queryByTestId('add-contact-input')).not.toBeNull(),
      WAIT,
    );
    const close = alice.queryByTestId('ended-close');
    if (close) await user.click(close);
    await alice.findByTestId('add-contact-input', undefined, WAIT);
    expect(alice.getByTestId('contact-erin').dataset.presence).toBe('unknown');
  });
});

describe('the call details', () => {
  it('point the toggle only at a panel that is there, with no serious axe violations', async () => {
    const user = userEvent.setup();
    const alice = signIn('alice');
    const bob = signIn('bob');
    await callAndAnswer(alice, bob, 'bob', 'video');
    const seriousViolations = async () =>
      (await axe.run(document, { resultTypes: ['violations'] })).violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
    // The test page is narrow (under 1100 px): the panel starts closed, so not in the page.
    expect(await seriousViolations()).toEqual([]);
    const toggle = alice.getByTestId('toggle-details');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    const controls = toggle.getAttribute('aria-controls');
    expect(controls === null || document.getElementById(controls) !== null).toBe(true);

    await user.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const panelId = toggle.getAttribute('aria-controls');
    expect(panelId && document.getElementById(panelId)?.contains(alice.getByTestId('quality-panel'))).toBe(true);
    expect(await seriousViolations()).toEqual([]);
  });
});

/**
 * The demo only hands the picks to the client (`setPreferredDevices`); the engine opens and stops the devices.
 * These tests watch `getUserMedia`, which the engine calls, so they fail when the picks do not reach the client.
 */
describe('the call’s camera and microphone', () => {
  const realGetUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  /** Every stream getUserMedia gave, in order. */
  let opened: MediaStream[];
  /** The microphone each getUserMedia call asked for, in order (`undefined`: the browser's choice). */
  let askedMicrophones: (string | undefined)[];
  /** When set, the system default microphone is held by another app: only this one opens. */
  let onlyWorkingMicrophone: string | null;

  beforeEach(() => {
    opened = [];
    askedMicrophones = [];
    onlyWorkingMicrophone = null;
    navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const audio = constraints?.audio;
      const wanted = typeof audio === 'object' ? audio.deviceId : undefined;
      const id = typeof wanted === 'object' && !Array.isArray(wanted) ? (wanted.exact ?? wanted.ideal) : wanted;
      const microphone = typeof id === 'string' ? id : undefined;
      if (audio) askedMicrophones.push(microphone);
      if (onlyWorkingMicrophone && audio && microphone !== onlyWorkingMicrophone) {
        throw new DOMException('Could not start audio source', 'NotReadableError');
      }
      const stream = await realGetUserMedia(constraints);
      opened.push(stream);
      return stream;
    };
  });

  afterEach(() => {
    navigator.mediaDevices.getUserMedia = realGetUserMedia;
    for (const kind of ['audioinput', 'videoinput', 'audiooutput'] as const) setDevicePreference(kind, '');
  });

  /** A microphone that is not the system default (Chromium's fake devices list two more). */
  async function otherMicrophone(): Promise<string> {
    const probe = await realGetUserMedia({ audio: true });
    for (const track of probe.getTracks()) track.stop();
    const microphones = (await navigator.mediaDevices.enumerateDevices()).filter(
      (device) => device.kind === 'audioinput',
    );
    const defaultGroup = microphones.find((device) => device.deviceId === 'default')?.groupId;
    const other = microphones.find((device) => device.deviceId !== 'default' && device.groupId !== defaultGroup);
    if (!other) throw new Error('Chromium lists no second fake microphone');
    return other.deviceId;
  }

  it('uses the microphone picked in the lobby from the start, for calling, answering and calling again', async () => {
    const user = userEvent.setup();
    const microphone = await otherMicrophone();
    const alice = signIn('alice');
    const bob = signIn('bob');
    // Both workspaces share this page's remembered picks, as two tabs of one browser would.
    const picker = alice.getByTestId('device-audioinput') as HTMLSelectElement;
    await waitFor(() => expect([...picker.options].map((option) => option.value)).toContain(microphone), WAIT);
    await user.selectOptions(picker, microphone);
    // The system default microphone is now held by another app; the picked one works.
    onlyWorkingMicrophone = microphone;

    await callAndAnswer(alice, bob, 'bob', 'audio');
    expect(liveSession(clients[0]).localMedia.audioDeviceId).toBe(microphone);
    expect(liveSession(clients[1]).localMedia.audioDeviceId).toBe(microphone);

    await user.click(bob.getByTestId('hang-up'));
    await user.click(await alice.findByTestId('call-again', undefined, WAIT));
    // Either Bob's phone rings, or Alice is told her microphone failed.
    await waitFor(
      () => expect(bob.queryByTestId('incoming-call') ?? alice.queryByTestId('error-toast')).not.toBeNull(),
      WAIT,
    );
    expect(alice.queryAllByTestId('error-toast').map((toast) => toast.dataset.code)).toEqual([]);
    await waitFor(() => expect(liveSession(clients[0]).localMedia.audioDeviceId).toBe(microphone), WAIT);
  });

  it('goes ahead with the default microphone when the one picked earlier is gone, and says so', async () => {
    setDevicePreference('audioinput', 'unplugged-microphone');
    const alice = signIn('alice');
    const bob = signIn('bob');
    await callAndAnswer(alice, bob, 'bob', 'audio');
    // Alice's call asked for the picked microphone, and went ahead with the default one.
    expect(askedMicrophones[0]).toBe('unplugged-microphone');
    expect(liveSession(clients[0]).localMedia.audioDeviceId).toBe('default');
    // …and says so.
    await waitFor(
      () =>
        expect(alice.queryAllByTestId('error-toast').map((toast) => toast.dataset.code)).toEqual([
          'media-device-fallback',
        ]),
      WAIT,
    );
  });

  it('stops the devices picked in the lobby: the camera when it is turned off, everything when the call is over', async () => {
    const user = userEvent.setup();
    const microphone = await otherMicrophone();
    setDevicePreference('audioinput', microphone);
    const alice = signIn('alice');
    const bob = signIn('bob');
    await callAndAnswer(alice, bob, 'bob', 'video');
    const [aliceStream, bobStream] = opened;
    // The streams are those of the picked devices, which the demo no longer stops itself.
    for (const stream of [aliceStream, bobStream]) {
      expect(stream?.getAudioTracks()[0]?.getSettings().deviceId).toBe(microphone);
    }
    const aliceCamera = aliceStream?.getVideoTracks()[0];
    expect(aliceCamera?.readyState).toBe('live');

    await user.click(alice.getByTestId('toggle-camera'));
    await waitFor(() => expect(aliceCamera?.readyState).toBe('ended'), WAIT);

    await user.click(alice.getByTestId('hang-up'));
    await bob.findByTestId('call-ended', undefined, WAIT);
    const tracks = [aliceStream, bobStream].flatMap((stream) => stream?.getTracks() ?? []);
    await waitFor(() => expect(tracks.map((track) => track.readyState)).toEqual(tracks.map(() => 'ended')), WAIT);
  });

  it('offers no camera in an audio call’s details, and "System default" switches back to the default microphone', async () => {
    const user = userEvent.setup();
    const microphone = await otherMicrophone();
    setDevicePreference('audioinput', microphone);
    const alice = signIn('alice');
    const bob = signIn('bob');
    await callAndAnswer(alice, bob, 'bob', 'audio');
    await user.click(alice.getByTestId('toggle-details'));
    const panel = alice.getByRole('complementary', { name: 'Call details' });
    expect(within(panel).queryByTestId('device-videoinput')).toBeNull();

    const picker = within(panel).getByTestId('device-audioinput') as HTMLSelectElement;
    await waitFor(() => expect(picker.value).toBe(microphone), WAIT);
    await user.selectOptions(picker, '');
    await waitFor(() => expect(liveSession(clients[0]).localMedia.audioDeviceId).toBe('default'), WAIT);
    expect(picker.value).toBe('');
    // …and later calls are left to the browser's choice too, not pinned to the device switched to now.
    await waitFor(() => expect(clients[0]?.preferredDevices.audioinput ?? null).toBeNull(), WAIT);
  });
});
