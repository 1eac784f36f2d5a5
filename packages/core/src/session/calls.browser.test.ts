/**
 * Real calls in real Chromium: real RTCPeerConnections, the fake camera/microphone, signals over a
 * MemoryNetwork (encoded to XML and parsed again on every hop).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import { LocalMedia } from '../media/local-media.js';
import {
  everyLinkConnected,
  expectEveryLinkFlowing,
  expectVideoFlowing,
  incoming,
  meshCall,
  nextEvent,
  record,
  ringingCall,
  trackResources,
  waitFor,
} from '../testing/harness.js';
import { createSyntheticStream, type SyntheticStream } from '../testing/synthetic-media.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import type { CallSession } from './call-session.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';
const DAVE = 'dave@example.test';

let network: MemoryNetwork;
let clients: CallClient[];
let sentKinds: string[];
let resources: ReturnType<typeof trackResources>;

beforeEach(() => {
  network = new MemoryNetwork({ latencyMs: 2 });
  clients = [];
  sentKinds = [];
  resources = trackResources();
});

afterEach(async () => {
  for (const client of clients) await client.destroy();
  resources.restore();
});

function client(user: string, config: Partial<CallClientConfig> = {}): CallClient {
  const transport = network.createTransport(user);
  const send = transport.send.bind(transport);
  transport.send = (to, signal) => {
    sentKinds.push(signal.kind);
    return send(to, signal);
  };
  const created = new CallClient({ transport, ...config });
  clients.push(created);
  return created;
}

/** The size of the frames `track` plays at, once two frames were shown. */
async function playedSize(track: MediaStreamTrack): Promise<{ width: number; height: number }> {
  const video = document.createElement('video');
  video.muted = true;
  video.srcObject = new MediaStream([track]);
  await video.play();
  for (let frame = 0; frame < 2; frame++) {
    await new Promise((resolve) => video.requestVideoFrameCallback(resolve));
  }
  const size = { width: video.videoWidth, height: video.videoHeight };
  video.srcObject = null;
  return size;
}

describe('a call started from a lobby preview', () => {
  it('sends the preview’s own tracks with the choices made on it, opens nothing again, and releases them at the end', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const preview = new LocalMedia({ callType: 'video' });
    await preview.acquire();
    preview.setAudioMuted(true);
    const [microphone, camera] = [preview.audioTrack, preview.videoTrack];
    const opened = resources.liveCaptureTracks();
    const outgoing = alice.createSession([BOB], 'video');
    const ringing = incoming(bob);
    await outgoing.start({}, { media: preview });
    const call = await ringing;
    await call.accept();
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'active');
    expect(outgoing.localStream?.getTracks()).toEqual([microphone, camera]);
    expect(outgoing.localMedia.audioMuted).toBe(true);
    await waitFor(() => call.peers.get(ALICE)?.media?.audioMuted === true, 'bob hears alice is muted');
    await expectVideoFlowing(call, ALICE);
    // Bob's media is new; Alice's came from the preview: nothing of hers was opened again.
    expect(resources.liveCaptureTracks()).toBe(opened + 2);
    outgoing.hangUp();
    await waitFor(() => call.state === 'closed', 'ended');
    expect([microphone?.readyState, camera?.readyState]).toEqual(['ended', 'ended']);
    expect(resources.liveCaptureTracks()).toBe(0);
  });

  it('a preview with its camera on, handed to a call started without video, turns the camera off', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const preview = new LocalMedia({ callType: 'video' });
    await preview.acquire();
    const camera = preview.videoTrack;
    const outgoing = alice.createSession([BOB], 'video');
    const ringing = incoming(bob);
    await outgoing.start({}, { media: preview, video: false });
    await ringing;
    expect(camera?.readyState).toBe('ended');
    expect(outgoing.localMedia.videoMuted).toBe(true);
    outgoing.hangUp();
  });
});

