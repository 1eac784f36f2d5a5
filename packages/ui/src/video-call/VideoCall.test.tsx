// @vitest-environment jsdom
/**
 * `<VideoCall>` over the hooks' fake engine, whose events a test fires by hand: for what needs exact timing
 * (several changes in one React batch, a fake clock). Real calls are in VideoCall.browser.test.tsx.
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
// The hooks' fake engine: events by hand, so several changes can land in one React batch.
import { FakeClient, fakeStats } from '../../../hooks/src/test-utils/fakeClient.js';
import { VideoCall, type VideoCallProps } from './VideoCall.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** `<VideoCall>` (no stats polling) over the hooks' fake engine: `client`, or a new one of alice's. */
function renderCall(client = new FakeClient('alice@example.test'), props: Partial<VideoCallProps> = {}) {
  const view = render(
    <CallProvider client={client}>
      <VideoCall statsInterval={0} {...props} />
    </CallProvider>,
  );
  return { client, ...view };
}

function liveCall() {
  const client = new FakeClient('alice@example.test');
  const session = client.createSession([BOB, CAROL], 'audio');
  session.setState('active');
  const { container } = renderCall(client);
  const told = () => [...container.querySelectorAll('[role="status"] p')].map((node) => node.textContent);
  return { session, told };
}

describe("<VideoCall>'s header", () => {
  it('names who the call is with: not who declined or left', () => {
    const { session } = liveCall();
    act(() => {
      session.setPeerState(BOB, 'connected');
      session.setPeerState(CAROL, 'wait');
    });
    // A heading, for screen-reader users who move from heading to heading.
    const title = () => screen.getByRole('heading', { level: 2 }).textContent;
    expect(title()).toBe('Bob and Carol');
    act(() => session.setPeerState(CAROL, 'rejected'));
    expect(title()).toBe('Bob');
  });
});

describe("<VideoCall>'s live region", () => {
  it('keeps every sentence of news that comes together, each in a node of its own', () => {
    const { session, told } = liveCall();
    act(() => {
      session.setPeerState(BOB, 'connected');
      session.setPeerState(CAROL, 'connected');
    });
    expect(told()).toEqual(['Bob joined the call.', 'Carol joined the call.']);
  });

  it('adds the same words again when the same thing happens again, and keeps only the latest few', () => {
    const { session, told } = liveCall();
    act(() => session.setPeerState(BOB, 'connected'));
    act(() => session.setPeerState(CAROL, 'connected'));
    for (let i = 0; i < 2; i++) {
      act(() => session.setPeerState(BOB, 'disconnected'));
      act(() => session.setPeerState(BOB, 'connected'));
    }
    expect(told()).toEqual([
      'Reconnecting to Bob…',
      'Reconnected to Bob.',
      'Reconnecting to Bob…',
      'Reconnected to Bob.',
    ]);
  });

  it('says once that the link to someone turned poor, as their tile shows it', () => {
    const { session, told } = liveCall();
    act(() => {
      session.setPeerState(BOB, 'connected');
      session.setPeerState(CAROL, 'connected');
    });
    // Bob's link degrades, and stays poor over several samples.
    for (let i = 0; i < 3; i++) act(() => session.emitStats([{ ...fakeStats(BOB, 900 + i), packetLoss: 0.2 }]));
    expect(screen.getByRole('group', { name: 'Bob' }).querySelector('.meshcall-badge--poor')?.textContent).toBe(
      'Poor connection',
    );
    expect(told().filter((sentence) => sentence?.startsWith('Poor connection'))).toEqual(['Poor connection to Bob.']);
  });
});

/** Live regions that came into the page already holding their message: screen readers may not read those. */
function watchNewRegions(): { readonly found: string[]; stop(): void } {
  const found: string[] = [];
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof HTMLElement)) continue;
        for (const region of [node, ...node.querySelectorAll<HTMLElement>('*')]) {
          if (region.matches('[role="status"], [role="alert"]') && region.textContent) found.push(region.textContent);
        }
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return { found, stop: () => observer.disconnect() };
}

describe("<VideoCall>'s screens, as screen readers hear them", () => {
  it('calling, reconnecting, back again and the end are said in live regions that were in the page before', () => {
    const { client, container } = renderCall();
    const told = (role: 'status' | 'alert') =>
      [...container.querySelectorAll(`[role="${role}"] p`)].map((node) => node.textContent);
    const fresh = watchNewRegions();
    const session = client.createSession([BOB], 'audio');
    act(() => void session.start());
    expect(screen.getByRole('heading', { name: 'Calling Bob…' })).toBeTruthy();
    expect(told('status')).toEqual(['Calling Bob…']);

    act(() => {
      session.setState('active');
      session.setPeerState(BOB, 'connected');
    });
    act(() => session.setPeerState(BOB, 'disconnected'));
    expect(screen.getByRole('heading', { name: 'Reconnecting…' })).toBeTruthy();
    act(() => session.setPeerState(BOB, 'connected'));
    expect(screen.queryByRole('heading', { name: 'Reconnecting…' })).toBeNull();
    act(() => client.remove(session, 'connectionLost'));
    expect(screen.getByRole('heading', { name: 'Call ended' })).toBeTruthy();
    fresh.stop();

    expect(told('status')).toEqual([
      'Calling Bob…',
      'Bob joined the call.',
      'Reconnecting… The connection dropped. Trying to restore it.',
      'Reconnected to Bob.',
    ]);
    // A failure is said at once.
    expect(told('alert')).toEqual(['Call ended. The connection was lost.']);
    expect(fresh.found).toEqual([]);
  });
});

