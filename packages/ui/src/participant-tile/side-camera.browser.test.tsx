/**
 * Where a presenter's side camera (their camera beside the screen they share) goes in their tile, measured in
 * Chromium with the real stylesheet: clear of the pin, the connection badge, the name and the picture-in-picture
 * in every corner and either direction, and left out of tiles too small for a second picture.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { CallGrid, type CallGridProps } from '../call-grid/CallGrid.js';
import { createSyntheticVideo } from '../stories-support/synthetic-video.js';
import { ParticipantTile } from './ParticipantTile.js';

const camera = createSyntheticVideo({ label: 'Alice', width: 320, height: 240 });
const screenShare = createSyntheticVideo({ label: 'Slides', width: 1280, height: 720 });

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});
afterAll(() => {
  camera.stop();
  screenShare.stop();
});

type Box = DOMRect;
const meet = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
const show = (b: Box) => `${Math.round(b.left)},${Math.round(b.top)}–${Math.round(b.right)},${Math.round(b.bottom)}`;

/** A 1:1 call on a stage of `width` × `height` whose other person presents, with the tile chrome in view. */
function Presenter({
  pipPosition,
  dir = 'ltr',
  width = 1000,
  height = 640,
}: {
  pipPosition?: CallGridProps['pipPosition'];
  dir?: 'ltr' | 'rtl';
  width?: number;
  height?: number;
}) {
  return (
    <div dir={dir} style={{ width, height }}>
      <CallGrid local={<ParticipantTile name="Sam" isLocal />} pipPosition={pipPosition}>
        <ParticipantTile
          key="alice"
          name="Alice Martin"
          videoTrack={screenShare.track}
          sideCameraTrack={camera.track}
          screenSharing
          connection="poor"
          pinned
          onTogglePin={() => undefined}
        />
      </CallGrid>
    </div>
  );
}

function boxesOf(tile: HTMLElement) {
  const box = (selector: string) => {
    const element = tile.querySelector(selector);
    if (!(element instanceof HTMLElement)) throw new Error(`no ${selector}`);
    return element.getBoundingClientRect();
  };
  return {
    side: box('.meshcall-tile__side-camera'),
    pin: box('.meshcall-tile__pin'),
    badge: box('.meshcall-tile__connection'),
    name: box('.meshcall-tile__footer'),
  };
}

describe("a presenter's side camera", () => {
  const corners: NonNullable<CallGridProps['pipPosition']>[] = [
    'bottom-end',
    'bottom-start',
    'top-end',
    'top-start',
    'top-right',
    'top-left',
    'bottom-right',
    'bottom-left',
  ];
  for (const dir of ['ltr', 'rtl'] as const) {
    it(`is in view and clear of the pin, badge, name and picture-in-picture in every corner (${dir})`, async () => {
      await page.viewport(1280, 800);
      const overlaps: string[] = [];
      for (const pipPosition of corners) {
        const view = render(<Presenter pipPosition={pipPosition} dir={dir} />);
        const tile = screen.getByRole('group', { name: 'Alice Martin' });
        const pip = view.container.querySelector('.meshcall-grid__pip')!.getBoundingClientRect();
        const { side, ...others } = boxesOf(tile);
        const room = tile.getBoundingClientRect();
        expect(side.width, pipPosition).toBeGreaterThanOrEqual(96);
        expect(side.left >= room.left && side.right <= room.right && side.bottom <= room.bottom, pipPosition).toBe(
          true,
        );
        for (const [what, box] of Object.entries({ ...others, pip })) {
          if (meet(side, box)) overlaps.push(`${pipPosition}: side ${show(side)} meets ${what} ${show(box)}`);
        }
        view.unmount();
      }
      expect(overlaps).toEqual([]);
    });
  }

  it('shrinks rather than meet the picture-in-picture on wide, short stages and on a phone held upright', async () => {
    await page.viewport(1400, 900);
    // A phone held sideways (844×390 less the control bar), a short embedded call, a small laptop window, and a
    // phone held upright (its portrait picture-in-picture).
    const stages = [
      { width: 844, height: 300 },
      { width: 1000, height: 380 },
      { width: 1280, height: 440 },
      { width: 390, height: 640 },
    ];
    const overlaps: string[] = [];
    for (const { width, height } of stages) {
      const view = render(<Presenter width={width} height={height} />);
      const tile = screen.getByRole('group', { name: 'Alice Martin' });
      const side = tile.querySelector('.meshcall-tile__side-camera')!.getBoundingClientRect();
      const pip = view.container.querySelector('.meshcall-grid__pip')!.getBoundingClientRect();
      if (meet(side, pip)) overlaps.push(`${width}×${height}: side ${show(side)} meets pip ${show(pip)}`);
      view.unmount();
    }
    expect(overlaps).toEqual([]);
  });

  it('is left out of a tile too small for a second picture (a strip tile, the picture-in-picture)', async () => {
    await page.viewport(1280, 800);
    render(
      <div style={{ display: 'flex', gap: 8 }}>
        <div style={{ width: 234, height: 176 }}>
          <ParticipantTile name="In a strip" videoTrack={screenShare.track} sideCameraTrack={camera.track} />
        </div>
        <div style={{ width: 640, height: 400 }}>
          <ParticipantTile name="On the stage" videoTrack={screenShare.track} sideCameraTrack={camera.track} />
        </div>
      </div>,
    );
    const displayOf = (name: string) =>
      getComputedStyle(screen.getByRole('group', { name }).querySelector('.meshcall-tile__side-camera')!).display;
    expect(displayOf('In a strip')).toBe('none');
    expect(displayOf('On the stage')).not.toBe('none');
  });
});