describe('1:1 calls', () => {
  it('video call: accept, media flows both ways, hang up ends both sides with nothing left open', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const outgoing = alice.createSession([BOB], 'video');
    const aliceEvents = { accepted: record(outgoing, 'accepted'), states: record(outgoing, 'stateChanged') };
    const aliceTracks = record(outgoing, 'localTrack');
    const ringing = incoming(bob);
    await outgoing.start({ topic: 'standup' });
    const call = await ringing;
    // Each local track is announced once (LocalMedia's own announcements while acquiring are not repeated).
    expect(aliceTracks.map(({ kind, source }) => `${kind} from ${source}`)).toEqual([
      'audio from microphone',
      'video from camera',
    ]);

    expect(call.initiator).toBe(ALICE);
    expect(call.callType).toBe('video');
    expect(call.userInfo).toEqual({ topic: 'standup' });
    expect(call.state).toBe('pending');
    const remoteTracks = record(call, 'remoteTrack');
    await call.accept({ name: 'Bob' });

    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'both sessions active');
    expect(aliceEvents.accepted).toEqual([{ userId: BOB, userInfo: { name: 'Bob' } }]);
    expect(aliceEvents.states.map((s) => s.state)).toEqual(['pending', 'connecting', 'active']);
    expect(outgoing.getPeerState(BOB)).toBe('connected');
    expect(call.getPeerState(ALICE)).toBe('connected');
    expect(remoteTracks.map((t) => t.kind).sort()).toEqual(['audio', 'video']);
    expect(call.peers.get(ALICE)?.videoTrack?.readyState).toBe('live');

    await expectVideoFlowing(outgoing, BOB);
    await expectVideoFlowing(call, ALICE);

    const hungUp = nextEvent(call, 'hungUp');
    outgoing.hangUp({ reason: 'done' });
    expect((await hungUp).userInfo).toEqual({ reason: 'done' });
    await waitFor(() => call.state === 'closed', 'callee closed');
    expect(outgoing.closeReason).toBe('hungUp');
    expect(call.closeReason).toBe('remoteEnded');
    expect(alice.sessions.size + bob.sessions.size).toBe(0);
    expect(resources.openPeerConnections()).toBe(0);
    expect(resources.liveCaptureTracks()).toBe(0);
  });

  it('audio call carries only audio', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing, call] = await ringingCall(alice, bob, 'audio');
    const tracks = record(call, 'remoteTrack');
    await call.accept();
    await waitFor(() => call.state === 'active' && outgoing.state === 'active', 'active');
    await waitFor(() => tracks.length > 0, 'remote track');
    expect(tracks.map((t) => t.kind)).toEqual(['audio']);
    expect(outgoing.localStream?.getVideoTracks()).toHaveLength(0);
    call.hangUp();
    await waitFor(() => outgoing.state === 'closed', 'caller closed');
  });

  it('reject: the caller learns it with userInfo and both sessions close', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    const rejected = nextEvent(outgoing, 'rejected');
    call.reject({ why: 'busy now' });
    expect(await rejected).toEqual({ userId: BOB, userInfo: { why: 'busy now' }, reason: 'declined' });
    await waitFor(() => outgoing.state === 'closed', 'caller closed');
    expect(outgoing.getPeerState(BOB)).toBe('rejected');
    expect(call.closeReason).toBe('rejected');
    expect(resources.liveCaptureTracks()).toBe(0);
  });

  it('no answer: notAnswered at the caller, the callee stops ringing', async () => {
    const alice = client(ALICE, { answerTimeout: 1500, dialingInterval: 400 });
    const bob = client(BOB, { answerTimeout: 60_000 });
    const calls = record(bob, 'incomingCall');
    const [outgoing, call] = await ringingCall(alice, bob, 'audio');
    const notAnswered = await nextEvent(outgoing, 'notAnswered');
    expect(notAnswered.userId).toBe(BOB);
    await waitFor(() => call.state === 'closed', 'callee stopped ringing');
    expect(call.closeReason).toBe('noAction');
    expect(outgoing.closeReason).toBe('notAnswered');
    expect(calls).toHaveLength(1); // dialing re-sends never ring twice
  });

  it('closing the page hangs up: the other side hears it at once', async () => {
    const alice = client(ALICE);
    const bob = client(BOB, { hangUpOnPageHide: false }); // same page here: only alice "leaves"
    const [outgoing, call] = await ringingCall(alice, bob, 'audio');
    await call.accept();
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'call active');
    const hungUp = nextEvent(call, 'hungUp');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect((await hungUp).userId).toBe(ALICE);
    expect(outgoing.closeReason).toBe('hungUp');
    await waitFor(() => call.state === 'closed', 'bob closed');
    expect(call.closeReason).toBe('remoteEnded');
  });

  it('hang up while connecting leaves both sides closed and nothing open', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    const accepting = call.accept();
    outgoing.hangUp();
    await accepting;
    await waitFor(() => call.state === 'closed', 'callee closed');
    expect(outgoing.state).toBe('closed');
    await waitFor(() => resources.openPeerConnections() === 0, 'no open peer connections');
    expect(resources.liveCaptureTracks()).toBe(0);
  });
});

