/**
 * On a phone: the pin toggle and the tile chrome on a phone, measured in Chromium with the real stylesheet.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { CallGrid } from '../call-grid/CallGrid.js';
import { ParticipantTile, type ParticipantTileProps } from './ParticipantTile.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

type TileProps = Partial<ParticipantTileProps>;

/** A spotlight as a phone shows it: bob presents, alice and carol (and you) in the strip, each with `props`. */
function Strip({
  width,
  height,
  alice = {},
  carol = {},
  you = {},
}: {
  width: number;
  height: number;
  alice?: TileProps;
  carol?: TileProps;
  you?: TileProps;
}) {
  return (
    <div style={{ width, height }}>
      <CallGrid local={<ParticipantTile name="Sam Lee" isLocal {...you} />} spotlight="bob">
        <ParticipantTile key="alice" name="Alice Martin" onTogglePin={() => undefined} {...alice} />
        <ParticipantTile key="bob" name="Bob Chen" screenSharing onTogglePin={() => undefined} />
        <ParticipantTile key="carol" name="Carol Diaz" onTogglePin={() => undefined} {...carol} />
      </CallGrid>
    </div>
  );
}

/** Whether two boxes overlap. */
const meet = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

describe('ParticipantTile pin toggle in a phone-sized strip', () => {
  it('does not sit under (or over) the connection badge of a narrow strip tile (phone portrait spotlight)', async () => {
    await page.viewport(360, 640);
    // A phone's call stage: 360 − 2×12 px wide, 640 minus header, control bar and gaps high.
    render(<Strip width={336} height={468} alice={{ connection: 'reconnecting' }} carol={{ connection: 'poor' }} />);
    const overlaps: string[] = [];
    for (const name of ['Alice Martin', 'Carol Diaz']) {
      const tile = screen.getByRole('group', { name });
      const badge = tile.querySelector('.meshcall-tile__connection');
      const pin = screen.getByRole('button', { name: `Pin ${name}` });
      if (!badge) throw new Error('no badge');
      const a = badge.getBoundingClientRect();
      const b = pin.getBoundingClientRect();
      const t = tile.getBoundingClientRect();
      if (meet(a, b) || a.right > t.right + 0.5)
        overlaps.push(
          `${name}: tile ${Math.round(t.width)}×${Math.round(t.height)}, badge x ${Math.round(a.left - t.left)}–${Math.round(a.right - t.left)}, pin x ${Math.round(b.left - t.left)}–${Math.round(b.right - t.left)}`,
        );
    }
    expect(overlaps).toEqual([]);
  });

  it('keeps some of the name readable in a phone-portrait strip tile with the muted badge', async () => {
    await page.viewport(360, 640);
    const muted = { audioMuted: true };
    render(<Strip width={336} height={468} alice={muted} carol={muted} you={muted} />);
    const widths = Object.fromEntries(
      ['Alice Martin', 'Carol Diaz', 'Sam Lee (you)'].map((name) => {
        const el = screen.getByRole('group', { name }).querySelector('.meshcall-tile__name');
        return [name, Math.round(el?.getBoundingClientRect().width ?? 0)];
      }),
    );
    for (const w of Object.values(widths)) expect(w).toBeGreaterThanOrEqual(40);
  });
});

describe('Spotlight strip tiles on a landscape phone (640×360)', () => {
  it('keeps the pin, the connection badge and the name chip of a strip tile apart', async () => {
    await page.viewport(640, 360);
    // The stage of a full-screen call at 640×360 before the compact frame: 640 − 24 wide, 224 high, the flattest.
    render(<Strip width={616} height={224} alice={{ connection: 'reconnecting' }} />);
    // Show the pins as a phone does (@media (hover: none)); this desktop Chromium has hover.
    for (const pin of document.querySelectorAll<HTMLElement>('.meshcall-tile__pin')) pin.style.opacity = '1';
    const clashes: string[] = [];
    for (const name of ['Alice Martin', 'Carol Diaz']) {
      const tile = screen.getByRole('group', { name });
      const parts = {
        pin: tile.querySelector('.meshcall-tile__pin'),
        badge: tile.querySelector('.meshcall-tile__connection'),
        name: tile.querySelector('.meshcall-tile__name'),
      };
      const entries = Object.entries(parts).filter((e): e is [string, Element] => e[1] !== null);
      for (let i = 0; i < entries.length; i++)
        for (let j = i + 1; j < entries.length; j++) {
          const [an, ae] = entries[i] as [string, Element];
          const [bn, be] = entries[j] as [string, Element];
          if (meet(ae.getBoundingClientRect(), be.getBoundingClientRect()))
            clashes.push(
              `${name}: ${an} ∩ ${bn} (tile ${Math.round(tile.getBoundingClientRect().width)}×${Math.round(tile.getBoundingClientRect().height)})`,
            );
        }
    }
    expect(clashes).toEqual([]);
  });
});

describe('ParticipantTile pin toggle with a mouse', () => {
  it('catches clicks on its disc only (no invisible finger-sized target around a hidden pin)', () => {
    render(
      <div style={{ width: 320, height: 240 }}>
        <ParticipantTile name="Alice Martin" onTogglePin={() => undefined} />
      </div>,
    );
    const pin = screen.getByRole('button', { name: 'Pin Alice Martin' });
    const box = pin.getBoundingClientRect();
    const at = document.elementFromPoint(box.left - 4, box.top + box.height / 2);
    expect(at === pin || pin.contains(at)).toBe(false);
  });
});
