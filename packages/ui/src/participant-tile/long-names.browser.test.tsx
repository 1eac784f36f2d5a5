/**
 * Names cut short on a phone: the picture-in-picture of a 1:1 call on a 390 px phone has room for "Sam Lee (…",
 * the spotlight strip for "Alice M…". A name chip that is cut short gives the whole name in a tooltip. Measured in Chromium with the real stylesheet, at the sizes <VideoCall> gives them on a
 * 390×844 phone (the stage there is 366×~700 px).
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { CallGrid } from '../call-grid/CallGrid.js';
import { ParticipantTile } from './ParticipantTile.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

/** Names whose chip is cut short and which nothing on the tile shows whole (no title on the chip or its tile). */
function cutNames(): string[] {
  const cut: string[] = [];
  for (const chip of document.querySelectorAll<HTMLElement>('.meshcall-tile__name')) {
    const truncated = chip.scrollWidth > chip.clientWidth + 1;
    const tooltip = chip.closest('[title]')?.getAttribute('title') ?? '';
    if (truncated && !tooltip.includes(chip.textContent ?? ''))
      cut.push(`"${chip.textContent}" (${chip.scrollWidth}px of text in ${chip.clientWidth}px)`);
  }
  return cut;
}

describe('tile names on a phone', () => {
  it('the picture-in-picture of a 1:1 call shows your name whole (or a short "You")', async () => {
    await page.viewport(390, 844);
    render(
      <div style={{ width: 366, height: 700 }}>
        <CallGrid local={<ParticipantTile name="Sam Lee" isLocal audioMuted />}>
          <ParticipantTile key="alice" name="Alice Martin" />
        </CallGrid>
      </div>,
    );
    expect(screen.getByRole('group', { name: 'Sam Lee (you)' })).toBeVisible();
    expect(cutNames()).toEqual([]);
  });

  it('the spotlight strip under a presenter shows each name whole, or gives it in a tooltip', async () => {
    await page.viewport(390, 844);
    render(
      <div style={{ width: 366, height: 700 }}>
        <CallGrid local={<ParticipantTile name="Sam Lee" isLocal />} spotlight="bob">
          <ParticipantTile key="alice" name="Alice Martin" />
          <ParticipantTile key="bob" name="Bob Chen" screenSharing />
          <ParticipantTile key="carol" name="Carol Diaz" />
        </CallGrid>
      </div>,
    );
    expect(cutNames()).toEqual([]);
  });
});
