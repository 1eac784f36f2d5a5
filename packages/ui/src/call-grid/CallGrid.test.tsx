// @vitest-environment jsdom
/**
 * Where <CallGrid> puts the local tile, the count its CSS lays out by, its spotlight, and the keys its cells
 * keep (a cell keyed differently remounts its tile: a video restarts).
 */
import { act, cleanup, render } from '@testing-library/react';
import { useEffect } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallGrid } from './CallGrid.js';

const PEERS = ['ann', 'ben', 'cid', 'dan', 'eve', 'fay', 'gus'];

function layout(remotes: number, withLocal = true, spotlight?: string) {
  const html = renderToStaticMarkup(
    <CallGrid local={withLocal ? <b>me</b> : undefined} spotlight={spotlight}>
      {PEERS.slice(0, remotes).map((name) => (
        <i key={name}>{name}</i>
      ))}
    </CallGrid>,
  );
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const grid = doc.querySelector('.meshcall-grid')!;
  return {
    count: grid.getAttribute('data-count'),
    cells: grid.querySelectorAll('.meshcall-grid__cell').length,
    localCell: grid.querySelectorAll('.meshcall-grid__cell--local').length,
    pip: grid.querySelectorAll('.meshcall-grid__pip').length,
    layout: grid.getAttribute('data-layout'),
    featured: [...grid.querySelectorAll('.meshcall-grid__cell--featured')].map((cell) => cell.textContent),
  };
}

describe('CallGrid', () => {
  it('puts the local tile in the grid except facing exactly one person, and counts up to six cells', () => {
    const grid = { layout: 'grid', featured: [] };
    expect(layout(0)).toEqual({ count: '1', cells: 1, localCell: 1, pip: 0, ...grid });
    expect(layout(1)).toEqual({ count: '1', cells: 1, localCell: 0, pip: 1, ...grid });
    expect(layout(2)).toEqual({ count: '3', cells: 3, localCell: 1, pip: 0, ...grid });
    expect(layout(5)).toEqual({ count: '6', cells: 6, localCell: 1, pip: 0, ...grid });
    expect(layout(7)).toMatchObject({ count: '6', cells: 8 });
    expect(layout(2, false)).toEqual({ count: '2', cells: 2, localCell: 0, pip: 0, ...grid });
  });

  it('features the spotlit tile when the tiles come as a one-shot iterable (map.values())', () => {
    const tiles = new Map(['ann', 'ben', 'cid'].map((name) => [name, <i key={name}>{name}</i>]));
    const html = renderToStaticMarkup(
      <CallGrid local={<b>me</b>} spotlight="ben">
        {tiles.values()}
      </CallGrid>,
    );
    const grid = new DOMParser().parseFromString(html, 'text/html').querySelector('.meshcall-grid')!;
    const featured = [...grid.querySelectorAll('.meshcall-grid__cell--featured')].map((cell) => cell.textContent);
    expect({ layout: grid.getAttribute('data-layout'), featured }).toEqual({ layout: 'spotlight', featured: ['ben'] });
  });

  it('features the spotlit tile among two or more, by the key the app gave it', () => {
    expect(layout(3, true, 'ben')).toMatchObject({ count: '4', cells: 4, layout: 'spotlight', featured: ['ben'] });
    expect(layout(2, false, 'ann')).toMatchObject({ layout: 'spotlight', featured: ['ann'] });
    // Facing one person their tile fills the stage anyway; a key no tile has changes nothing.
    expect(layout(1, true, 'ann')).toMatchObject({ layout: 'grid', featured: [], pip: 1 });
    expect(layout(3, true, 'zed')).toMatchObject({ layout: 'grid', featured: [] });
  });
});

/** Tiles that note when they mount (a remount would restart a video). */
const mounts: string[] = [];
function Tile({ name }: { name: string }) {
  useEffect(() => {
    mounts.push(name);
  }, [name]);
  return <div data-tile={name}>{name}</div>;
}

describe('CallGrid cells keep their tiles as React would keep the children', () => {
  afterEach(cleanup);

  it('unkeyed tiles stay mounted when a conditional tile before them comes', () => {
    mounts.length = 0;
    const grid = (withScreen: boolean) => (
      <CallGrid>
        {withScreen && <Tile name="screen" />}
        <Tile name="ann" />
        <Tile name="ben" />
      </CallGrid>
    );
    const view = render(grid(false));
    const ann = view.container.querySelector('[data-tile="ann"]');
    act(() => view.rerender(grid(true)));
    expect(view.container.querySelector('[data-tile="ann"]')).toBe(ann);
    expect(mounts).toEqual(['ann', 'ben', 'screen']);
  });

  it('the local tile stays mounted as it moves between the grid and the picture-in-picture (people come and go)', () => {
    mounts.length = 0;
    const grid = (names: string[]) => (
      <CallGrid local={<Tile name="me" />}>
        {names.map((name) => (
          <Tile key={name} name={name} />
        ))}
      </CallGrid>
    );
    const view = render(grid(['ann', 'ben']));
    const me = view.container.querySelector('[data-tile="me"]');
    act(() => view.rerender(grid(['ann'])));
    expect(view.container.querySelector('.meshcall-grid__pip [data-tile="me"]')).toBe(me);
    act(() => view.rerender(grid(['ann', 'cid'])));
    expect(view.container.querySelector('.meshcall-grid__cell--local [data-tile="me"]')).toBe(me);
    expect(mounts.filter((name) => name === 'me')).toEqual(['me']);
  });

  it('two lists keyed by the same user ids (cameras and screens) do not collide; the spotlight finds the first', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const ids = ['ann', 'ben'];
    const grid = (screens: string[]) => (
      <CallGrid spotlight="ann">
        {ids.map((id) => (
          <Tile key={id} name={id} />
        ))}
        {screens.map((id) => (
          <Tile key={id} name={`${id}-screen`} />
        ))}
      </CallGrid>
    );
    const view = render(grid(['ann']));
    const annCamera = view.container.querySelector('[data-tile="ann"]');
    expect(view.container.querySelector('.meshcall-grid__cell--featured')?.textContent).toBe('ann');
    act(() => view.rerender(grid([])));
    const duplicateKeys = errors.mock.calls.filter((args) => String(args[0]).includes('same key'));
    errors.mockRestore();
    expect(duplicateKeys).toEqual([]);
    expect(view.container.querySelectorAll('[data-tile]')).toHaveLength(2);
    expect(view.container.querySelector('[data-tile="ann"]')).toBe(annCamera);
  });
});
