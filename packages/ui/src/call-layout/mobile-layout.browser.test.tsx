/**
 * On a phone: a full-screen call on a phone, portrait and landscape, measured in Chromium with the real
 * stylesheet: <CallLayout> + <CallGrid> + <ParticipantTile> + <CallControls>, as <VideoCall> assembles them.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { commands, page } from 'vitest/browser';
import '../styles.css';
import { CallControls } from '../call-controls/CallControls.js';
import { CallGrid } from '../call-grid/CallGrid.js';
import { ParticipantTile } from '../participant-tile/ParticipantTile.js';
import { CallLayout } from './CallLayout.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

/** A call that fills the screen edge to edge, as an app says with `meshcall-edge-to-edge`. */
function FullScreenCall({ remotes }: { remotes: string[] }) {
  return (
    <div className="meshcall-edge-to-edge" style={{ position: 'fixed', inset: 0, height: '100dvh' }}>
      <CallLayout
        header={<h2 style={{ margin: 0, font: 'inherit' }}>{remotes.join(', ')}</h2>}
        controls={
          <CallControls
            onToggleAudio={() => undefined}
            onToggleVideo={() => undefined}
            cameraCount={2}
            onSwitchCamera={() => undefined}
            onHangUp={() => undefined}
          />
        }
      >
        <CallGrid local={<ParticipantTile name="Sam Lee" isLocal />}>
          {remotes.map((name) => (
            <ParticipantTile key={name} name={name} onTogglePin={() => undefined} />
          ))}
        </CallGrid>
      </CallLayout>
    </div>
  );
}

describe('A full-screen call on a landscape phone (640×360)', () => {
  it('gives the video most of the screen: the stage is at least 75% of the height', async () => {
    await page.viewport(640, 360);
    render(<FullScreenCall remotes={['Alice Martin', 'Bob Chen', 'Carol Diaz']} />);
    const stage = document.querySelector('.meshcall-layout__stage')?.getBoundingClientRect();
    const bar = screen.getByRole('group', { name: 'Call controls' }).getBoundingClientRect();
    const tile = screen.getByRole('group', { name: 'Alice Martin' }).getBoundingClientRect();
    const info = `stage ${stage?.height}px of ${innerHeight}, bar ${bar.height}px, tile ${tile.width}×${tile.height}`;
    // Before the fix: the header row, a 70 px bar of 48 px buttons (the compact sizes are keyed to max-width only),
    // 12 px padding and gaps leave the 2×2 grid about 62% of a 360 px high screen.
    expect(stage?.height ?? 0, info).toBeGreaterThanOrEqual(0.75 * innerHeight);
  });
});

describe('A full-screen call on a phone with a notch / home indicator (viewport-fit=cover)', () => {
  afterEach(() => commands.emulateSafeArea(null));

  it('keeps the controls and the tiles clear of the notch and the home indicator', async () => {
    await page.viewport(390, 844);
    await commands.emulateSafeArea({ top: 47, right: 0, bottom: 34, left: 0 });
    render(<FullScreenCall remotes={['Alice Martin']} />);
    const bar = screen.getByRole('group', { name: 'Call controls' }).getBoundingClientRect();
    const stage = document.querySelector('.meshcall-layout__stage')!.getBoundingClientRect();
    expect(bar.bottom).toBeLessThanOrEqual(innerHeight - 34);
    expect(document.querySelector('.meshcall-layout__header')!.getBoundingClientRect().top).toBeGreaterThanOrEqual(47);
    expect(stage.top).toBeGreaterThanOrEqual(47);
  });

  it('in landscape, keeps the tiles clear of the notch at the side', async () => {
    await page.viewport(844, 390);
    await commands.emulateSafeArea({ top: 0, right: 47, bottom: 21, left: 47 });
    render(<FullScreenCall remotes={['Alice Martin', 'Bob Chen']} />);
    const stage = document.querySelector('.meshcall-layout__stage')!.getBoundingClientRect();
    expect(stage.left).toBeGreaterThanOrEqual(47);
    expect(stage.right).toBeLessThanOrEqual(innerWidth - 47);
  });
});

describe('A full-screen call at 200% page zoom on a 360×640 phone (180×320 CSS px)', () => {
  it('keeps every control on screen and leaves the tiles a usable stage', async () => {
    await page.viewport(180, 320);
    render(<FullScreenCall remotes={['Alice Martin', 'Bob Chen']} />);
    const off = screen
      .getAllByRole('button')
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return r.width > 0 && (r.left < 0 || r.right > innerWidth || r.top < 0 || r.bottom > innerHeight);
      })
      .map((b) => b.getAttribute('aria-label') ?? b.textContent);
    const stage = document.querySelector('.meshcall-layout__stage')?.getBoundingClientRect();
    const names = Array.from(document.querySelectorAll('.meshcall-tile__name')).map((n) =>
      Math.round(n.getBoundingClientRect().width),
    );
    expect(off).toEqual([]);
    expect(stage?.height ?? 0).toBeGreaterThanOrEqual(120);
    for (const width of names) expect(width).toBeGreaterThanOrEqual(40);
  });
});

describe('A 1:1 call on a phone in portrait (360×640): the picture-in-picture', () => {
  it('does not cover the other person’s name and badges', async () => {
    await page.viewport(360, 640);
    render(
      <div style={{ position: 'fixed', inset: 0 }}>
        <CallLayout header={<span>Alexandra Konstantinidou</span>}>
          <CallGrid local={<ParticipantTile name="Sam Lee" isLocal />}>
            <ParticipantTile key="a" name="Alexandra Konstantinidou" audioMuted screenSharing />
          </CallGrid>
        </CallLayout>
      </div>,
    );
    const pip = document.querySelector('.meshcall-grid__pip')?.getBoundingClientRect();
    const remote = screen.getByRole('group', { name: 'Alexandra Konstantinidou' });
    const covered = Array.from(remote.querySelectorAll('.meshcall-tile__footer > *'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return pip && r.left < pip.right && pip.left < r.right && r.top < pip.bottom && pip.top < r.bottom;
      })
      .map(
        (el) =>
          `${el.className} ${Math.round(el.getBoundingClientRect().left)}–${Math.round(el.getBoundingClientRect().right)}`,
      );
    // Before the fix: the footer spans the whole tile (left/right 10 px) and the 101×134 px picture-in-picture sits in the
    // bottom-end corner over it: the end of the name is hidden under one's own video.
    expect(covered, `pip x ${Math.round(pip?.left ?? 0)}–${Math.round(pip?.right ?? 0)}`).toEqual([]);
  });
});
