import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import '../styles.css';
import { createSyntheticVideo, type SyntheticVideo } from '../stories-support/synthetic-video.js';
import { VideoSurface } from './VideoSurface.js';

const sources: SyntheticVideo[] = [];
function camera(width: number, height: number): MediaStreamTrack {
  const source = createSyntheticVideo({ width, height, fps: 30 });
  sources.push(source);
  return source.track;
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  for (const source of sources.splice(0)) source.stop();
  Reflect.deleteProperty(document, 'visibilityState');
});

/** The page going to the background or coming back, as the browser tells it (headless Chromium is always visible). */
function setVisibility(state: 'hidden' | 'visible') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

function videoOf(container: HTMLElement): HTMLVideoElement {
  const video = container.querySelector('video');
  if (!video) throw new Error('no <video>');
  return video;
}

describe('VideoSurface', () => {
  it('plays the track in an autoplay, inline, muted video', async () => {
    const track = camera(320, 240);
    const { container } = render(<VideoSurface track={track} />);
    const video = videoOf(container);
    expect(video.autoplay).toBe(true);
    expect(video.muted).toBe(true);
    expect(video.hasAttribute('playsinline')).toBe(true);
    await waitFor(() => video.videoWidth === 320);
    expect(video.paused).toBe(false);
  });

  it('swaps tracks on the same <video> element and the same MediaStream', async () => {
    const first = camera(320, 240);
    const second = camera(160, 120);
    const { container, rerender } = render(<VideoSurface track={first} />);
    const video = videoOf(container);
    await waitFor(() => video.videoWidth === 320);
    const stream = video.srcObject as MediaStream;

    rerender(<VideoSurface track={second} />);
    expect(videoOf(container)).toBe(video);
    expect(video.srcObject).toBe(stream);
    expect(stream.getTracks()).toEqual([second]);
    // The element really renders the new source, not just holds it.
    await waitFor(() => video.videoWidth === 160);
    expect(first.readyState).toBe('live');
  });

  it('keeps the element when the track goes away and comes back', async () => {
    const track = camera(320, 240);
    const { container, rerender } = render(<VideoSurface track={track} placeholder={<span>no video</span>} />);
    const video = videoOf(container);
    rerender(<VideoSurface track={null} placeholder={<span>no video</span>} />);
    expect(screen.getByText('no video')).toBeTruthy();
    expect((video.srcObject as MediaStream).getTracks()).toEqual([]);
    rerender(<VideoSurface track={track} placeholder={<span>no video</span>} />);
    expect(videoOf(container)).toBe(video);
    expect(screen.queryByText('no video')).toBeNull();
    await waitFor(() => video.videoWidth === 320);
  });

  it('releases srcObject on unmount without stopping the caller’s track', async () => {
    const track = camera(320, 240);
    const { container, unmount } = render(<VideoSurface track={track} />);
    const video = videoOf(container);
    await waitFor(() => video.videoWidth === 320);
    const stream = video.srcObject as MediaStream;
    unmount();
    expect(video.srcObject).toBeNull();
    expect(stream.getTracks()).toEqual([]);
    expect(track.readyState).toBe('live');
  });

  it('applies mirror and fit/fill through classes the stylesheet honours', () => {
    const track = camera(320, 240);
    const { container, rerender } = render(<VideoSurface track={track} mirror scaling="fit" />);
    const root = container.firstElementChild as HTMLElement;
    const video = videoOf(container);
    expect(root.classList.contains('meshcall-video--mirror')).toBe(true);
    expect(root.classList.contains('meshcall-video--fit')).toBe(true);
    expect(getComputedStyle(video).transform).toBe('matrix(-1, 0, 0, 1, 0, 0)');
    expect(getComputedStyle(video).objectFit).toBe('contain');

    rerender(<VideoSurface track={track} scaling="fill" />);
    expect(root.classList.contains('meshcall-video--mirror')).toBe(false);
    expect(getComputedStyle(video).transform).toBe('none');
    expect(getComputedStyle(video).objectFit).toBe('cover');
    expect(videoOf(container)).toBe(video);
  });

  it('shows "Tap to play" when autoplay is refused, and plays on click', async () => {
    // Chromium here runs with autoplay allowed, so the policy's refusal is simulated at play().
    const realPlay = HTMLMediaElement.prototype.play;
    const play = vi
      .spyOn(HTMLMediaElement.prototype, 'play')
      .mockImplementationOnce(() => Promise.reject(new DOMException('blocked', 'NotAllowedError')))
      .mockImplementation(function (this: HTMLMediaElement) {
        return realPlay.call(this);
      });
    const onPlaybackBlocked = vi.fn();
    const track = camera(320, 240);
    render(<VideoSurface track={track} onPlaybackBlocked={onPlaybackBlocked} />);
    const button = await screen.findByRole('button', { name: 'Tap to play' });
    expect(onPlaybackBlocked).toHaveBeenCalledTimes(1);
    await act(async () => button.click());
    await waitFor(() => screen.queryByRole('button', { name: 'Tap to play' }) === null);
    expect(play).toHaveBeenCalledTimes(2);
  });

  it('plays again when the page is back after the browser paused it in the background', async () => {
    const { container } = render(<VideoSurface track={camera(320, 240)} />);
    const video = videoOf(container);
    await waitFor(() => !video.paused);
    setVisibility('hidden');
    // As a phone does to a page sent to the background.
    video.pause();
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Not fought while hidden: the browser would pause it again.
    expect(video.paused).toBe(true);
    setVisibility('visible');
    await waitFor(() => !video.paused);
  });

  it('plays again when the browser pauses it while the page is shown', async () => {
    const { container } = render(<VideoSurface track={camera(320, 240)} />);
    const video = videoOf(container);
    await waitFor(() => !video.paused);
    video.pause();
    await waitFor(() => !video.paused);
  });

  it('shows "Tap to play" when playing again after the browser paused it is refused, and tells it once', async () => {
    const onPlaybackBlocked = vi.fn();
    const { container } = render(<VideoSurface track={camera(320, 240)} onPlaybackBlocked={onPlaybackBlocked} />);
    const video = videoOf(container);
    await waitFor(() => video.videoWidth === 320 && !video.paused);
    setVisibility('hidden');
    video.pause();
    const play = vi
      .spyOn(HTMLMediaElement.prototype, 'play')
      .mockRejectedValue(new DOMException('blocked', 'NotAllowedError'));
    // A page back from the back/forward cache is told twice: it is shown again, and visible again.
    window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }));
    setVisibility('visible');
    expect(await screen.findByRole('button', { name: 'Tap to play' })).toBeTruthy();
    await waitFor(() => play.mock.calls.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(onPlaybackBlocked).toHaveBeenCalledTimes(1);
  });

  it('keeps a refusal shown when an earlier play() answers late that it played (a loaded phone)', async () => {
    const onPlaybackBlocked = vi.fn();
    let playedLate!: () => void;
    vi.spyOn(HTMLMediaElement.prototype, 'play')
      .mockImplementationOnce(() => new Promise<void>((resolve) => (playedLate = resolve)))
      .mockRejectedValue(new DOMException('blocked', 'NotAllowedError'));
    render(<VideoSurface track={camera(320, 240)} onPlaybackBlocked={onPlaybackBlocked} />);
    await waitFor(() => playedLate !== undefined);
    // The page comes back, and playing again is refused before the first play() has answered.
    setVisibility('visible');
    await screen.findByRole('button', { name: 'Tap to play' });
    playedLate();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByRole('button', { name: 'Tap to play' })).not.toBeNull();
    expect(onPlaybackBlocked).toHaveBeenCalledTimes(1);
  });

  it('leaves the element alone once it has no track', async () => {
    const track = camera(320, 240);
    const { container, rerender } = render(<VideoSurface track={track} />);
    const video = videoOf(container);
    await waitFor(() => !video.paused);
    rerender(<VideoSurface track={null} />);
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play');
    video.pause();
    setVisibility('visible');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(play).not.toHaveBeenCalled();
  });

  it('ignores AbortError from an interrupted play()', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() =>
      Promise.reject(new DOMException('interrupted', 'AbortError')),
    );
    const onPlaybackBlocked = vi.fn();
    render(<VideoSurface track={camera(320, 240)} onPlaybackBlocked={onPlaybackBlocked} />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.queryByRole('button')).toBeNull();
    expect(onPlaybackBlocked).not.toHaveBeenCalled();
  });
});
