import { describe, expect, it, vi } from 'vitest';
import type { MediaDevicesSource } from '../devices.js';
import { FakeClient, type FakeSession, fakeStats, fakeTrack, ManualClock } from '../test-utils/fakeClient.js';
import { createCallStore } from './createCallStore.js';
import { remoteTracksOf } from './selectors.js';

/** A call placed to bob that went out (a call never started ends without an ended call to tell of). */
function placeCall(client: FakeClient): FakeSession {
  const session = client.createSession(['bob@example.test'], 'audio');
  void session.start();
  return session;
}

function setup(options: Parameters<typeof createCallStore>[1] = {}) {
  const client = new FakeClient();
  const clock = new ManualClock();
  const store = createCallStore(client, { clock, ...options });
  return { client, clock, store };
}

describe('createCallStore', () => {
  it('mirrors client status, presence and errors', () => {
    const { client, store } = setup();
    client.setStatus('reconnecting');
    client.setPresence('bob@example.test', true);
    client.setPresence('carol@example.test', true);
    client.setPresence('bob@example.test', false);
    const s = store.getState();
    expect(s.status).toBe('reconnecting');
    expect(s.onlineUsers).toEqual(['carol@example.test']);
    store.destroy();
  });

  it('follows an incoming call from ringing through accept, tracks and hang-up', () => {
    const { client, store } = setup();
    const session = client.ring('bob@example.test', 'video', [], { name: 'Bob' });
    let s = store.getState();
    expect(s.incomingSessionIds).toEqual([session.id]);
    expect(s.sessions[session.id]?.userInfo).toEqual({ name: 'Bob' });
    expect(s.activeSessionId).toBeNull();

    void session.accept();
    session.setPeerState('bob@example.test', 'connected');
    session.setState('active');
    const track = session.addRemoteTrack('bob@example.test', 'video');
    s = store.getState();
    expect(s.incomingSessionIds).toEqual([]);
    expect(s.activeSessionId).toBe(session.id);
    expect(s.sessions[session.id]?.peers['bob@example.test']).toMatchObject({ state: 'connected', videoTrack: track });

    session.hangUp();
    s = store.getState();
    expect(s.sessions).toEqual({});
    expect(s.sessionOrder).toEqual([]);
    expect(s.activeSessionId).toBeNull();
    expect(s.lastEnded).toMatchObject({ reason: 'hungUp', session: { id: session.id, state: 'closed' } });
    store.destroy();
  });

  it("follows what goes beside a screen: a presenter's camera and sound, and one's own camera", () => {
    const { client, store } = setup();
    const session = client.ring('bob@example.test', 'video');
    void session.accept();
    const peer = () => store.getState().sessions[session.id]?.peers['bob@example.test'];
    const bobs = session.shareWithSideCamera('bob@example.test');
    expect(peer()?.sideCameraTrack).toBe(bobs);
    const voice = session.addRemoteTrack('bob@example.test', 'audio');
    const sound = session.shareScreenSound('bob@example.test');
    expect(peer()?.screenAudioTrack).toBe(sound);
    expect(peer()?.media).toEqual({ audioMuted: false, videoMuted: false, screenSharing: true, screenAudio: true });
    // Every remote track to play: his voice and the sound of his screen, each on its own.
    const tracks = remoteTracksOf(store.getState().sessions[session.id] ?? null, []);
    expect(tracks.filter((t) => t.kind === 'audio').map((t) => t.track)).toEqual([voice, sound]);
    // Its sound comes in no stream: an app playing `stream` would play the voice twice.
    expect(tracks.find((t) => t.track === sound)?.stream).toBeNull();
    // Each track says what it carries: the presenter's face is listed beside the screen, not lost.
    const screen = session.addRemoteTrack('bob@example.test', 'video');
    const listed = remoteTracksOf(store.getState().sessions[session.id] ?? null, tracks);
    expect(listed.map((t) => [t.source, t.track])).toEqual([
      ['microphone', voice],
      ['screenAudio', sound],
      ['screen', screen],
      ['sideCamera', bobs],
    ]);
    const mine = fakeTrack('video');
    session.setLocalSideCamera(mine);
    expect(store.getState().sessions[session.id]?.localTracks.sideCamera).toBe(mine);
    session.setLocalSideCamera(null);
    expect(store.getState().sessions[session.id]?.localTracks.sideCamera).toBeNull();
    store.destroy();
  });

  it('removes a session’s listeners when it closes and every listener on destroy', () => {
    const { client, store } = setup();
    const baseline = client.listenerCount();
    expect(baseline).toBeGreaterThan(0);
    const a = client.createSession(['bob@example.test'], 'audio');
    const b = client.ring('carol@example.test');
    expect(a.listenerCount()).toBeGreaterThan(0);
    expect(b.listenerCount()).toBe(a.listenerCount());
    a.hangUp();
    expect(a.listenerCount()).toBe(0);
    expect(b.listenerCount()).toBeGreaterThan(0);
    store.destroy();
    expect(client.listenerCount([a, b])).toBe(0);
  });

  it('subscribes once per session even when incomingCall follows sessionAdded', () => {
    const { client, store } = setup();
    const session = client.ring('bob@example.test');
    const perSession = session.listenerCount();
    const other = client.createSession(['carol@example.test'], 'video');
    expect(other.listenerCount()).toBe(perSession);
    const states: string[] = [];
    store.subscribe((s) => states.push(s.sessions[session.id]?.state ?? 'gone'));
    session.setState('connecting');
    expect(states).toEqual(['connecting']);
    store.destroy();
  });

  it('lazy stores listen only while retained, and catch up on what happened meanwhile', () => {
    const client = new FakeClient();
    const early = client.ring('bob@example.test');
    const store = createCallStore(client, { lazy: true, clock: new ManualClock() });
    expect(store.getState().incomingSessionIds).toEqual([early.id]);
    expect(client.listenerCount()).toBe(0);

    const releaseA = store.retain();
    const releaseB = store.retain();
    const once = client.listenerCount();
    expect(once).toBeGreaterThan(0);
    releaseA();
    releaseA();
    expect(client.listenerCount()).toBe(once);
    releaseB();
    expect(client.listenerCount([early])).toBe(0);

    // While detached: the ringing call is cancelled and a new one arrives.
    early.close('cancelled');
    const late = client.ring('carol@example.test');
    const release = store.retain();
    const s = store.getState();
    expect(s.incomingSessionIds).toEqual([late.id]);
    expect(s.lastEnded).toMatchObject({ reason: 'cancelled', session: { id: early.id } });
    expect(client.listenerCount()).toBe(once);
    release();
    expect(client.listenerCount([early, late])).toBe(0);
  });

  it('keeps the ended call while it is held (an end screen is up), then lets it expire as usual', () => {
    const { client, clock, store } = setup({ endedRetention: 3000 });
    placeCall(client).hangUp();
    const release = store.holdEnded();
    const releaseToo = store.holdEnded();
    clock.advance(10_000);
    expect(store.getState().lastEnded).not.toBeNull();
    expect(clock.pending).toBe(0);
    release();
    release(); // idempotent: the other hold still counts
    clock.advance(10_000);
    expect(store.getState().lastEnded).not.toBeNull();
    releaseToo();
    // Due long ago: it goes at once.
    clock.advance(0);
    expect(store.getState().lastEnded).toBeNull();
    expect(clock.pending).toBe(0);

    // A call that ends while held is held too; dismissing still works.
    const hold = store.holdEnded();
    placeCall(client).hangUp();
    clock.advance(10_000);
    expect(store.getState().lastEnded).not.toBeNull();
    store.dismissEnded();
    expect(store.getState().lastEnded).toBeNull();
    hold();
    expect(clock.pending).toBe(0);
  });

  it('forgets the ended call after the retention time, and leaves no timer behind', () => {
    const { client, clock, store } = setup({ endedRetention: 3000 });
    placeCall(client).hangUp();
    expect(store.getState().lastEnded).not.toBeNull();
    clock.advance(2999);
    expect(store.getState().lastEnded).not.toBeNull();
    clock.advance(1);
    expect(store.getState().lastEnded).toBeNull();
    expect(clock.pending).toBe(0);
    placeCall(client).hangUp();
    expect(clock.pending).toBe(1);
    store.destroy();
    expect(clock.pending).toBe(0);
  });

  it('lets an end screen expire at its own time when a quiet end came after it, then the quiet one at its own', () => {
    const { client, clock, store } = setup({ endedRetention: 3000 });
    placeCall(client).hangUp();
    const news = store.getState().endScreen;
    expect(news).not.toBeNull();
    clock.advance(1000);
    client.ring('carol@example.test').reject();
    expect(store.getState().endScreen).toBe(news);
    clock.advance(2000);
    expect(store.getState().endScreen).toBeNull();
    expect(store.getState().lastEnded?.reason).toBe('rejected');
    clock.advance(1000);
    expect(store.getState().lastEnded).toBeNull();
    expect(clock.pending).toBe(0);
  });

  it('drops the end screen for good once another call takes the screen, however that one ends', () => {
    const { client, store } = setup();
    const first = placeCall(client);
    first.close('remoteEnded');
    expect(store.getState().endScreen?.session.id).toBe(first.id);
    // The user calls Carol: the Calling screen takes the end screen's place; Carol called at the same moment,
    // so ours gives way (glare, a quiet end): Bob's old end screen does not come back.
    const second = placeCall(client);
    expect(store.getState().endScreen).toBeNull();
    second.close('glare');
    expect(store.getState().endScreen).toBeNull();
    expect(store.getState().lastEnded?.reason).toBe('glare');
  });

  it('records session errors once even when the client reports the same error too', () => {
    const { client, store } = setup();
    const session = client.ring('bob@example.test');
    const error = session.emitError('negotiation-failed', 'bob@example.test');
    client.events.emit('error', { error, sessionId: session.id });
    const { errors } = store.getState();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error, sessionId: session.id, userId: 'bob@example.test' });
    store.dismissError(errors[0]!.id);
    expect(store.getState().errors).toHaveLength(0);
    store.destroy();
  });

  it('takes stats from events and from polling, and stops polling when asked', async () => {
    const { client, clock, store } = setup();
    const session: FakeSession = client.createSession(['bob@example.test'], 'video');
    session.emitStats([fakeStats('bob@example.test', 7)]);
    expect(store.getState().sessions[session.id]?.stats['bob@example.test']?.rttMs).toBe(7);

    const stop = store.pollStats(session.id, 1000);
    await vi.waitFor(() => expect(session.calls.filter((c) => c === 'getStats')).toHaveLength(1));
    clock.advance(1000);
    await vi.waitFor(() => expect(session.calls.filter((c) => c === 'getStats')).toHaveLength(2));
    await vi.waitFor(() =>
      expect(store.getState().sessions[session.id]?.stats['bob@example.test']?.rttMs).toBe(session.calls.length),
    );
    stop();
    expect(clock.pending).toBe(0);
    store.destroy();
  });

  it('lists devices only while watched, and updates them on change', async () => {
    let listeners = 0;
    let onChange: (devices: readonly MediaDeviceInfo[]) => void = () => {};
    let list: MediaDeviceInfo[] = [
      { deviceId: 'cam1', groupId: 'g1', kind: 'videoinput', label: 'Cam 1' } as MediaDeviceInfo,
    ];
    const source: MediaDevicesSource = {
      list: vi.fn(async () => list),
      watch(cb) {
        listeners += 1;
        onChange = cb;
        return () => {
          listeners -= 1;
        };
      },
    };
    const { store } = setup({ mediaDevices: source });
    expect(store.getState().devices.status).toBe('idle');
    expect(source.list).not.toHaveBeenCalled();

    const stopA = store.watchDevices();
    const stopB = store.watchDevices();
    expect(listeners).toBe(1);
    await vi.waitFor(() => expect(store.getState().devices.status).toBe('ready'));
    expect(store.getState().devices.videoinput.map((d) => d.deviceId)).toEqual(['cam1']);

    list = [...list, { deviceId: 'mic1', groupId: 'g2', kind: 'audioinput', label: 'Mic' } as MediaDeviceInfo];
    onChange(list);
    await vi.waitFor(() => expect(store.getState().devices.audioinput).toHaveLength(1));
    stopA();
    expect(listeners).toBe(1);
    stopB();
    expect(listeners).toBe(0);
    store.destroy();
  });
});
