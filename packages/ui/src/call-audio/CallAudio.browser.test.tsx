import { act, cleanup, render, screen } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { CallAudio } from './CallAudio.js';

/** `vi.waitFor` with room for a real browser on a busy machine (its default gives up after 1 s). */
const waitFor = <T,>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000 });

const context = new AudioContext();
function tone(): MediaStreamTrack {
  const oscillator = context.createOscillator();
  const destination = context.createMediaStreamDestination();
  oscillator.connect(destination);
  oscillator.start();
  const track = destination.stream.getAudioTracks()[0];
  if (!track) throw new Error('no audio track');
  return track;
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  Reflect.deleteProperty(document, 'visibilityState');
});

/** The page going to the background or coming back, as the browser tells it (headless Chromium is always visible). */
function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}
afterAll(() => context.close());

/** Chromium's fake audio outputs (`--use-fake-device-for-media-stream`): real devices setSinkId can route to. */
async function outputs(): Promise<string[]> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'audiooutput' && d.deviceId !== 'default').map((d) => d.deviceId);
}

function audioFor(container: HTMLElement, track: MediaStreamTrack): HTMLAudioElement | null {
  return container.querySelector(`audio[data-track-id="${track.id}"]`);
}

function tracksOf(element: HTMLMediaElement | null): MediaStreamTrack[] {
  const stream = element?.srcObject;
  return stream instanceof MediaStream ? stream.getTracks() : [];
}

