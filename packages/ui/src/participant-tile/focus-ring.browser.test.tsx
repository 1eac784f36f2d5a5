/**
 * The focus ring of a tile's pin toggle is drawn outside the disc, on the tile, which is dark in both themes:
 * it needs 3:1 against it (WCAG 1.4.11), which the light theme's page-level focus colour does not have.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../styles.css';
import { ParticipantTile } from './ParticipantTile.js';

afterEach(() => cleanup());

function luminance(color: string): number {
  const [r, g, b] = (color.match(/\d+(\.\d+)?/g) ?? []).slice(0, 3).map(Number);
  const channel = (v = 0) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

for (const theme of ['light', 'dark'] as const) {
  it(`the pin toggle's keyboard focus ring has 3:1 against the tile it is drawn on (${theme} theme)`, async () => {
    render(
      <div data-meshcall-theme={theme} style={{ display: 'flex', gap: 8, width: 600, height: 200 }}>
        <ParticipantTile name="Ann" onTogglePin={() => {}} />
        <ParticipantTile name="Ben" onTogglePin={() => {}} />
      </div>,
    );
    const pin = screen.getByRole('button', { name: 'Pin Ann' });
    await userEvent.keyboard('{Tab}');
    expect(document.activeElement).toBe(pin);
    const ring = getComputedStyle(pin);
    expect(ring.outlineStyle).toBe('solid');
    // The ring sits 2 px outside the disc, over the tile (its background when the camera is off).
    const tile = getComputedStyle(screen.getByRole('group', { name: 'Ann' })).backgroundColor;
    expect(contrast(ring.outlineColor, tile)).toBeGreaterThanOrEqual(3);
  });
}
