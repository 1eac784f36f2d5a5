// @vitest-environment jsdom
/**
 * What <VideoCall>'s tiles are told (through `renderTile`, which gets the same props as the default tile), over
 * the hooks' fake engine.
 */
import type { PeerStats } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render } from '@testing-library/react';
import { memo } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClient, fakeTrack } from '../../../hooks/src/test-utils/fakeClient.js';
import type { VideoCallTileProps } from './context.js';
import { VideoCall } from './VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

afterEach(cleanup);

/** An app's memoized tile, counting its renders by user. */
const appTileRenders = new Map<string, number>();
const AppTile = memo(function AppTile(props: VideoCallTileProps) {
  appTileRenders.set(props.userId, (appTileRenders.get(props.userId) ?? 0) + 1);
  return <div data-user={props.userId} />;
});

function liveCall() {
  const opponents = [BOB, CAROL];
  const client = new FakeClient(ALICE);
  const session = client.createSession(opponents, 'video');
  session.setState('active');
  const tiles = new Map<string, VideoCallTileProps>();
  const renders = new Map<string, number>();
  const renderTile = (tile: VideoCallTileProps) => {
    tiles.set(tile.userId, tile);
    renders.set(tile.userId, (renders.get(tile.userId) ?? 0) + 1);
    return <div data-user={tile.userId} />;
  };
  render(
    <CallProvider client={client}>
      <VideoCall statsInterval={0} renderTile={renderTile} />
    </CallProvider>,
  );
  act(() => {
    for (const userId of opponents) session.setPeerState(userId, 'connected');
  });
  return { session, tiles, renders };
}