describe('CallAudio', () => {
  it('plays each track in its own audio element and releases removed ones', async () => {
    const a = tone();
    const b = tone();
    const { container, rerender } = render(<CallAudio tracks={[a, b]} />);
    const audioA = audioFor(container, a);
    const audioB = audioFor(container, b);
    expect(tracksOf(audioA)).toEqual([a]);
    expect(tracksOf(audioB)).toEqual([b]);
    await waitFor(() => expect(audioA?.paused).toBe(false));

    rerender(<CallAudio tracks={[b]} />);
    expect(audioFor(container, a)).toBeNull();
    expect(audioA?.srcObject).toBeNull();
    expect(audioFor(container, b)).toBe(audioB);
  });

  it('routes output with setSinkId', async () => {
    const setSinkId = vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockResolvedValue(undefined);
    const track = tone();
    const { rerender } = render(<CallAudio tracks={[track]} sinkId="speaker-2" />);
    expect(setSinkId).toHaveBeenLastCalledWith('speaker-2');
    rerender(<CallAudio tracks={[track]} sinkId="speaker-3" />);
    // After the first switch is done (one at a time), and only once: this double never updates `sinkId`.
    await waitFor(() => expect(setSinkId).toHaveBeenLastCalledWith('speaker-3'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(setSinkId.mock.calls).toEqual([['speaker-2'], ['speaker-3']]);
  });

  it('a speaker chosen and chosen back before the switch finished: the sound plays on the one chosen last', async () => {
    const [headset, monitor] = await outputs();
    expect(headset && monitor).toBeTruthy();
    const track = tone();
    const { container, rerender } = render(<CallAudio tracks={[track]} sinkId={headset} />);
    const audio = audioFor(container, track);
    await waitFor(() => expect(audio?.sinkId).toBe(headset));
    // One speaker down and back up (arrow keys in the speaker <select>), before the first setSinkId resolved.
    act(() => rerender(<CallAudio tracks={[track]} sinkId={monitor} />));
    act(() => rerender(<CallAudio tracks={[track]} sinkId={headset} />));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(audio?.sinkId).toBe(headset);
  });

  it('a speaker chosen and the system output chosen back before the switch finished: the system output plays', async () => {
    const [headset] = await outputs();
    const track = tone();
    const { container, rerender } = render(<CallAudio tracks={[track]} />);
    const audio = audioFor(container, track);
    act(() => rerender(<CallAudio tracks={[track]} sinkId={headset} />));
    act(() => rerender(<CallAudio tracks={[track]} sinkId={undefined} />));
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(audio?.sinkId).toBe('');
  });

  it('goes back to the system output when sinkId is unset again', async () => {
    const setSinkId = vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockImplementation(function (
      this: HTMLMediaElement,
      id: string,
    ) {
      Object.defineProperty(this, 'sinkId', { value: id, configurable: true });
      return Promise.resolve();
    });
    const track = tone();
    const { container, rerender } = render(<CallAudio tracks={[track]} sinkId="headset" />);
    const audio = audioFor(container, track);
    await waitFor(() => expect(audio?.sinkId).toBe('headset'));
    rerender(<CallAudio tracks={[track]} sinkId={undefined} />);
    await waitFor(() => expect(audio?.sinkId).toBe(''));
    // A new element starts on the system output: nothing to set.
    setSinkId.mockClear();
    rerender(<CallAudio tracks={[track, tone()]} />);
    expect(setSinkId).not.toHaveBeenCalled();
  });

  it('reports a sink error', async () => {
    const error = new DOMException('no such device', 'NotFoundError');
    vi.spyOn(HTMLMediaElement.prototype, 'setSinkId').mockRejectedValue(error);
    const onSinkError = vi.fn();
    render(<CallAudio tracks={[tone()]} sinkId="gone" onSinkError={onSinkError} />);
    await waitFor(() => expect(onSinkError).toHaveBeenCalledWith(error));
  });

  it('offers a button when autoplay is refused, and retries on click', async () => {
    // Autoplay is allowed in this Chromium, so the policy's refusal is simulated once at play().
    const realPlay = HTMLMediaElement.prototype.play;
    vi.spyOn(HTMLMediaElement.prototype, 'play')
      .mockImplementationOnce(() => Promise.reject(new DOMException('blocked', 'NotAllowedError')))
      .mockImplementation(function (this: HTMLMediaElement) {
        return realPlay.call(this);
      });
    const onPlaybackBlocked = vi.fn();
    render(<CallAudio tracks={[tone()]} onPlaybackBlocked={onPlaybackBlocked} />);
    const button = await screen.findByRole('button', { name: 'Turn on call sound' });
    expect(onPlaybackBlocked).toHaveBeenCalledTimes(1);
    await act(async () => button.click());
    await waitFor(() => expect(screen.queryByRole('button')).toBeNull());
  });

  it('plays again when the page is back after the browser paused it in the background', async () => {
    const track = tone();
    const { container } = render(<CallAudio tracks={[track]} />);
    const audio = audioFor(container, track);
    await waitFor(() => expect(audio?.paused).toBe(false));
    setVisibility('hidden');
    // As a phone does to a page sent to the background or interrupted by a phone call.
    audio?.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Not fought while hidden: the browser would pause it again.
    expect(audio?.paused).toBe(true);
    setVisibility('visible');
    await waitFor(() => expect(audio?.paused).toBe(false));
  });

  it('plays again when the browser pauses it while the page is shown', async () => {
    const track = tone();
    const { container } = render(<CallAudio tracks={[track]} />);
    const audio = audioFor(container, track);
    await waitFor(() => expect(audio?.paused).toBe(false));
    audio?.pause();
    await waitFor(() => expect(audio?.paused).toBe(false));
  });

  it('offers the button when playing again after the browser paused it is refused', async () => {
    const track = tone();
    const onPlaybackBlocked = vi.fn();
    const { container } = render(<CallAudio tracks={[track]} onPlaybackBlocked={onPlaybackBlocked} />);
    const audio = audioFor(container, track);
    await waitFor(() => expect(audio?.paused).toBe(false));
    setVisibility('hidden');
    audio?.pause();
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(new DOMException('blocked', 'NotAllowedError'));
    setVisibility('visible');
    expect(await screen.findByRole('button', { name: 'Turn on call sound' })).toBeTruthy();
    expect(onPlaybackBlocked).toHaveBeenCalled();
  });
  it('tells onPlaybackBlocked once when the sound of several participants is refused at once', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockRejectedValue(new DOMException('blocked', 'NotAllowedError'));
    const onPlaybackBlocked = vi.fn();
    render(<CallAudio tracks={[tone(), tone()]} onPlaybackBlocked={onPlaybackBlocked} />);
    await screen.findByRole('button', { name: 'Turn on call sound' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onPlaybackBlocked).toHaveBeenCalledTimes(1);
  });

  it('tells onPlaybackBlocked again once the sound played and is refused anew', async () => {
    const realPlay = HTMLMediaElement.prototype.play;
    const play = vi
      .spyOn(HTMLMediaElement.prototype, 'play')
      .mockRejectedValueOnce(new DOMException('blocked', 'NotAllowedError'));
    play.mockImplementation(function (this: HTMLMediaElement) {
      return realPlay.call(this);
    });
    const track = tone();
    const onPlaybackBlocked = vi.fn();
    const { container } = render(<CallAudio tracks={[track]} onPlaybackBlocked={onPlaybackBlocked} />);
    const button = await screen.findByRole('button', { name: 'Turn on call sound' });
    await act(async () => button.click());
    await waitFor(() => expect(screen.queryByRole('button')).toBeNull());
    setVisibility('hidden');
    audioFor(container, track)?.pause();
    play.mockRejectedValue(new DOMException('blocked', 'NotAllowedError'));
    setVisibility('visible');
    await screen.findByRole('button', { name: 'Turn on call sound' });
    expect(onPlaybackBlocked).toHaveBeenCalledTimes(2);
  });
});
