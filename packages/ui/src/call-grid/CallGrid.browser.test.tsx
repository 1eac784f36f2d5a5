/**
 * Where <CallGrid>'s spotlight puts the tiles, measured in Chromium with the real stylesheet: the featured tile
 * takes the stage, the others form a strip beside it (under it on portrait stages), and moving the spotlight
 * keeps every tile's element (a video would otherwise restart).
 */
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { ParticipantTile } from '../participant-tile/ParticipantTile.js';
import { CallGrid } from './CallGrid.js';

afterEach(cleanup);

const REMOTES = ['ann', 'ben', 'cid'];

interface GridProps {
  width: number;
  height: number;
  spotlight?: string;
  remotes?: readonly string[];
}

function Grid({ width, height, spotlight, remotes = REMOTES }: GridProps) {
  return (
    <div style={{ width, height }}>
      <CallGrid local={<div data-tile="me" style={{ height: '100%' }} />} spotlight={spotlight}>
        {remotes.map((name) => (
          <div key={name} data-tile={name} style={{ height: '100%' }} />
        ))}
      </CallGrid>
    </div>
  );
}

function boxOf(name: string): DOMRect {
  const tile = document.querySelector(`[data-tile="${name}"]`);
  if (!tile) throw new Error(`no tile ${name}`);
  return tile.getBoundingClientRect();
}

describe('CallGrid spotlight', () => {
  it('landscape: the featured tile fills the left, the three others stack in a strip on the right', () => {
    render(<Grid width={1000} height={600} spotlight="ben" />);
    const featured = boxOf('ben');
    const strip = ['ann', 'cid', 'me'].map(boxOf);
    expect(featured.width).toBeGreaterThan(600);
    expect(featured.height).toBeGreaterThan(580);
    for (const box of strip) {
      expect(box.left).toBeGreaterThanOrEqual(featured.right);
      expect(box.width).toBeLessThan(featured.width / 2);
    }
    // One column, top to bottom, each a third of the height.
    expect(new Set(strip.map((box) => Math.round(box.left))).size).toBe(1);
    expect(strip[0]!.bottom).toBeLessThanOrEqual(strip[1]!.top);
    expect(strip[1]!.bottom).toBeLessThanOrEqual(strip[2]!.top);
  });

  it('portrait: the featured tile on top, the others in a row under it', () => {
    render(<Grid width={400} height={800} spotlight="cid" />);
    const featured = boxOf('cid');
    const strip = ['ann', 'ben', 'me'].map(boxOf);
    expect(featured.width).toBeGreaterThan(390);
    expect(featured.height).toBeGreaterThan(500);
    for (const box of strip) expect(box.top).toBeGreaterThanOrEqual(featured.bottom);
    expect(new Set(strip.map((box) => Math.round(box.top))).size).toBe(1);
  });

  // `maxParticipants` goes up to 16: a strip longer than the grid's own layouts count (six cells).
  it('with seven others the featured tile still takes the whole height or width, and the strip stays on stage', () => {
    const seven = ['ann', 'ben', 'cid', 'dan', 'eve', 'fay', 'gus'];
    const stripOf = (featured: string) => [...seven.filter((name) => name !== featured), 'me'].map(boxOf);
    const view = render(<Grid width={1000} height={600} spotlight="ben" remotes={seven} />);
    let stage = document.querySelector('.meshcall-grid')!.getBoundingClientRect();
    expect(boxOf('ben').height).toBeGreaterThan(stage.height - 2);
    for (const box of stripOf('ben')) {
      expect(box.left).toBeGreaterThanOrEqual(boxOf('ben').right);
      expect(box.bottom).toBeLessThanOrEqual(stage.bottom + 1);
    }
    view.rerender(<Grid width={400} height={800} spotlight="cid" remotes={seven} />);
    stage = document.querySelector('.meshcall-grid')!.getBoundingClientRect();
    expect(boxOf('cid').width).toBeGreaterThan(stage.width - 2);
    for (const box of stripOf('cid')) {
      expect(box.top).toBeGreaterThanOrEqual(boxOf('cid').bottom);
      expect(box.right).toBeLessThanOrEqual(stage.right + 1);
      expect(box.width).toBeGreaterThan(20);
    }
  });

  it('a phone-tall stage stacks two others and the local tile, each the full width', () => {
    render(
      <div style={{ width: 336, height: 500 }}>
        <CallGrid local={<div data-tile="me" style={{ height: '100%' }} />}>
          <div key="ann" data-tile="ann" style={{ height: '100%' }} />
          <div key="ben" data-tile="ben" style={{ height: '100%' }} />
        </CallGrid>
      </div>,
    );
    // The local tile, centred at half width under two side by side elsewhere, had collapsed to 0 px here.
    expect(['ann', 'ben', 'me'].map((name) => Math.round(boxOf(name).width))).toEqual([336, 336, 336]);
    expect(boxOf('me').top).toBeGreaterThanOrEqual(boxOf('ben').bottom);
  });

  it('moving the spotlight, or ending it, keeps every tile element', () => {
    const view = render(<Grid width={1000} height={600} />);
    const before = [...document.querySelectorAll('[data-tile]')];
    view.rerender(<Grid width={1000} height={600} spotlight="ann" />);
    view.rerender(<Grid width={1000} height={600} spotlight="cid" />);
    view.rerender(<Grid width={1000} height={600} />);
    const after = [...document.querySelectorAll('[data-tile]')];
    expect(after).toHaveLength(4);
    expect(after.every((tile, index) => tile === before[index])).toBe(true);
    // Back in the 2×2 grid: four equal cells.
    const widths = ['ann', 'ben', 'cid', 'me'].map((name) => Math.round(boxOf(name).width));
    expect(new Set(widths).size).toBe(1);
  });

  it('hides the tiles’ pin toggles facing one person, whose tile fills the stage anyway', () => {
    const tiles = (names: string[]) => (
      <div style={{ width: 800, height: 500 }}>
        <CallGrid local={<ParticipantTile name="Me" isLocal />}>
          {names.map((name) => (
            <ParticipantTile key={name} name={name} onTogglePin={() => undefined} />
          ))}
        </CallGrid>
      </div>
    );
    const view = render(tiles(['Ann']));
    const display = (name: string) =>
      getComputedStyle(view.container.querySelector(`[aria-label="Pin ${name}"]`) as Element).display;
    expect(display('Ann')).toBe('none');
    view.rerender(tiles(['Ann', 'Ben']));
    expect(display('Ann')).not.toBe('none');
  });
});