describe("<VideoCall>'s tiles", () => {
  it('a shared screen counts as video with the camera off; one’s own tile shows the camera, so the avatar', () => {
    const { session, tiles } = liveCall();
    act(() => session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: true, screenSharing: true }));
    expect(tiles.get(BOB)).toMatchObject({ videoMuted: false, screenSharing: true });
    act(() => session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: true, screenSharing: false }));
    expect(tiles.get(BOB)).toMatchObject({ videoMuted: true, screenSharing: false });
    act(() => {
      session.localMedia = { ...session.localMedia, videoMuted: true, screenSharing: true };
      session.events.emit('localMediaChanged', { media: session.localMedia });
    });
    expect(tiles.get(ALICE)).toMatchObject({ isLocal: true, videoMuted: true, screenSharing: true });
  });

  it("hands a presenter's tile the side camera beside their screen, and one's own the camera instead of the screen", () => {
    const { session, tiles } = liveCall();
    expect(tiles.get(BOB)?.sideCameraTrack).toBeNull();
    let bobs: MediaStreamTrack | null = null;
    act(() => {
      bobs = session.shareWithSideCamera(BOB);
    });
    expect(tiles.get(BOB)?.sideCameraTrack).toBe(bobs);
    expect(tiles.get(CAROL)?.sideCameraTrack).toBeNull();
    const camera = fakeTrack('video');
    const screen = fakeTrack('video');
    act(() => session.setLocalTrack('video', camera));
    expect(tiles.get(ALICE)).toMatchObject({ videoTrack: camera, screenSharing: false });
    act(() => {
      // Sharing: the screen is sent as the video, the camera beside it.
      session.setLocalTrack('video', screen);
      session.setLocalSideCamera(camera);
      session.localMedia = { ...session.localMedia, screenSharing: true };
      session.events.emit('localMediaChanged', { media: session.localMedia });
    });
    expect(tiles.get(ALICE)).toMatchObject({ videoTrack: camera, screenSharing: true });
    expect(tiles.get(ALICE)?.sideCameraTrack).toBeUndefined();
    act(() => session.setLocalSideCamera(null)); // the camera turned off while sharing: the avatar
    expect(tiles.get(ALICE)?.videoTrack).toBeNull();
  });

  it('puts a participant who shares a screen in the spotlight, and goes back to the grid when they stop', () => {
    const { session } = liveCall();
    const grid = () => document.querySelector('.meshcall-grid');
    const featured = () => document.querySelector('.meshcall-grid__cell--featured > div')?.getAttribute('data-user');
    expect(grid()?.getAttribute('data-layout')).toBe('grid');
    const sharing = (screenSharing: boolean) => ({ audioMuted: false, videoMuted: false, screenSharing });
    act(() => session.setRemoteMedia(CAROL, sharing(true)));
    expect(grid()?.getAttribute('data-layout')).toBe('spotlight');
    expect(featured()).toBe(CAROL);
    // Two at once: whoever started last; when they stop, the stage goes back to the other.
    act(() => session.setRemoteMedia(BOB, sharing(true)));
    expect(featured()).toBe(BOB);
    act(() => session.setRemoteMedia(BOB, sharing(false)));
    expect(featured()).toBe(CAROL);
    act(() => session.setRemoteMedia(CAROL, sharing(false)));
    expect(grid()?.getAttribute('data-layout')).toBe('grid');
    // One's own shared screen is not put in front of oneself.
    act(() => {
      session.localMedia = { ...session.localMedia, screenSharing: true };
      session.events.emit('localMediaChanged', { media: session.localMedia });
    });
    expect(grid()?.getAttribute('data-layout')).toBe('grid');
  });

  it('a pinned participant takes the spotlight, before a shared screen, until unpinned or gone', () => {
    const { session, tiles } = liveCall();
    const featured = () => document.querySelector('.meshcall-grid__cell--featured > div')?.getAttribute('data-user');
    expect(tiles.get(BOB)).toMatchObject({ pinned: false });
    act(() => tiles.get(CAROL)!.onTogglePin!());
    expect(featured()).toBe(CAROL);
    expect(tiles.get(CAROL)).toMatchObject({ pinned: true });
    expect(tiles.get(BOB)).toMatchObject({ pinned: false });
    act(() => session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: true }));
    expect(featured()).toBe(CAROL); // the user's choice comes first
    act(() => tiles.get(CAROL)!.onTogglePin!());
    expect(featured()).toBe(BOB);
    act(() => tiles.get(BOB)!.onTogglePin!()); // pinning the presenter keeps them there once they stop
    act(() => session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: false }));
    expect(featured()).toBe(BOB);
    // Bob leaves: one person left fills the stage. Back (another device of his answered), he is not pinned.
    act(() => session.setPeerState(BOB, 'hungUp'));
    expect(document.querySelector('.meshcall-grid')?.getAttribute('data-layout')).toBe('grid');
    act(() => session.setPeerState(BOB, 'connected'));
    expect(tiles.get(BOB)).toMatchObject({ pinned: false });
    expect(document.querySelector('.meshcall-grid')?.getAttribute('data-layout')).toBe('grid');
    // Nobody pins the local tile.
    expect(tiles.get(ALICE)?.onTogglePin).toBeUndefined();
  });

  it('shows a poor connection on that participant only', () => {
    const { session, tiles } = liveCall();
    const sample = (userId: string, rttMs: number) => ({ userId, rttMs, packetLoss: 0 }) as unknown as PeerStats;
    act(() => session.emitStats([sample(BOB, 900), sample(CAROL, 40)]));
    expect(tiles.get(BOB)?.connection).toBe('poor');
    expect(tiles.get(CAROL)?.connection).toBe('connected');
  });

  it('shows the local user speaking', () => {
    const { session, tiles } = liveCall();
    expect(tiles.get(ALICE)?.speaking).toBe(false);
    act(() => session.setSpeakers([ALICE]));
    expect(tiles.get(ALICE)?.speaking).toBe(true);
    expect(tiles.get(BOB)?.speaking).toBe(false);
  });

  it('someone leaving re-renders no other tile', () => {
    const { session, renders } = liveCall();
    const bob = renders.get(BOB);
    act(() => session.setPeerState(CAROL, 'hungUp'));
    expect(renders.get(BOB)).toBe(bob);
  });

  it('a memoized tile is not re-rendered by a change of its participant that it does not show (their screen sound)', () => {
    const client = new FakeClient(ALICE);
    const session = client.createSession([BOB, CAROL], 'video');
    session.setState('active');
    appTileRenders.clear();
    render(
      <CallProvider client={client}>
        <VideoCall statsInterval={0} renderTile={(tile) => <AppTile {...tile} />} />
      </CallProvider>,
    );
    act(() => session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: true }));
    const before = appTileRenders.get(BOB) ?? 0;
    act(() => {
      session.shareScreenSound(BOB); // the sound is CallAudio's: nothing the tile shows changes
      session.addRemoteTrack(BOB, 'audio');
    });
    expect(appTileRenders.get(BOB)).toBe(before);
    act(() => session.setRemoteMedia(BOB, { audioMuted: true, videoMuted: false, screenSharing: true }));
    expect(appTileRenders.get(BOB)).toBe(before + 1); // what it shows still reaches it
  });

  it("one's own tile stays mounted when someone leaves and it moves from the grid to the picture-in-picture", () => {
    const { session } = liveCall();
    const own = document.querySelector(`[data-user="${ALICE}"]`);
    expect(own?.closest('.meshcall-grid__cell--local')).not.toBeNull();
    act(() => session.setPeerState(CAROL, 'hungUp'));
    expect(document.querySelector(`[data-user="${CAROL}"]`)).toBeNull();
    expect(document.querySelector(`[data-user="${ALICE}"]`)).toBe(own); // not mounted again: no video restarts
    expect(own?.closest('.meshcall-grid__pip')).not.toBeNull();
  });
});
