/**
 * `<VideoCall>` over the real engine in real Chromium: two or three CallClients on a MemoryNetwork in one
 * page, each in its own CallProvider rendering its own `<VideoCall>`, with real RTCPeerConnections carrying
 * synthetic media (a canvas with the name and a tone). The user's side is driven only through the UI.
 */
import { CallClient, type CallClientConfig, type CallSession, MemoryNetwork, type UserId } from '@meshcall/core';
import { createSyntheticStream, type SyntheticStream } from '@meshcall/core/testing';
import { CallProvider, useAudioOutput } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { Profiler, StrictMode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { userEvent as realInput } from 'vitest/browser';
import { ParticipantTile } from '../participant-tile/ParticipantTile.js';
import '../styles.css';
import { speaker as audioOutput } from '../test-support/speakers.js';
import type { LocalStreamRequest, VideoCallTileContext, VideoCallTileProps } from './context.js';
import { VideoCall, type VideoCallProps } from './VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

let network: MemoryNetwork;
let clients: CallClient[];
let streams: SyntheticStream[];
const peerConnections: RTCPeerConnection[] = [];
const OriginalPeerConnection = window.RTCPeerConnection;

beforeEach(() => {
  // Count what the engine opens, to prove the calls left nothing behind.
  window.RTCPeerConnection = class extends OriginalPeerConnection {
    constructor(config?: RTCConfiguration) {
      super(config);
      peerConnections.push(this);
    }
  };
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
  streams = [];
});

afterEach(async () => {
  cleanup();
  for (const client of clients) await client.destroy();
  for (const stream of streams) stream.stop();
  window.RTCPeerConnection = OriginalPeerConnection;
  vi.restoreAllMocks();
});

function client(user: UserId, config: Partial<CallClientConfig> = {}): CallClient {
  const created = new CallClient({ transport: network.createTransport(user), ...config });
  clients.push(created);
  return created;
}

/** A synthetic camera + microphone for `user`, stopped after the test (meshcall never stops app streams). */
function syntheticStream(user: UserId, video = true, volume = 0.01): MediaStream {
  // 0.01 stays below the speaking threshold, so only a test that wants a speaker gets one.
  const source = createSyntheticStream({ label: user.split('@')[0] ?? user, video, volume });
  streams.push(source);
  return source.stream;
}

const USER_INFO = { app: 'test' };

/** Renders one participant's `<VideoCall>` in its own box and provider; returns queries scoped to it. */
function mountCall(callClient: CallClient, props: Partial<VideoCallProps> = {}) {
  const user = callClient.localUser;
  const getLocalStream = ({ video }: LocalStreamRequest) => syntheticStream(user, video);
  const tree = (current: Partial<VideoCallProps>) => (
    <StrictMode>
      <div style={{ width: 640, height: 420 }} data-user={user}>
        <CallProvider client={callClient}>
          <VideoCall getLocalStream={getLocalStream} userInfo={USER_INFO} {...current} />
        </CallProvider>
      </div>
    </StrictMode>
  );
  const { container, rerender } = render(tree(props));
  const box = container.querySelector<HTMLElement>(`[data-user="${user}"]`);
  if (!box) throw new Error('not mounted');
  /** Renders the same `<VideoCall>` again with these props, as the app's own re-render would. */
  const renderAgain = (next: Partial<VideoCallProps>) => rerender(tree(next));
  return Object.assign(within(box), { box, renderAgain });
}

/** A speaker picker outside the call, as an app's lobby would have. */
function Lobby() {
  const { deviceId, select } = useAudioOutput();
  return (
    <button type="button" onClick={() => select('headset')}>
      Lobby speaker: {deviceId ?? 'system'}
    </button>
  );
}

function videoOf(tile: HTMLElement): HTMLVideoElement {
  const video = tile.querySelector('video');
  if (!video) throw new Error('tile has no <video>');
  return video;
}

describe('<VideoCall> over the real engine', () => {
  it('rings, connects with live video, shows a remote mute, and ends on both sides', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bob = client(BOB);
    const endedOnBob: string[] = [];
    const aliceView = mountCall(alice);
    const bobView = mountCall(bob, { onCallEnded: (ended) => endedOnBob.push(ended.reason) });

    // Alice places the call with the engine; her VideoCall shows "Calling Bob…", Bob's rings.
    const call: CallSession = alice.createSession([BOB], 'video');
    // Alice's tone is loud enough to count as speech; Bob's is not.
    await call.start({ name: 'Alice' }, { stream: syntheticStream(ALICE, true, 0.05) });
    await expect.poll(() => aliceView.queryByRole('heading', { name: 'Calling Bob…' })).not.toBeNull();
    const dialog = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    expect(within(dialog).getByText('Incoming video call')).toBeTruthy();

    // Bob accepts from the dialog: it closes at once, and both sides show each other's live picture.
    const bobSessionId = () => [...bob.sessions.keys()][0] ?? '';
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    expect(bobView.queryByRole('alertdialog')).toBeNull();
    const aliceTileOnBob = await bobView.findByRole('group', { name: 'Alice' }, { timeout: 15_000 });
    const bobTileOnAlice = await aliceView.findByRole('group', { name: 'Bob' }, { timeout: 15_000 });
    await expect.poll(() => videoOf(aliceTileOnBob).videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(() => videoOf(bobTileOnAlice).videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);
    // Frames can be decoded a moment before the connection's state change is rendered (seen on a loaded machine).
    await expect.poll(() => aliceTileOnBob.getAttribute('data-connection')).toBe('connected');
    // The local picture-in-picture is mirrored; the remote picture is not.
    const bobSelf = bobView.getByRole('group', { name: 'Bob (you)' });
    expect(bobSelf.querySelector('.meshcall-video--mirror')).not.toBeNull();
    expect(aliceTileOnBob.querySelector('.meshcall-video--mirror')).toBeNull();
    // The call's sound plays: Bob's view holds an <audio> fed with the track that carries Alice's tone.
    const aliceAudioOnBob = () => bob.getSession(bobSessionId())?.peers.get(ALICE)?.audioTrack ?? null;
    await expect.poll(aliceAudioOnBob, { timeout: 10_000 }).not.toBeNull();
    await expect
      .poll(() =>
        [...bobView.box.querySelectorAll('audio')].some(
          (audio) => audio.srcObject instanceof MediaStream && audio.srcObject.getTracks().includes(aliceAudioOnBob()!),
        ),
      )
      .toBe(true);
    expect(await bobView.findByRole('timer', {}, { timeout: 10_000 })).toBeTruthy();

    // Alice talks: the speaking ring is on her tile on both screens, never on Bob's.
    const speaking = (tile: HTMLElement) => tile.classList.contains('meshcall-tile--speaking');
    const aliceSelf = aliceView.getByRole('group', { name: 'Alice (you)' });
    await expect.poll(() => speaking(aliceTileOnBob), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => speaking(aliceSelf), { timeout: 10_000 }).toBe(true);
    expect(speaking(bobTileOnAlice) || speaking(bobSelf)).toBe(false);

    // Bob mutes his microphone: his button flips, and Alice's tile of Bob shows the muted badge.
    expect(within(bobTileOnAlice).queryByText('Microphone muted')).toBeNull();
    await user.click(bobView.getByRole('button', { name: 'Mute' }));
    expect(bobView.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => within(bobTileOnAlice).queryByText('Microphone muted'), { timeout: 10_000 }).not.toBeNull();
    expect(within(bobSelf).queryByText('Microphone muted')).not.toBeNull();

    // Alice hangs up: both sides show the end screen with their own reason.
    await user.click(aliceView.getByRole('button', { name: 'Leave call' }));
    await expect.poll(() => aliceView.queryByRole('heading', { name: 'Call ended' })).not.toBeNull();
    expect(aliceView.getByText('You left the call.')).toBeTruthy();
    await expect.poll(() => bobView.queryByRole('heading', { name: 'Call ended' }), { timeout: 10_000 }).not.toBeNull();
    expect(bobView.getByText('Everyone else left the call.')).toBeTruthy();
    expect(bobView.getByText(/^Duration \d+:\d\d$/)).toBeTruthy();
    expect(endedOnBob).toEqual(['remoteEnded']);

    // Close returns Bob's view to idle; nothing is left open.
    await user.click(bobView.getByRole('button', { name: 'Close' }));
    expect(bobView.queryByRole('heading', { name: 'Call ended' })).toBeNull();
    expect(alice.sessions.size + bob.sessions.size).toBe(0);
    await expect.poll(() => peerConnections.filter((pc) => pc.signalingState !== 'closed').length).toBe(0);
  });

  it('a call that rings during another one: "End call and accept" ends the first once the second is answered', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bob = client(BOB, { busyPolicy: 'ring' });
    const carol = client(CAROL);
    const bobView = mountCall(bob);
    const first = alice.createSession([BOB], 'audio');
    await first.start({}, { stream: syntheticStream(ALICE, false) });
    const ringing = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    // Not in a call yet: the plain "Accept".
    await user.click(within(ringing).getByRole('button', { name: 'Accept' }));
    await expect.poll(() => first.state, { timeout: 15_000 }).toBe('active');
    // The first call runs a few seconds, so its running time cannot pass for the new call's.
    await expect.poll(() => bobView.queryByRole('timer')?.textContent, { timeout: 10_000 }).toMatch(/^0:0[3-9]$/);

    const second = carol.createSession([BOB], 'audio');
    await second.start({}, { stream: syntheticStream(CAROL, false) });
    const dialog = await bobView.findByRole('alertdialog', { name: 'Carol is calling' }, { timeout: 10_000 });
    expect(within(dialog).queryByRole('button', { name: 'Accept' })).toBeNull();
    // The first call is still on while the second rings.
    expect(first.state).toBe('active');
    await user.click(within(dialog).getByRole('button', { name: 'End call and accept' }));
    await expect.poll(() => second.state, { timeout: 15_000 }).toBe('active');
    await expect.poll(() => first.state, { timeout: 10_000 }).toBe('closed');
    expect(first.closeReason).toBe('remoteEnded');
    expect(await bobView.findByRole('group', { name: 'Carol' }, { timeout: 10_000 })).toBeTruthy();
    expect(bobView.queryByRole('group', { name: 'Alice' })).toBeNull();
    // The new call's screen starts afresh: its own time (not the first call's), its own announcements.
    expect(bobView.queryByRole('timer')?.textContent ?? 'Connecting…').toMatch(/^(Connecting…|0:0[01])$/);
    await expect
      .poll(() => bobView.queryByRole('status')?.lastElementChild?.textContent)
      .toBe('Carol joined the call.');
    expect([...bob.sessions.values()].map((session) => session.id)).toEqual([second.id]);
  });

  it('accepting ends a call started a moment before, even if the dialog had no time to say so', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    const aliceView = mountCall(alice);
    const bobsCall = bob.createSession([ALICE], 'audio');
    await bobsCall.start({}, { stream: syntheticStream(BOB, false) });
    const dialog = await aliceView.findByRole('alertdialog', { name: 'Bob is calling' }, { timeout: 10_000 });
    const accept = within(dialog).getByRole('button', { name: 'Accept' });
    // alice's app places a call, and she presses "Accept" in the same instant: no render in between.
    const alicesCall = alice.createSession([CAROL], 'audio');
    const ringsAtCarol = new Promise((resolve) => carol.on('incomingCall', resolve));
    void alicesCall.start({}, { stream: syntheticStream(ALICE, false) });
    accept.click();
    await expect.poll(() => bobsCall.state, { timeout: 15_000 }).toBe('active');
    await expect.poll(() => alicesCall.state, { timeout: 10_000 }).toBe('closed');
    expect(alicesCall.closeReason).toBe('hungUp');
    await ringsAtCarol;
    await expect.poll(() => carol.sessions.size, { timeout: 10_000 }).toBe(0);
    expect([...alice.sessions.values()].map((session) => session.id)).toEqual([bobsCall.id]);
  });

  it('the Devices panel switches the microphone of the call, and later calls open that one too', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bob = client(BOB);
    // Bob's devices are Chromium's fake ones (several microphones), opened by the engine itself.
    const bobView = mountCall(bob, { getLocalStream: undefined });
    const call = alice.createSession([BOB], 'video');
    await call.start({}, { stream: syntheticStream(ALICE) });
    const dialog = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    await expect.poll(() => call.state, { timeout: 15_000 }).toBe('active');
    const session = () => [...bob.sessions.values()][0];

    const devices = await bobView.findByRole('button', { name: 'Devices' }, { timeout: 10_000 });
    expect(devices.getAttribute('aria-expanded')).toBe('false');
    await user.click(devices);
    const microphone = bobView.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
    expect(document.activeElement).toBe(microphone);
    // It shows the microphone in use (Chromium's `default` one is "System default"), and lists the others by name.
    const inUse = session()?.localMedia.audioDeviceId;
    expect(inUse).toBeTruthy();
    expect(microphone.value).toBe(inUse === 'default' ? '' : inUse);
    expect([...microphone.options].map((option) => option.value)).not.toContain('default');
    const other = [...microphone.options].find((option) => option.value !== '' && option.value !== inUse);
    if (!other) throw new Error(`Chromium lists one microphone only: ${[...microphone.options].map((o) => o.text)}`);
    expect(other.text).not.toBe('');
    await user.selectOptions(microphone, other.value);
    await expect.poll(() => session()?.localMedia.audioDeviceId, { timeout: 10_000 }).toBe(other.value);
    expect(bob.preferredDevices.audioinput).toBe(other.value);
    // The select follows what the call uses.
    expect(microphone.value).toBe(other.value);
    // Chromium's fake camera is the only one: nothing to choose, no camera list.
    expect(bobView.queryByRole('combobox', { name: 'Camera' })).toBeNull();

    // Escape closes the panel and gives the focus back to its button.
    await user.keyboard('{Escape}');
    expect(bobView.queryByRole('group', { name: 'Devices' })).toBeNull();
    expect(document.activeElement).toBe(devices);
    expect(devices.getAttribute('aria-expanded')).toBe('false');

    // The next call Bob takes opens that microphone from the start.
    await user.click(bobView.getByRole('button', { name: 'Leave call' }));
    await user.click(await bobView.findByRole('button', { name: 'Close' }, { timeout: 10_000 }));
    const next = alice.createSession([BOB], 'audio');
    await next.start({}, { stream: syntheticStream(ALICE, false) });
    const again = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    await user.click(within(again).getByRole('button', { name: 'Accept' }));
    await expect.poll(() => next.state, { timeout: 15_000 }).toBe('active');
    await expect.poll(() => session()?.localMedia.audioDeviceId, { timeout: 10_000 }).toBe(other.value);
  });

  it('the end screen tells who was in another call apart from who declined', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    const dave = client('dave@example.test');
    const aliceView = mountCall(alice);
    // bob is busy calling dave (who lets it ring); carol declines whatever rings.
    await bob.createSession([dave.localUser], 'audio').start({}, { stream: syntheticStream(BOB, false) });
    carol.on('incomingCall', ({ session }) => session.reject());
    const call = alice.createSession([BOB, CAROL], 'audio');
    await call.start({}, { stream: syntheticStream(ALICE, false) });
    expect(
      await aliceView.findByText('Bob is in another call. Carol declined the call.', {}, { timeout: 10_000 }),
    ).toBeTruthy();
  });

  it('screen readers are told who joins and who leaves, as it happens', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    const aliceView = mountCall(alice);
    const ringing = (callee: CallClient) =>
      new Promise<CallSession>((resolve) => callee.once('incomingCall', ({ session }) => resolve(session)));
    const accept = (callee: CallClient, session: CallSession) =>
      session.accept({}, { stream: syntheticStream(callee.localUser, false) });
    const bobRinging = ringing(bob);
    const carolRinging = ringing(carol);
    const call = alice.createSession([BOB, CAROL], 'audio');
    await call.start({}, { stream: syntheticStream(ALICE, false) });
    const told = () => aliceView.queryByRole('status')?.lastElementChild?.textContent ?? null;

    // Bob answers while Carol still rings: only his joining is told.
    await accept(bob, await bobRinging);
    await expect.poll(told, { timeout: 15_000 }).toBe('Bob joined the call.');
    const carolsCall = await carolRinging;
    await accept(carol, carolsCall);
    await expect.poll(told, { timeout: 15_000 }).toBe('Carol joined the call.');
    carolsCall.hangUp();
    await expect.poll(told, { timeout: 10_000 }).toBe('Carol left the call.');
    // Bob stays.
    expect(aliceView.getByRole('group', { name: 'Bob' })).toBeTruthy();
  });

  it("getLocalStream's signal says when its stream is done with: at once for a call gone meanwhile, else at its end", async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bob = client(BOB);
    // Bob's app opens media per call and stops it when told; its camera prompt stays open until `allow()`.
    let allow = () => {};
    const given: { stream: MediaStream; signal: AbortSignal }[] = [];
    const getLocalStream = async ({ video, signal }: LocalStreamRequest) => {
      await new Promise<void>((resolve) => {
        allow = resolve;
      });
      const stream = syntheticStream(BOB, video);
      given.push({ stream, signal });
      return stream;
    };
    const bobView = mountCall(bob, { getLocalStream });

    // Alice gives up while Bob's prompt is open: once his stream comes, it is not needed.
    const missed = alice.createSession([BOB], 'audio');
    await missed.start({}, { stream: syntheticStream(ALICE, false) });
    await user.click(
      within(await bobView.findByRole('alertdialog', {}, { timeout: 10_000 })).getByRole('button', { name: 'Accept' }),
    );
    missed.hangUp();
    await expect.poll(() => bob.sessions.size, { timeout: 10_000 }).toBe(0);
    allow();
    await expect.poll(() => given[0]?.signal.aborted, { timeout: 10_000 }).toBe(true);

    // A call he answers: the signal holds while it lasts, and is aborted when it ends.
    const answered = alice.createSession([BOB], 'audio');
    await answered.start({}, { stream: syntheticStream(ALICE, false) });
    await user.click(
      within(await bobView.findByRole('alertdialog', {}, { timeout: 10_000 })).getByRole('button', { name: 'Accept' }),
    );
    allow();
    await expect.poll(() => answered.getPeerState(BOB), { timeout: 15_000 }).toBe('connected');
    expect(given[1]?.signal.aborted).toBe(false);
    answered.hangUp();
    await expect.poll(() => given[1]?.signal.aborted, { timeout: 10_000 }).toBe(true);
  });

  it("the speaker chosen outside the call (useAudioOutput) plays the call, and the Devices panel's choice outlives it", async () => {
    const user = userEvent.setup();
    const speakers = ['default', 'headset', 'monitor'].map((deviceId) => audioOutput(deviceId));
    const mediaDevices = { list: async () => speakers, watch: () => () => {} };
    const setSinkId = vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockResolvedValue(undefined);
    const sinksOf = (box: HTMLElement) =>
      setSinkId.mock.contexts.flatMap((element, index) =>
        element instanceof HTMLAudioElement && box.contains(element) ? [setSinkId.mock.calls[index]?.[0]] : [],
      );
    const alice = client(ALICE);
    const bob = client(BOB);
    bob.on('incomingCall', ({ session }) => {
      void session.accept({}, { stream: syntheticStream(BOB, false) });
    });
    const { container } = render(
      <CallProvider client={alice} options={{ mediaDevices }}>
        <Lobby />
        <VideoCall getLocalStream={({ video }) => syntheticStream(ALICE, video)} />
      </CallProvider>,
    );
    await user.click(await within(container).findByRole('button', { name: 'Lobby speaker: system' }));

    const call = alice.createSession([BOB], 'audio');
    await call.start({}, { stream: syntheticStream(ALICE, false) });
    await expect.poll(() => container.querySelectorAll('audio').length, { timeout: 15_000 }).toBe(1);
    await expect.poll(() => sinksOf(container)).toEqual(['headset']);

    await user.click(within(container).getByRole('button', { name: 'Devices' }));
    const speaker = within(container).getByRole('combobox', { name: 'Speaker' }) as HTMLSelectElement;
    expect(speaker.value).toBe('headset');
    await user.selectOptions(speaker, 'monitor');
    await expect.poll(() => sinksOf(container)).toEqual(['headset', 'monitor']);
    expect(within(container).getByRole('button', { name: 'Lobby speaker: monitor' })).toBeTruthy();
  });

  it('an output device that cannot be used reaches onActionError, once for the whole call', async () => {
    const unplugged = new DOMException('Requested device not found', 'NotFoundError');
    const setSinkId = vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockRejectedValue(unplugged);
    const alice = client(ALICE);
    const onActionError = vi.fn();
    const aliceView = mountCall(alice, { sinkId: 'unplugged-headset', onActionError });
    for (const callee of [client(BOB), client(CAROL)]) {
      callee.on('incomingCall', ({ session }) => {
        void session.accept({}, { stream: syntheticStream(callee.localUser, false) });
      });
    }
    const call = alice.createSession([BOB, CAROL], 'audio');
    await call.start({}, { stream: syntheticStream(ALICE, false) });
    await expect.poll(() => aliceView.box.querySelectorAll('audio').length, { timeout: 15_000 }).toBe(2);
    await expect.poll(() => setSinkId.mock.calls.length).toBeGreaterThanOrEqual(2);
    await expect.poll(() => onActionError.mock.calls.length).toBe(1);
    expect(onActionError).toHaveBeenCalledWith(unplugged);
  });

  it('from the keyboard alone: answer, mute, leave, call again, cancel — focus never falls to the page', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bobView = mountCall(client(BOB));
    const call = alice.createSession([BOB], 'audio');
    await call.start({}, { stream: syntheticStream(ALICE, false) });
    const dialog = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    await expect.poll(() => document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Accept' }));
    await user.keyboard('{Enter}');
    // Answered: focus is on the call's controls, ready to mute or hang up.
    const mute = await bobView.findByRole('button', { name: 'Mute' }, { timeout: 15_000 });
    await expect.poll(() => document.activeElement).toBe(mute);
    await user.keyboard('{Enter}');
    expect(bobView.getByRole('button', { name: 'Mute' }).getAttribute('aria-pressed')).toBe('true');
    // Leave call: the end screen takes the focus (its first button, Close), not <body>.
    bobView.getByRole('button', { name: 'Leave call' }).focus();
    await user.keyboard('{Enter}');
    const close = await bobView.findByRole('button', { name: 'Close' }, { timeout: 10_000 });
    await expect.poll(() => document.activeElement).toBe(close);
    // Call again: the Calling screen takes it (Cancel), and Cancel works from there.
    await user.tab();
    expect(document.activeElement).toBe(bobView.getByRole('button', { name: 'Call again' }));
    await user.keyboard('{Enter}');
    const cancel = await bobView.findByRole('button', { name: 'Cancel' }, { timeout: 10_000 });
    await expect.poll(() => document.activeElement).toBe(cancel);
  });

  it('the focus follows the user: into the call after answering, back to the app after Close, no ring after a click', async () => {
    // Real input (CDP), as Chromium decides on focus rings from real keyboard and mouse events.
    const alice = client(ALICE);
    const bobView = mountCall(client(BOB));
    const appButton = document.createElement('button');
    appButton.textContent = 'App chat';
    document.body.prepend(appButton);
    try {
      appButton.focus();
      const first = alice.createSession([BOB], 'audio');
      await first.start({}, { stream: syntheticStream(ALICE, false) });
      const dialog = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
      await expect.poll(() => document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Accept' }));
      // Answered from the keyboard: the call takes the focus, although the dialog gives it back to the app.
      await realInput.keyboard('{Enter}');
      const mute = await bobView.findByRole('button', { name: 'Mute' }, { timeout: 15_000 });
      await expect.poll(() => document.activeElement).toBe(mute);
      first.hangUp();
      const close = await bobView.findByRole('button', { name: 'Close' }, { timeout: 10_000 });
      await expect.poll(() => document.activeElement).toBe(close);
      // Closed: the focus goes back to where it was before the call.
      await realInput.keyboard('{Enter}');
      await expect.poll(() => document.activeElement).toBe(appButton);

      // Answered with a click: the focus is in the call, with no focus ring and no tooltip the user did not ask for.
      const second = alice.createSession([BOB], 'audio');
      await second.start({}, { stream: syntheticStream(ALICE, false) });
      const again = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
      await realInput.click(within(again).getByRole('button', { name: 'Accept' }));
      await bobView.findByRole('button', { name: 'Mute' }, { timeout: 15_000 });
      await expect.poll(() => bobView.box.contains(document.activeElement)).toBe(true);
      // A focused control would show its ring and its tooltip; the call area itself shows none after a click.
      expect(bobView.box.querySelector('button:focus-visible')).toBeNull();
      expect(getComputedStyle(document.activeElement ?? document.body).outlineStyle).toBe('none');
      // The next Tab starts in the call.
      await realInput.keyboard('{Tab}');
      expect(bobView.box.contains(document.activeElement)).toBe(true);

      // Closed from the keyboard with nowhere to go back to (the app's button is gone): the call area has the
      // focus, and shows it.
      appButton.remove();
      second.hangUp();
      await bobView.findByRole('button', { name: 'Close' }, { timeout: 10_000 });
      bobView.getByRole('button', { name: 'Close' }).focus();
      await realInput.keyboard('{Enter}');
      const area = bobView.box.querySelector<HTMLElement>('.meshcall-video-call');
      await expect.poll(() => document.activeElement).toBe(area);
      expect(getComputedStyle(area ?? document.body).outlineStyle).toBe('solid');
    } finally {
      appButton.remove();
    }
  });

  it('the focus stays where the app has it: at a mount with no call (StrictMode), and after an answer that failed', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    let cameraFails = true;
    const bobView = mountCall(bob, {
      idle: <button type="button">Call Alice</button>,
      getLocalStream: ({ video }) => {
        if (cameraFails) throw new Error('no camera right now');
        return syntheticStream(BOB, video);
      },
      onActionError: () => undefined,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(document.body);

    const chat = document.createElement('input');
    chat.setAttribute('aria-label', 'App chat');
    document.body.prepend(chat);
    try {
      const call = alice.createSession([BOB], 'audio');
      await call.start({}, { stream: syntheticStream(ALICE, false) });
      const dialog = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
      // The answer fails (no stream): the call rings again, and Bob declines it.
      await realInput.click(within(dialog).getByRole('button', { name: 'Accept' }));
      const again = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
      await realInput.click(within(again).getByRole('button', { name: 'Decline' }));
      await expect.poll(() => bobView.queryByRole('alertdialog')).toBeNull();
      cameraFails = false;
      // Later Bob types in the app's chat while the app places a call: the Calling screen leaves his typing be.
      await realInput.click(chat);
      const out = bob.createSession([ALICE], 'audio');
      await out.start({}, { stream: syntheticStream(BOB, false) });
      await bobView.findByRole('button', { name: 'Cancel' }, { timeout: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(document.activeElement).toBe(chat);
    } finally {
      chat.remove();
    }
  });

  it('two calls given up by the caller in a row are both told to screen readers, in the same words', async () => {
    const alice = client(ALICE);
    const bobView = mountCall(client(BOB));
    const told = () =>
      [...bobView.box.querySelectorAll('[role="status"] p, [role="alert"] p')].filter((node) =>
        node.textContent?.startsWith('Call not connected'),
      ).length;
    for (let round = 1; round <= 2; round += 1) {
      const call = alice.createSession([BOB], 'audio');
      await call.start({}, { stream: syntheticStream(ALICE, false) });
      await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
      call.hangUp();
      await bobView.findByRole('heading', { name: 'Call not connected' }, { timeout: 10_000 });
      await expect.poll(told, { timeout: 5_000 }).toBe(round);
    }
  });

  it('of two ringing calls, the second opens as a new dialog that a double-click or a second Enter cannot answer', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const aliceView = mountCall(alice);
    const ring = async (caller: UserId) => {
      const call = client(caller).createSession([ALICE], 'audio');
      await call.start({}, { stream: syntheticStream(caller, false) });
      return call;
    };
    const [, carolsCall, davesCall] = [await ring(BOB), await ring(CAROL), await ring('dave@example.test')];
    const bobs = await aliceView.findByRole('alertdialog', { name: 'Bob is calling' }, { timeout: 10_000 });
    await expect.poll(() => alice.sessions.size, { timeout: 10_000 }).toBe(3);

    // Enter on Decline, pressed twice: Bob's call is declined; Carol's opens with focus on Accept, untouched.
    within(bobs).getByRole('button', { name: 'Decline' }).focus();
    await user.keyboard('{Enter}{Enter}');
    const carols = await aliceView.findByRole('alertdialog', { name: 'Carol is calling' });
    expect(document.activeElement).toBe(within(carols).getByRole('button', { name: 'Accept' }));
    expect(carolsCall.getPeerState(ALICE)).toBe('wait'); // still ringing

    // Once the user had a moment to see it, a double-click on Decline declines Carol's call only; Dave's is
    // shown, still ringing.
    const seen = () => new Promise((resolve) => setTimeout(resolve, 600));
    await seen();
    await user.dblClick(within(carols).getByRole('button', { name: 'Decline' }));
    await expect.poll(() => carolsCall.getPeerState(ALICE)).toBe('rejected');
    const daves = await aliceView.findByRole('alertdialog', { name: 'Dave is calling' });
    expect(davesCall.getPeerState(ALICE)).toBe('wait');
    await seen();
    await user.click(within(daves).getByRole('button', { name: 'Decline' }));
    await expect.poll(() => davesCall.getPeerState(ALICE)).toBe('rejected');
  });

  it('the call time counts from when the call became active, also in a <VideoCall> mounted again', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    // The app swaps the call screen for a "minimized" widget of its own, and back; the provider stays.
    const app = (shown: boolean) => (
      <div style={{ width: 640, height: 420 }}>
        <CallProvider client={alice}>
          {shown ? <VideoCall getLocalStream={() => syntheticStream(ALICE, false)} /> : <p>Call minimized</p>}
        </CallProvider>
      </div>
    );
    const view = render(app(true));
    const call = client(BOB).createSession([ALICE], 'audio');
    await call.start({}, { stream: syntheticStream(BOB, false) });
    await user.click(await view.findByRole('button', { name: 'Accept' }, { timeout: 10_000 }));
    await expect.poll(() => view.queryByRole('timer')?.textContent, { timeout: 10_000 }).toBe('0:01');
    view.rerender(app(false));
    view.rerender(app(true));
    expect(view.getByRole('timer').textContent).toMatch(/^0:0[1-9]$/);
  });

  it('declining from the dialog ends the call quietly for the callee; the caller is told who declined', async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bob = client(BOB);
    const aliceView = mountCall(alice);
    const bobView = mountCall(bob);
    const call = alice.createSession([BOB], 'audio');
    await call.start({}, { stream: syntheticStream(ALICE, false) });
    const dialog = await bobView.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
    // An audio call offers no "accept without video".
    expect(within(dialog).queryByRole('button', { name: 'Accept without video' })).toBeNull();
    await user.click(within(dialog).getByRole('button', { name: 'Decline' }));
    await expect.poll(() => aliceView.queryByText('Bob declined the call.'), { timeout: 10_000 }).not.toBeNull();
    // It never connected: not "Call ended".
    expect(aliceView.getByRole('heading', { name: 'Call not connected' })).toBeTruthy();
    expect(aliceView.getByRole('button', { name: 'Call again' })).toBeTruthy();
    expect(bobView.queryByRole('heading', { name: /^(Call ended|Call not connected|Missed call)$/ })).toBeNull();
    expect(bobView.queryByRole('alertdialog')).toBeNull();
  });

  it("a change of one participant re-renders only that participant's tile", async () => {
    const user = userEvent.setup();
    const alice = client(ALICE);
    const bob = client(BOB);
    const carol = client(CAROL);
    const commits = new Map<string, number>();
    const tileSessions = new Set<string>();
    const renderTile = ({ userId, ...props }: VideoCallTileProps, { sessionId }: VideoCallTileContext) => {
      tileSessions.add(sessionId);
      return (
        <Profiler id={userId} onRender={(id) => commits.set(id, (commits.get(id) ?? 0) + 1)}>
          <ParticipantTile {...props} />
        </Profiler>
      );
    };
    // No quality polling: on a loaded machine a link's round trip can pass the "poor" mark at any moment and
    // rightly re-render that tile (tiles.test.tsx covers the quality badge alone).
    const aliceView = mountCall(alice, { renderTile, statsInterval: 0 });
    const bobView = mountCall(bob);
    const carolView = mountCall(carol);

    const call = alice.createSession([BOB, CAROL], 'video');
    await call.start({ name: 'Alice' }, { stream: syntheticStream(ALICE) });
    for (const view of [bobView, carolView]) {
      const dialog = await view.findByRole('alertdialog', { name: 'Alice is calling' }, { timeout: 10_000 });
      expect(within(dialog).getByText(/Group call with/)).toBeTruthy();
      await user.click(within(dialog).getByRole('button', { name: 'Accept' }));
    }

    // Wait until both remote tiles play video and everything about both links has arrived.
    for (const name of ['Bob', 'Carol']) {
      const tile = await aliceView.findByRole('group', { name }, { timeout: 15_000 });
      await expect.poll(() => videoOf(tile).videoWidth, { timeout: 15_000 }).toBeGreaterThan(0);
    }
    await expect
      .poll(
        () =>
          [BOB, CAROL].every((id) => {
            const peer = call.peers.get(id);
            // Everyone has everything on, so no `media` signal comes (peer.media stays null).
            return peer?.state === 'connected' && peer.audioTrack && peer.videoTrack;
          }),
        { timeout: 15_000 },
      )
      .toBe(true);
    await expect.poll(() => call.peers.get(CAROL)?.state).toBe('connected');
    // …and until React has shown it: on a loaded machine the commit of "connected" can come after the engine's.
    for (const name of ['Bob', 'Carol']) {
      const tile = aliceView.getByRole('group', { name });
      await expect.poll(() => tile.getAttribute('data-connection'), { timeout: 10_000 }).toBe('connected');
    }
    const bobCommits = commits.get(BOB) ?? 0;
    const carolCommits = commits.get(CAROL) ?? 0;
    expect(bobCommits).toBeGreaterThan(0);

    // Carol turns her camera off: her tile on Alice's side re-renders (avatar instead of video), Bob's does not.
    await user.click(carolView.getByRole('button', { name: 'Turn off camera' }));
    const carolTile = aliceView.getByRole('group', { name: 'Carol' });
    await expect.poll(() => carolTile.querySelector('.meshcall-video--empty'), { timeout: 10_000 }).not.toBeNull();
    expect(commits.get(CAROL)).toBeGreaterThan(carolCommits);
    expect(commits.get(BOB)).toBe(bobCommits);

    // Carol leaves: her tile goes away; Bob's tile is not re-rendered by the grid changing around it.
    const afterCamera = commits.get(BOB);
    await user.click(carolView.getByRole('button', { name: 'Leave call' }));
    await expect.poll(() => aliceView.queryByRole('group', { name: 'Carol' }), { timeout: 10_000 }).toBeNull();
    expect(aliceView.getByRole('group', { name: 'Bob' })).toBeTruthy();
    expect(commits.get(BOB)).toBe(afterCamera);

    // The app re-renders, with userInfo and labels written inline (new objects with the same content each time):
    // the tiles stay as they are.
    const inline = () => ({ renderTile, userInfo: { name: 'Alice' }, labels: { hangUp: 'Auflegen' } });
    aliceView.renderAgain(inline()); // new labels: this one may re-render
    const settled = [commits.get(BOB), commits.get(ALICE)];
    aliceView.renderAgain(inline());
    aliceView.renderAgain(inline());
    expect([commits.get(BOB), commits.get(ALICE)]).toEqual(settled);
    expect(aliceView.getByRole('button', { name: 'Auflegen' })).toBeTruthy();
    // Every tile was told its call, for hooks of its own.
    expect([...tileSessions]).toEqual([call.id]);
  });
});