describe('media during a call', () => {
  async function activeCall(config: Partial<CallClientConfig> = {}) {
    const alice = client(ALICE, config);
    const bob = client(BOB, config);
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    await call.accept();
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'active');
    return { outgoing, call };
  }

  /** The video track alice's connection (the first one made) currently sends. */
  function sentVideoTrack(): MediaStreamTrack | null | undefined {
    const [alicesConnection] = resources.connections();
    return alicesConnection?.getSenders().find((sender) => sender.track?.kind === 'video')?.track;
  }

  it('periodic and on-demand stats give bitrate, RTT, loss and the incoming resolution', async () => {
    const { outgoing } = await activeCall({ statsInterval: 300 });
    await expectVideoFlowing(outgoing, BOB);
    const { stats } = await nextEvent(outgoing, 'stats', ({ stats }) => (stats.get(BOB)?.incomingBitrate ?? 0) > 0);
    const bob = stats.get(BOB)!;
    expect(bob.rttMs).toBeGreaterThanOrEqual(0);
    expect(bob.outgoingBitrate).toBeGreaterThan(0);
    expect(bob.packetLoss).toBeGreaterThanOrEqual(0);
    expect(bob.video?.width).toBeGreaterThan(0);
    expect(bob.video?.height).toBeGreaterThan(0);
  });

  it('a call opens the devices set with setPreferredDevices (those picked in a lobby), on both sides', async () => {
    const listed = await navigator.mediaDevices.enumerateDevices();
    const last = (kind: MediaDeviceKind) => listed.filter((d) => d.kind === kind && d.deviceId !== 'default').at(-1);
    const [microphone, camera] = [last('audioinput'), last('videoinput')];
    if (!microphone || !camera) throw new Error(`Chromium listed no fake devices: ${JSON.stringify(listed)}`);
    const alice = client(ALICE);
    const bob = client(BOB);
    for (const side of [alice, bob]) {
      side.setPreferredDevices({ audioinput: microphone.deviceId, videoinput: camera.deviceId });
    }
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    await call.accept();
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'active');
    for (const session of [outgoing, call]) {
      expect([session.localMedia.audioDeviceId, session.localMedia.videoDeviceId]).toEqual([
        microphone.deviceId,
        camera.deviceId,
      ]);
    }
  });

  it('switching the microphone swaps the sent track without renegotiation', async () => {
    const { outgoing, call } = await activeCall();
    const microphones = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput');
    const current = outgoing.localMedia.audioDeviceId;
    const other = microphones.find((d) => d.deviceId !== current && d.deviceId !== 'default');
    expect(other).toBeDefined();
    const swapped = nextEvent(outgoing, 'localTrack', ({ kind }) => kind === 'audio');
    sentKinds = [];
    await outgoing.selectDevice('audioinput', other!.deviceId);
    const { track } = await swapped;
    expect(track?.readyState).toBe('live');
    expect(outgoing.localMedia.audioDeviceId).toBe(other!.deviceId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // replaceTrack only: no offer/answer (a late ICE candidate batch may still cross, and is no renegotiation)
    expect(sentKinds.filter((kind) => kind !== 'candidates')).toEqual([]);
    expect(call.getPeerState(ALICE)).toBe('connected');
  });

  it('screen sharing replaces the camera for everyone and back', async () => {
    const { outgoing, call } = await activeCall();
    const shared = nextEvent(call, 'remoteMediaChanged', ({ media }) => media.screenSharing);
    const local = nextEvent(outgoing, 'localTrack', ({ source }) => source === 'screen');
    await outgoing.startScreenShare();
    await local;
    await shared;
    expect(outgoing.localMedia.screenSharing).toBe(true);
    const back = nextEvent(call, 'remoteMediaChanged', ({ media }) => !media.screenSharing);
    await outgoing.stopScreenShare();
    await back;
    await expectVideoFlowing(call, ALICE);
  });

  it("a shared screen carries the sharer's camera beside it, at half the camera's size, until sharing stops", async () => {
    const { outgoing, call } = await activeCall({ statsInterval: 300 });
    const arrived = nextEvent(call, 'remoteSideCamera', ({ track }) => track !== null);
    await outgoing.startScreenShare();
    const { track } = await arrived;
    const camera = outgoing.localSideCamera;
    const side = await playedSize(track!);
    const shown = await playedSize(call.peers.get(ALICE)!.videoTrack!);
    expect(side.width).toBeGreaterThan(0);
    expect(side.width).toBeLessThanOrEqual((camera?.getSettings().width ?? 0) / 2);
    expect(shown.width).toBeGreaterThan(side.width);
    // The figures of the video are the screen's, not the side camera's.
    for (let sample = 0; sample < 3; sample++) {
      const { stats } = await nextEvent(call, 'stats', ({ stats }) => (stats.get(ALICE)?.video?.width ?? 0) > 0);
      expect(stats.get(ALICE)?.video?.width).toBeGreaterThan(side.width);
    }
    const gone = nextEvent(call, 'remoteSideCamera', ({ track }) => track === null);
    await outgoing.stopScreenShare();
    await gone;
    expect(call.peers.get(ALICE)?.sideCameraTrack).toBeNull();
  });

  it("a shared tab's sound reaches the others beside the microphone, until sharing stops", async () => {
    const { outgoing, call } = await activeCall();
    // The picker hands over a tab with its sound (a synthetic slide and tone stand in for it).
    const tab = createSyntheticStream({ label: 'tab', video: true, audio: true, volume: 0.2 });
    const devices = navigator.mediaDevices;
    const original = devices.getDisplayMedia;
    devices.getDisplayMedia = async () => new MediaStream(tab.stream.getTracks());
    try {
      const arrived = nextEvent(call, 'remoteScreenAudio', ({ track }) => track !== null);
      await outgoing.startScreenShare();
      const { track } = await arrived;
      expect(track?.kind).toBe('audio');
      expect(track).not.toBe(call.peers.get(ALICE)?.audioTrack); // her voice stays her voice
      // Its packets come in on a receiver of its own.
      const receiver = resources
        .connections()
        .flatMap((pc) => pc.getReceivers())
        .find((each) => each.track === track);
      const packets = async () => {
        let received = 0;
        for (const entry of (await receiver!.getStats()).values()) {
          if (entry.type === 'inbound-rtp') received += entry.packetsReceived ?? 0;
        }
        return received;
      };
      await expect.poll(packets, { timeout: 5_000 }).toBeGreaterThan(20); // 50 a second
      const gone = nextEvent(call, 'remoteScreenAudio', ({ track }) => track === null);
      await outgoing.stopScreenShare();
      await gone;
      expect(call.peers.get(ALICE)?.screenAudioTrack).toBeNull();
    } finally {
      devices.getDisplayMedia = original;
      tab.stop();
    }
  });

  it('sharing stopped the moment it started sends the camera again, not the ended screen track', async () => {
    const { outgoing, call } = await activeCall();
    // No waiting in between: the screen's replaceTrack is still in flight when sharing stops.
    await outgoing.startScreenShare();
    await outgoing.stopScreenShare();
    await expectVideoFlowing(call, ALICE);
    const [camera] = outgoing.localStream?.getVideoTracks() ?? [];
    expect(camera?.readyState).toBe('live');
    expect(sentVideoTrack()).toBe(camera);
  });
  it('answering a video call without the camera, then turning it on: the caller starts seeing video', async () => {
    const alice = client(ALICE);
    const bob = client(BOB);
    const [outgoing, call] = await ringingCall(alice, bob, 'video');
    await call.accept({}, { video: false });
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'active');
    expect(call.localStream?.getVideoTracks()).toEqual([]);
    await waitFor(() => outgoing.peers.get(BOB)?.media?.videoMuted === true, 'alice sees bob’s camera off');
    await expectVideoFlowing(call, ALICE); // bob still sees alice
    sentKinds = [];
    await call.setVideoMuted(false);
    await waitFor(() => outgoing.peers.get(BOB)?.media?.videoMuted === false, 'alice sees bob’s camera on');
    await expectVideoFlowing(outgoing, BOB);
    expect(sentKinds).not.toContain('description'); // the video section was there all along: no renegotiation
  });

  it('hanging up while the screen picker is still open leaves no screen capture running', async () => {
    const { outgoing, call } = await activeCall();
    const devices = navigator.mediaDevices;
    const original = devices.getDisplayMedia;
    let requested = false;
    const captured: MediaStreamTrack[] = [];
    devices.getDisplayMedia = async (options) => {
      requested = true;
      const stream = await original.call(devices, options);
      captured.push(...stream.getTracks());
      return stream;
    };
    try {
      const sharing = outgoing.startScreenShare();
      await waitFor(() => requested, 'the screen picker is open');
      outgoing.hangUp();
      // Cut short by the hang-up: nothing went wrong, so the promise settles quietly.
      await expect(sharing).resolves.toBeUndefined();
      await waitFor(() => call.state === 'closed', 'bob’s side ends');
      await waitFor(() => captured.length > 0, 'the picker answered');
      await waitFor(() => captured.every((track) => track.readyState === 'ended'), 'the screen capture stopped');
    } finally {
      devices.getDisplayMedia = original;
    }
  });

  it('a burst of camera, screen and mute changes without waiting settles on what was asked last', async () => {
    const { outgoing, call } = await activeCall();
    // What an impatient user does with the buttons: nothing awaited until the end.
    await Promise.all([
      outgoing.setVideoMuted(true),
      outgoing.setVideoMuted(false),
      outgoing.startScreenShare(),
      outgoing.setVideoMuted(true),
      outgoing.stopScreenShare(),
      outgoing.setVideoMuted(false),
      outgoing.startScreenShare(),
      outgoing.stopScreenShare(),
      Promise.resolve(outgoing.setAudioMuted(true)),
      Promise.resolve(outgoing.setAudioMuted(false)),
    ]);
    expect(outgoing.localMedia).toMatchObject({ audioMuted: false, videoMuted: false, screenSharing: false });
    await waitFor(() => {
      const media = call.peers.get(ALICE)?.media;
      return media?.audioMuted === false && media.videoMuted === false && media.screenSharing === false;
    }, 'bob sees alice unmuted, camera on, not sharing');
    await expectVideoFlowing(call, ALICE);
    const [camera] = outgoing.localStream?.getVideoTracks() ?? [];
    expect(camera?.readyState).toBe('live');
    expect(sentVideoTrack()).toBe(camera);
    expect(resources.liveCaptureTracks()).toBe(4); // alice's and bob's microphone and camera: no camera left open
  });
});