describe("<VideoCall>'s end screen", () => {
  it("says who could not be reached instead of 'No answer.', beside who did not answer", () => {
    const { client } = renderCall();
    const FRANK = 'frank@nowhere.invalid';
    const alone = client.createSession([FRANK], 'audio');
    act(() => void alone.start());
    act(() => alone.setPeerState(FRANK, 'unreachable'));
    act(() => client.remove(alone, 'notAnswered'));
    expect(screen.getByText('Frank can’t be reached.')).toBeTruthy();
    expect(screen.queryByText('No answer.')).toBeNull();
    act(() => screen.getByRole('button', { name: 'Close' }).click());

    const group = client.createSession([BOB, FRANK], 'audio');
    act(() => void group.start());
    act(() => {
      group.setPeerState(FRANK, 'unreachable');
      group.setPeerState(BOB, 'notAnswered');
    });
    act(() => client.remove(group, 'notAnswered'));
    expect(screen.getByText('Frank can’t be reached. Bob did not answer.')).toBeTruthy();
  });

  it('names the caller of a call that stopped ringing here: hung up, or missed', () => {
    const { client } = renderCall();
    let bobs!: ReturnType<FakeClient['ring']>;
    act(() => {
      bobs = client.ring(BOB, 'audio');
    });
    act(() => bobs.close('cancelled'));
    expect(screen.getByText('Bob hung up before you answered.')).toBeTruthy();
    act(() => screen.getByRole('button', { name: 'Close' }).click());
    act(() => {
      bobs = client.ring(BOB, 'audio');
    });
    act(() => bobs.close('noAction'));
    expect(screen.getByRole('heading', { name: 'Missed call' })).toBeTruthy();
    expect(screen.getByText('You missed a call from Bob.')).toBeTruthy();
  });

  it('gives the advice that fits the camera or microphone failure that ended the call', () => {
    const endScreenAfter = (code: 'media-no-device' | 'media-device-busy' | 'media-permission-denied') => {
      const { client, container, unmount } = renderCall();
      const call = client.ring(BOB, 'audio');
      act(() => void call.accept());
      act(() => call.close('mediaError', call.emitError(code)));
      const alerts = [...container.querySelectorAll('[role="alert"] p')].map((node) => node.textContent).join(' ');
      const text = `${screen.getByRole('heading', { name: 'Can’t use your camera or microphone' }).parentElement?.textContent}`;
      unmount();
      return { text, alerts };
    };
    const noDevice = endScreenAfter('media-no-device');
    expect(noDevice.text).toContain('No camera or microphone was found. Connect one, then try again.');
    expect(noDevice.alerts).toContain('No camera or microphone was found.');
    const busy = endScreenAfter('media-device-busy');
    expect(busy.text).toContain('Another app is using your camera or microphone. Close it, then try again.');
    expect(endScreenAfter('media-permission-denied').text).toContain('site settings');
  });

  it('shows nothing for a call the app created and hung up before it started: nobody heard of it', () => {
    const { client } = renderCall(undefined, { idle: <p>Lobby</p> });
    const session = client.createSession([BOB], 'audio');
    expect(screen.queryByRole('heading', { name: /^Calling/ })).toBeNull();
    act(() => session.hangUp());
    expect(screen.getByText('Lobby')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: /^(Call ended|Call not connected)$/ })).toBeNull();
  });

  it('stays until Close, however long the store would keep the ended call', () => {
    vi.useFakeTimers();
    const client = new FakeClient('alice@example.test');
    const session = client.createSession([BOB], 'audio');
    void session.start(); // the call goes out: pending, with its start time
    render(
      <CallProvider client={client} options={{ endedRetention: 5_000 }}>
        <VideoCall statsInterval={0} />
      </CallProvider>,
    );
    act(() => client.remove(session, 'notAnswered'));
    expect(screen.getByText('No answer.')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(screen.getByText('No answer.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Call again' })).toBeTruthy();

    act(() => screen.getByRole('button', { name: 'Close' }).click());
    expect(screen.queryByText('No answer.')).toBeNull();
  });
});

