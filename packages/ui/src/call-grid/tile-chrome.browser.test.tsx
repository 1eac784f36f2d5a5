/**
 * What the tile chrome (connection badge, picture-in-picture) and the call frame do away from phones: right-to-left
 * pages, every corner of the picture-in-picture, desktop strips, short windows, a call embedded in a page, the
 * device selects with a mouse. Measured in Chromium with the real stylesheet.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import '../styles.css';
import { CallControls } from '../call-controls/CallControls.js';
import { CallLayout } from '../call-layout/CallLayout.js';
import { ParticipantTile } from '../participant-tile/ParticipantTile.js';
import { CallGrid, type CallGridProps } from './CallGrid.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

function badgeOf(name: string) {
  const badge = screen.getByRole('group', { name }).querySelector('.meshcall-tile__connection');
  if (!(badge instanceof HTMLElement)) throw new Error(`no connection badge on ${name}`);
  return badge;
}

function OneToOne({
  dir,
  pipPosition,
  width,
  height,
  reconnecting = 'Reconnecting…',
}: {
  dir: 'ltr' | 'rtl';
  pipPosition: CallGridProps['pipPosition'];
  width: number;
  height: number;
  reconnecting?: string;
}) {
  return (
    <div dir={dir} style={{ width, height }}>
      <CallGrid local={<ParticipantTile name="Sam Lee" isLocal />} pipPosition={pipPosition}>
        <ParticipantTile
          key="alice"
          name="Alice Martin"
          connection="reconnecting"
          labels={{ reconnecting }}
          onTogglePin={() => undefined}
        />
      </CallGrid>
    </div>
  );
}

describe('the connection badge of a 1:1 call with the picture-in-picture in a top corner', () => {
  it('stays a small pill in a right-to-left page with pipPosition="top-left" (it is not under the pip there)', async () => {
    await page.viewport(1280, 800);
    render(<OneToOne dir="rtl" pipPosition="top-left" width={1000} height={640} />);
    const badge = badgeOf('Alice Martin').getBoundingClientRect();
    const info = `badge ${Math.round(badge.left)}–${Math.round(badge.right)} (${Math.round(badge.width)} px)`;
    // `left: calc(pip + 24px)` is added to the badge's `inset-inline-start` (= right: 10px in RTL): with both
    // set and width auto, the absolutely positioned badge stretches from the pip's edge to the right edge.
    // Its content (spinner, gap, "Reconnecting…", padding) is about 155 px.
    expect(badge.width, info).toBeLessThan(200);
  });

  it('keeps a long label inside the tile (ellipsis) when pipPosition="top-start" pushes the badge inwards', async () => {
    await page.viewport(360, 640);
    // A phone's 1:1 stage (336 px wide), German "Reconnecting…".
    render(
      <OneToOne
        dir="ltr"
        pipPosition="top-start"
        width={336}
        height={468}
        reconnecting="Verbindung wird wiederhergestellt…"
      />,
    );
    const tile = screen.getByRole('group', { name: 'Alice Martin' }).getBoundingClientRect();
    const badge = badgeOf('Alice Martin').getBoundingClientRect();
    const info = `tile 0–${Math.round(tile.width)}, badge ${Math.round(badge.left - tile.left)}–${Math.round(badge.right - tile.left)}`;
    // `max-width: calc(100% - 62px)` counts from a 10 px start; moved to pip + 24 px the badge runs off the tile
    // (cut by the tile's overflow: hidden, the ellipsis never shows).
    expect(badge.right, info).toBeLessThanOrEqual(tile.right - 10);
  });
});

describe('the connection badge on desktop', () => {
  it('still says its state in words (or has a tooltip) in a desktop spotlight strip at 1000×640', async () => {
    await page.viewport(1000, 640);
    render(
      <div style={{ position: 'fixed', inset: 0 }}>
        <CallLayout controls={<CallControls onToggleAudio={() => undefined} onHangUp={() => undefined} />}>
          <CallGrid local={<ParticipantTile name="Sam Lee" isLocal />} spotlight="bob">
            <ParticipantTile key="alice" name="Alice Martin" connection="poor" onTogglePin={() => undefined} />
            <ParticipantTile key="bob" name="Bob Chen" screenSharing onTogglePin={() => undefined} />
            <ParticipantTile key="carol" name="Carol Diaz" connection="reconnecting" onTogglePin={() => undefined} />
          </CallGrid>
        </CallLayout>
      </div>,
    );
    const tile = screen.getByRole('group', { name: 'Alice Martin' }).getBoundingClientRect();
    const badge = badgeOf('Alice Martin');
    const label = (badge.querySelector('.meshcall-tile__connection-label') ?? badge).getBoundingClientRect();
    const said = label.width > 1 || badge.title !== '' || badge.closest('[title]') !== null;
    // The strip is clamp(120px, 24%, 320px) of a 976 px stage = 234 px: under the 240 px threshold meant for
    // phones, so a mouse user on a laptop sees a bare warning icon with no words and no tooltip.
    expect(said, `strip tile ${Math.round(tile.width)}×${Math.round(tile.height)}, label ${label.width} px`).toBe(true);
  });
});

describe('the compact frame (max-height: 480px)', () => {
  it('gives the header its compact 13 px text, as the rule says', async () => {
    await page.viewport(640, 360);
    render(
      <div style={{ position: 'fixed', inset: 0 }}>
        <CallLayout header={<span>Alice Martin</span>}>
          <CallGrid>
            <ParticipantTile key="alice" name="Alice Martin" />
          </CallGrid>
        </CallLayout>
      </div>,
    );
    const header = document.querySelector('.meshcall-layout__header');
    if (!header) throw new Error('no header');
    // The compact rule is written before the base `.meshcall-layout__header { font-size: 15px }`, same
    // specificity: the base rule wins and the compact font size never applies (line-height 1.2 does).
    expect(getComputedStyle(header).fontSize).toBe('13px');
  });
});

describe('the connection badge text', () => {
  it('is not clipped: its descenders (g, j, p, q, y) stay inside every box that clips it', async () => {
    await page.viewport(800, 600);
    render(
      <div style={{ width: 400, height: 300 }}>
        <ParticipantTile name="Alice Martin" connection="reconnecting" />
      </div>,
    );
    const badge = badgeOf('Alice Martin');
    const text = document.createRange();
    text.selectNodeContents(badge);
    const glyphs = text.getBoundingClientRect();
    const clipped: string[] = [];
    for (
      let el: Element | null = badge.querySelector('.meshcall-tile__connection-label') ?? badge;
      el && el !== badge.parentElement;
      el = el.parentElement
    ) {
      const style = getComputedStyle(el);
      if (style.overflowY === 'visible' || el.getClientRects().length === 0) continue;
      const box = el.getBoundingClientRect();
      if (glyphs.bottom > box.bottom + 0.01 || glyphs.top < box.top - 0.01)
        clipped.push(`${el.className}: box ${box.top}–${box.bottom}, text ${glyphs.top}–${glyphs.bottom}`);
    }
    // `.meshcall-tile__connection-label { overflow: hidden }` inside a `line-height: 1` badge: the 13 px line box
    // is 2 px shorter than the font's ascent + descent (15 px), so the descenders of "Reconnecting…" are cut
    expect(clipped).toEqual([]);
  });
});

describe('the safe-area padding of <CallLayout>', () => {
  afterEach(() => commands.emulateSafeArea(null));

  it('is not added to a call embedded in a page (a widget away from the notch): only its own spacing', async () => {
    // An iPhone held sideways, page drawn edge to edge (viewport-fit=cover): 47 px insets left and right.
    await page.viewport(844, 390);
    await commands.emulateSafeArea({ top: 0, right: 47, bottom: 21, left: 47 });
    render(
      <div style={{ padding: '40px 120px' }}>
        <div style={{ width: 480, height: 280 }}>
          <CallLayout>
            <CallGrid>
              <ParticipantTile key="alice" name="Alice Martin" />
            </CallGrid>
          </CallLayout>
        </div>
      </div>,
    );
    const layout = document.querySelector('.meshcall-layout');
    if (!layout) throw new Error('no layout');
    const style = getComputedStyle(layout);
    const own = style.getPropertyValue('--meshcall-layout-space').trim(); // compact here: a short window
    const { paddingLeft, paddingRight, paddingBottom } = style;
    expect({ paddingLeft, paddingRight, paddingBottom }).toEqual({
      paddingLeft: own,
      paddingRight: own,
      paddingBottom: own,
    });
  });
});
