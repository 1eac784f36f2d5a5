/**
 * On a touch screen (vitest.touch.config.ts: `(pointer: coarse)`, `(hover: none)`): the pin toggle is always shown
 * and a finger-sized target.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { ParticipantTile } from './ParticipantTile.js';

afterEach(cleanup);

/** How far from its centre a tap still lands on `el` (elementFromPoint), in each direction: the tap target. */
function tapExtent(el: Element) {
  const box = el.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const hits = (x: number, y: number) => {
    const at = document.elementFromPoint(x, y);
    return at !== null && (at === el || el.contains(at));
  };
  let w = 0;
  while (w < 60 && hits(cx - w - 1, cy) && hits(cx + w + 1, cy)) w++;
  let h = 0;
  while (h < 60 && hits(cx, cy - h - 1) && hits(cx, cy + h + 1)) h++;
  return { width: 2 * w + 1, height: 2 * h + 1 };
}

describe('ParticipantTile pin toggle on a touch screen', () => {
  it('is shown without hovering', () => {
    render(
      <div style={{ width: 168, height: 232 }}>
        <ParticipantTile name="Alice Martin" onTogglePin={() => undefined} />
      </div>,
    );
    expect(matchMedia('(pointer: coarse)').matches).toBe(true);
    expect(getComputedStyle(screen.getByRole('button', { name: 'Pin Alice Martin' })).opacity).toBe('1');
  });

  it('has a tap target of at least 44×44 CSS px (Apple HIG 44 pt, Material 48 dp)', () => {
    render(
      <div style={{ width: 168, height: 232 }}>
        <ParticipantTile name="Alice Martin" onTogglePin={() => undefined} />
      </div>,
    );
    const pin = screen.getByRole('button', { name: 'Pin Alice Martin' });
    const extent = tapExtent(pin);
    // Before the fix: 32×32 (`.meshcall-tile__pin { width: 32px; height: 32px }`).
    expect(extent.width).toBeGreaterThanOrEqual(44);
    expect(extent.height).toBeGreaterThanOrEqual(44);
  });
});