describe("<VideoCall>'s sound", () => {
  it("plays each participant's voice and the sound of the screen they share, each on an element of its own", () => {
    const { session } = liveCall();
    act(() => session.setPeerState(BOB, 'connected'));
    const played = () => [...document.querySelectorAll('.meshcall-audio audio')].length;
    act(() => {
      session.addRemoteTrack(BOB, 'audio');
      session.addRemoteTrack(CAROL, 'audio');
    });
    expect(played()).toBe(2);
    act(() => {
      session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: true });
      session.shareScreenSound(BOB);
    });
    expect(played()).toBe(3);
  });
});

describe('"End call and accept"', () => {
  /** A live video call with bob, and carol ringing over it; her accept waits (a permission prompt) until told. */
  function carolRingsOverACall(localMedia = { audioMuted: false, videoMuted: false, screenSharing: true }) {
    const client = new FakeClient('alice@example.test');
    const current = client.createSession([BOB], 'video');
    current.localMedia = { ...current.localMedia, ...localMedia };
    current.setState('active');
    renderCall(client);
    let ringing!: ReturnType<FakeClient['ring']>;
    act(() => {
      ringing = client.ring(CAROL, 'video');
    });
    let settle!: (answered: boolean) => void;
    ringing.accept = () => {
      ringing.calls.push('accept');
      ringing.setState('connecting');
      return new Promise<void>((resolve, reject) => {
        settle = (answered) => (answered ? resolve() : reject(new Error('camera busy')));
      });
    };
    const click = () => act(async () => screen.getByRole('button', { name: 'End call and accept' }).click());
    return { current, ringing, click, settle: (answered: boolean) => act(async () => settle(answered)) };
  }

  it('puts the current call on hold at once, and ends it once the new call is answered', async () => {
    const { current, click, settle } = carolRingsOverACall();
    await click();
    // The screen is the new call's now: the one left behind hears and sees nothing more of the user.
    expect(current.state).toBe('active');
    expect(current.calls).toEqual(['setAudioMuted:true', 'setVideoMuted:true', 'stopScreenShare']);
    await settle(true);
    expect(current.calls.at(-1)).toBe('hangUp');
  });

  it('takes the current call off hold, as it was, if the new one could not be answered', async () => {
    const { current, click, settle } = carolRingsOverACall({
      audioMuted: false,
      videoMuted: true,
      screenSharing: false,
    });
    await click();
    expect(current.calls).toEqual(['setAudioMuted:true']); // the camera was off already
    await settle(false);
    expect(current.calls).toEqual(['setAudioMuted:true', 'setAudioMuted:false']);
    expect(current.state).toBe('active');
  });
});

describe('two calls ringing', () => {
  it('the dialog that takes the place of one whose caller gave up ignores a click meant for that one', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const { client } = renderCall();
    let bobs!: ReturnType<FakeClient['ring']>;
    let carols!: ReturnType<FakeClient['ring']>;
    act(() => {
      bobs = client.ring(BOB, 'audio');
      carols = client.ring(CAROL, 'audio');
    });
    expect(screen.getByRole('alertdialog', { name: 'Bob is calling' })).toBeTruthy();
    act(() => bobs.close('cancelled')); // a moment before the user's click lands
    const accept = () => act(async () => screen.getByRole('button', { name: 'Accept' }).click());
    expect(screen.getByRole('alertdialog', { name: 'Carol is calling' })).toBeTruthy();
    await accept();
    expect(carols.calls).toEqual([]);
    vi.advanceTimersByTime(600); // once it has been seen, it answers
    await accept();
    expect(carols.calls).toEqual(['accept']);
  });
});

describe('the end screen of a call while another rings over it', () => {
  function endedCallWithRingingOverIt() {
    const { client } = renderCall(undefined, { idle: <p>Lobby</p> });
    const first = client.createSession([BOB], 'audio');
    act(() => void first.start());
    act(() => first.setState('active'));
    act(() => first.close('remoteEnded')); // bob hung up: the end screen
    let ringing!: ReturnType<FakeClient['ring']>;
    act(() => {
      ringing = client.ring(CAROL, 'audio');
    });
    const endScreen = () => screen.queryByText('Everyone else left the call.');
    expect(endScreen()).not.toBeNull();
    return { ringing, endScreen };
  }

  it('stays when the call ringing over it ends without a screen of its own, until Close', () => {
    const { ringing, endScreen } = endedCallWithRingingOverIt();
    const dialog = screen.getByRole('alertdialog', { name: 'Carol is calling' });
    act(() => within(dialog).getByRole('button', { name: 'Decline' }).click());
    expect(ringing.state).toBe('closed');
    expect(endScreen()).not.toBeNull();
    expect(screen.queryByText('Lobby')).toBeNull();
    act(() => screen.getByRole('button', { name: 'Close' }).click());
    expect(endScreen()).toBeNull();
    expect(screen.getByText('Lobby')).toBeTruthy();
  });

  it('stays when the call ringing over it is answered on another device', () => {
    const { ringing, endScreen } = endedCallWithRingingOverIt();
    act(() => ringing.close('answeredElsewhere'));
    expect(endScreen()).not.toBeNull();
  });
});