describe('who is speaking', () => {
  /** Plays a session's remote audio, as CallAudio does: browsers measure received audio only while it plays. */
  function playRemoteAudio(session: CallSession): void {
    session.on('remoteTrack', ({ kind, stream }) => {
      if (kind !== 'audio') return;
      const element = document.createElement('audio');
      element.srcObject = stream;
      document.body.append(element);
      void element.play();
      session.on('closed', () => element.remove());
    });
  }

  it('both sides see who talks, nobody while muted, and the silent one never', async () => {
    // alice sends a steady tone above the speech threshold, bob sends silence.
    const tone: SyntheticStream = createSyntheticStream({ label: 'alice', video: false, volume: 0.05 });
    const silence: SyntheticStream = createSyntheticStream({ label: 'bob', video: false, volume: 0 });
    try {
      const alice = client(ALICE);
      const bob = client(BOB);
      const outgoing = alice.createSession([BOB], 'audio');
      const ringing = incoming(bob);
      playRemoteAudio(outgoing);
      await outgoing.start({}, { stream: tone.stream });
      const call = await ringing;
      playRemoteAudio(call);
      const aliceLists = record(outgoing, 'speakersChanged');
      const bobLists = record(call, 'speakersChanged');
      await call.accept({}, { stream: silence.stream });

      const speaking = (speakers: readonly string[]) => speakers.length === 1 && speakers[0] === ALICE;
      await nextEvent(call, 'speakersChanged', ({ speakers }) => speaking(speakers));
      await waitFor(() => speaking(outgoing.speakers), 'alice hears herself speaking');

      outgoing.setAudioMuted(true);
      await nextEvent(call, 'speakersChanged', ({ speakers }) => speakers.length === 0);
      await waitFor(() => outgoing.speakers.length === 0, 'alice muted: nobody speaking at alice');

      outgoing.setAudioMuted(false);
      await nextEvent(call, 'speakersChanged', ({ speakers }) => speaking(speakers));
      expect([...aliceLists, ...bobLists].some(({ speakers }) => speakers.includes(BOB))).toBe(false);
      expect(call.speakers).toEqual([ALICE]);
      call.hangUp();
      expect(call.speakers).toEqual([]); // a session that is ending has no speakers
    } finally {
      tone.stop();
      silence.stop();
    }
  });
});

