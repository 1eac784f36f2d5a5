/**
 * A tile given a shared screen without being told (`screenSharing` unset: an app's self-view handing over
 * `useLocalTracks().video` while sharing) still shows it as a screen: whole and unmirrored. The browser marks the
 * tracks of its screen picker with `getSettings().displaySurface`.
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import '../styles.css';
import { ParticipantTile } from './ParticipantTile.js';

const streams: MediaStream[] = [];
afterEach(() => {
  cleanup();
  for (const track of streams.splice(0).flatMap((stream) => stream.getTracks())) track.stop();
});

/** How the tile's main picture is drawn. */
function shown(container: HTMLElement) {
  const surface = container.querySelector('.meshcall-tile__video')!;
  return {
    mirrored: surface.classList.contains('meshcall-video--mirror'),
    fit: surface.classList.contains('meshcall-video--fit'),
  };
}

it('a screen track is shown whole and unmirrored on one’s own tile by default; a camera stays mirrored', async () => {
  const screen = await navigator.mediaDevices.getDisplayMedia({ video: true });
  const camera = await navigator.mediaDevices.getUserMedia({ video: true });
  streams.push(screen, camera);
  const [screenTrack] = screen.getVideoTracks();
  const [cameraTrack] = camera.getVideoTracks();
  expect(screenTrack?.getSettings().displaySurface).toBeDefined();
  const ofScreen = render(<ParticipantTile name="Me" isLocal videoTrack={screenTrack} />);
  expect(shown(ofScreen.container)).toEqual({ mirrored: false, fit: true });
  const ofCamera = render(<ParticipantTile name="Me" isLocal videoTrack={cameraTrack} />);
  expect(shown(ofCamera.container)).toEqual({ mirrored: true, fit: false });
  // What the app says still wins.
  const told = render(<ParticipantTile name="Me" isLocal videoTrack={screenTrack} mirror scaling="fill" />);
  expect(shown(told.container)).toEqual({ mirrored: true, fit: false });
});