describe('mesh calls', () => {
  /** Alice calls bob and carol; bob answers and is connected, carol still rings. */
  async function bobInCarolRinging() {
    const alice = client(ALICE);
    const callees = [client(BOB), client(CAROL)];
    const outgoing = alice.createSession([BOB, CAROL], 'video');
    const ringing = callees.map((callee) => incoming(callee));
    await outgoing.start();
    const [bobCall, carolCall] = (await Promise.all(ringing)) as [CallSession, CallSession];
    await bobCall.accept();
    await waitFor(() => outgoing.getPeerState(BOB) === 'connected', 'alice–bob connected');
    return { outgoing, bobCall, carolCall };
  }

  it('3 people: every pair connects and video flows on every link; one leaves, the others go on', async () => {
    const sessions = await meshCall(client(ALICE), [client(BOB), client(CAROL)]);
    await expectEveryLinkFlowing(sessions);
    const [alice, bob, carol] = sessions as [CallSession, CallSession, CallSession];
    alice.hangUp();
    await waitFor(() => bob.getPeerState(ALICE) === 'hungUp' && carol.getPeerState(ALICE) === 'hungUp', 'alice gone');
    expect(bob.state).toBe('active');
    expect(carol.state).toBe('active');
    await expectVideoFlowing(bob, CAROL);
    bob.hangUp();
    await waitFor(() => carol.state === 'closed', 'carol alone → closed');
    expect(carol.closeReason).toBe('remoteEnded');
  });

  it('a late joiner gets what is on already: the shared screen, a muted microphone, a camera turned off', async () => {
    const { outgoing, bobCall, carolCall } = await bobInCarolRinging();
    await outgoing.startScreenShare();
    bobCall.setAudioMuted(true);
    await bobCall.setVideoMuted(true);
    // Carol answers only now.
    await carolCall.accept();
    await waitFor(
      () => carolCall.getPeerState(ALICE) === 'connected' && carolCall.getPeerState(BOB) === 'connected',
      'carol connected to both',
    );
    await waitFor(() => carolCall.peers.get(ALICE)?.media?.screenSharing === true, 'carol sees alice sharing');
    await waitFor(() => {
      const media = carolCall.peers.get(BOB)?.media;
      return media?.audioMuted === true && media.videoMuted === true;
    }, 'carol sees bob muted with his camera off');
    await expectVideoFlowing(carolCall, ALICE); // the screen, on a link made after sharing began
  });

  it('callees who accept at the same moment connect to each other too', async () => {
    const alice = client(ALICE);
    const callees = [client(BOB), client(CAROL), client(DAVE)];
    const outgoing = alice.createSession([BOB, CAROL, DAVE], 'video');
    const ringing = callees.map((callee) => incoming(callee));
    await outgoing.start();
    const calls = await Promise.all(ringing);
    // Changes made while still connecting must reach the others too.
    await Promise.all(calls.map((call) => call.accept()));
    calls[0]?.setAudioMuted(true);
    const sessions = [outgoing, ...calls];
    await waitFor(() => everyLinkConnected(sessions), 'all 6 links connected', 20_000);
    await expectEveryLinkFlowing(sessions);
    const othersOfBob = sessions.filter((session) => session.localUser !== BOB);
    await waitFor(
      () => othersOfBob.every((session) => session.peers.get(BOB)?.media?.audioMuted === true),
      'alice, carol and dave see bob muted',
    );
  });

  it('someone who joined and left while another still rang is not waited for when that one answers', async () => {
    const { outgoing, bobCall, carolCall } = await bobInCarolRinging();
    await waitFor(() => carolCall.getPeerState(BOB) === 'pending', 'carol knows bob joined');
    bobCall.hangUp();
    await waitFor(() => carolCall.getPeerState(BOB) === 'hungUp', 'carol, still ringing, learns bob left');
    expect(outgoing.state).toBe('active'); // carol still rings
    await carolCall.accept();
    await waitFor(() => carolCall.getPeerState(ALICE) === 'connected', 'alice–carol connected');
    await expectVideoFlowing(carolCall, ALICE);
    expect(carolCall.getPeerState(BOB)).toBe('hungUp');
    expect(carolCall.state).toBe('active');
  });

  it('the video uplink budget is split between the two others, the browser keeps to it, and it is re-split when one leaves', async () => {
    // Alice (the caller, offering both her links) has 400 kbit/s, carol (answering both of hers) 300, bob none.
    const sessions = await meshCall(client(ALICE, { videoUplinkBitrate: 400_000 }), [
      client(BOB, { videoUplinkBitrate: 0 }),
      client(CAROL, { videoUplinkBitrate: 300_000 }),
    ]);
    const [alice, , carol] = sessions as [CallSession, CallSession, CallSession];
    const caps = () =>
      resources
        .connections()
        .filter((pc) => pc.signalingState !== 'closed')
        .map((pc) => pc.getTransceivers().find((t) => t.receiver.track.kind === 'video'))
        .map((video) => video?.sender.getParameters().encodings[0]?.maxBitrate ?? null)
        .sort();
    await waitFor(() => caps().filter((cap) => cap !== null).length === 4, 'alice’s and carol’s links capped');
    expect(caps()).toEqual([150_000, 150_000, 200_000, 200_000, null, null]);
    // The browser keeps to it: what alice sends bob (video, audio, overhead) over a second, 3 s in. Uncapped,
    // Chromium's fake camera is sent at about 500 kbit/s by then on loopback; capped, about 210.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await alice.getStats();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await alice.getStats()).get(BOB)?.outgoingBitrate).toBeLessThan(300_000);
    carol.hangUp();
    await waitFor(() => caps().includes(400_000), 'alice’s link to bob gets the whole budget');
    expect(caps()).toEqual([400_000, null]);
  });

  it('4 people: all 6 links connect with media flowing', async () => {
    const sessions = await meshCall(client(ALICE), [client(BOB), client(CAROL), client(DAVE)]);
    await expectEveryLinkFlowing(sessions);
    for (const session of sessions) session.hangUp();
    await waitFor(() => resources.openPeerConnections() === 0, 'every peer connection closed');
    expect(resources.liveCaptureTracks()).toBe(0);
  });
});
