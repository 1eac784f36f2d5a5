/**
 * Theming: a brand sets every `--meshcall-*` colour property (one distinct colour each); every colour a user sees
 * then comes from those properties — in the light theme, under the OS's dark preference with the app's own dark
 * `:root` rules, on every screen, the "Reconnecting…" overlay, "Tap to play" and the avatars' initials.
 */
import { cleanup, render } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, page } from 'vitest/browser';
import './styles.css';
import { createSyntheticStream } from '@meshcall/core/testing';
import {
  CallControls,
  CameraButton,
  HangUpButton,
  MicButton,
  ScreenShareButton,
} from './call-controls/CallControls.js';
import { CallEndedScreen, OutgoingCallScreen, ReconnectingScreen } from './call-status/CallStatusScreen.js';
import { DeviceSettingsButton, MediaDeviceSelect } from './device-settings/DeviceSettings.js';
import { IncomingCallDialog } from './incoming-call/IncomingCallDialog.js';
import { ParticipantTile } from './participant-tile/ParticipantTile.js';
import { VideoSurface } from './video-surface/VideoSurface.js';

const noop = () => undefined;

afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  document.getElementById('brand')?.remove();
  await commands.emulateMedia({ colorScheme: null });
  await page.viewport(1280, 800);
});

const COLOUR_PROPS = [
  'text',
  'text-muted',
  'surface',
  'surface-2',
  'border',
  'stage',
  'tile-bg',
  'tile-text',
  'backdrop',
  'accent',
  'accent-text',
  'accept',
  'accept-hover',
  'danger',
  'danger-hover',
  'on-color',
  'warning-bg',
  'warning-text',
  'focus',
  'focus-on-media',
  'control-bg',
  'control-hover',
  'control-text',
  'control-off-bg',
  'control-off-hover',
  'control-off-text',
  'bar-bg',
  'chip-bg',
  'chip-text',
  'tooltip-bg',
  'tooltip-text',
  'speaking',
];

/** A brand palette: one distinct colour per property, all with green = 3 so any other colour stands out. */
const brand = Object.fromEntries(COLOUR_PROPS.map((p, i) => [`--meshcall-${p}`, `rgb(${100 + i * 4}, 3, ${200 - i})`]));
const brandValues = new Set(Object.values(brand).map((v) => v.replace(/ /g, '')));

/** Every colour in a computed value (rgb/rgba), skipping fully transparent ones. */
function coloursIn(value: string): string[] {
  return (value.match(/rgba?\([^)]*\)/g) ?? []).filter((c) => !/,\s*0\)$/.test(c) && c !== 'rgba(0, 0, 0, 0)');
}
function isBrand(c: string) {
  const m = c.match(/rgba?\((\d+), (\d+), (\d+)/);
  return m !== null && m[2] === '3' && brandValues.has(`rgb(${m[1]},${m[2]},${m[3]})`);
}

/** `selector: property colour` for every painted colour in `root` that is not one of the brand's. */
function offBrand(root: Element): string[] {
  const found = new Set<string>();
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (!(el instanceof HTMLElement) || el.closest('svg') || el.tagName === 'VIDEO' || el.tagName === 'OPTION')
      continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0) continue;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden' || s.opacity === '0') continue;
    const cls = el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : el.tagName;
    const hasText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent?.trim());
    const checks: [string, string][] = [['background-color', s.backgroundColor]];
    if (hasText) checks.push(['color', s.color]);
    if (s.outlineStyle !== 'none' && Number.parseFloat(s.outlineWidth) > 0)
      checks.push(['outline-color', s.outlineColor]);
    for (const [prop, value] of checks) {
      for (const c of coloursIn(value)) if (!isBrand(c)) found.add(`${cls} ${prop} ${c}`);
    }
  }
  return [...found].sort();
}

function applyBrand(selector: string, media = '') {
  const style = document.createElement('style');
  style.id = 'brand';
  const body = `${selector} { ${Object.entries(brand)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ')} }`;
  style.textContent = media ? `@media ${media} { ${body} }` : body;
  document.head.append(style);
}

function Screens() {
  return (
    <div style={{ display: 'grid', gap: 8, gridTemplateColumns: '1fr 1fr', width: 1200 }}>
      <div style={{ position: 'relative', width: 400, height: 300 }}>
        <ParticipantTile name="Bob" connection="reconnecting" audioMuted />
        <ReconnectingScreen />
      </div>
      <div style={{ position: 'relative', width: 400, height: 300 }}>
        <OutgoingCallScreen calleeIds={['bob@example.test']} callType="video" onCancel={noop} />
      </div>
      <div style={{ position: 'relative', width: 400, height: 300 }}>
        <CallEndedScreen reason="remoteEnded" durationMs={65_000} onClose={noop} onCallAgain={noop} />
      </div>
    </div>
  );
}

describe('a brand palette on every documented colour property', () => {
  it('the reconnecting overlay (and its description and spinner) follow the palette', () => {
    applyBrand('.brand');
    const view = render(
      <div className="brand">
        <Screens />
      </div>,
    );
    const overlay = view.container.querySelector('.meshcall-status--overlay')!;
    expect(offBrand(overlay)).toEqual([]);
  });

  it('the "Tap to play" button over a video follows the palette', async () => {
    applyBrand('.brand');
    // Autoplay is allowed in this Chromium: refuse it once, as the policy would.
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() =>
      Promise.reject(new DOMException('blocked', 'NotAllowedError')),
    );
    const synthetic = createSyntheticStream({ label: 'x', video: true, volume: 0 });
    const view = render(
      <div className="brand" style={{ width: 400, height: 300 }}>
        <VideoSurface track={synthetic.stream.getVideoTracks()[0] ?? null} />
      </div>,
    );
    const button = await view.findByRole('button', { name: 'Tap to play' });
    const s = getComputedStyle(button);
    synthetic.stop();
    expect({ background: s.backgroundColor, color: s.color }).toEqual({
      background: expect.toSatisfy(isBrand),
      color: expect.toSatisfy(isBrand),
    });
  });

  it('dark OS preference: the palette the docs say to set "on :root" is applied (focus ring, surfaces)', async () => {
    await commands.emulateMedia({ colorScheme: 'dark' });
    // The app's own dark palette, set on :root for the dark preference, as the Theming section says.
    applyBrand(':root', '(prefers-color-scheme: dark)');
    const view = render(
      <CallControls>
        <MicButton muted={false} onToggle={noop} />
        <CameraButton muted onToggle={noop} />
        <ScreenShareButton sharing={false} onToggle={noop} supported />
        <DeviceSettingsButton>
          <MediaDeviceSelect kind="audioinput" devices={[{ deviceId: 'a', label: 'A' }]} value="a" onChange={noop} />
        </DeviceSettingsButton>
        <HangUpButton onHangUp={noop} />
      </CallControls>,
    );
    await userEvent.setup().tab();
    const focused = document.activeElement as HTMLElement;
    const s = getComputedStyle(focused);
    const bar = getComputedStyle(view.container.querySelector('.meshcall-controls')!);
    expect({
      focusRing: s.outlineColor,
      buttonBg: s.backgroundColor,
      buttonText: s.color,
      barBg: bar.backgroundColor,
    }).toEqual({
      focusRing: brand['--meshcall-focus'],
      buttonBg: brand['--meshcall-control-bg'],
      buttonText: brand['--meshcall-control-text'],
      barBg: brand['--meshcall-bar-bg'],
    });
  });

  it('sweep: every other screen follows the palette (light)', async () => {
    applyBrand('.brand');
    const view = render(
      <div className="brand">
        <IncomingCallDialog callerId="bob@example.test" callType="video" onAccept={noop} onReject={noop} />
        <ParticipantTile name="Carol" connection="poor" audioMuted videoMuted speaking />
        <ParticipantTile name="Dave" connection="failed" screenSharing />
        <div style={{ position: 'relative', width: 400, height: 300 }}>
          <OutgoingCallScreen calleeIds={['bob@example.test']} callType="video" onCancel={noop} />
        </div>
        <div style={{ position: 'relative', width: 400, height: 300 }}>
          <CallEndedScreen reason="remoteEnded" durationMs={65_000} onClose={noop} onCallAgain={noop} />
        </div>
        <div style={{ position: 'relative', width: 600, height: 400 }}>
          <CallControls>
            <MicButton muted onToggle={noop} />
            <DeviceSettingsButton>
              <MediaDeviceSelect
                kind="audioinput"
                devices={[{ deviceId: 'a', label: 'A' }]}
                value="a"
                onChange={noop}
              />
            </DeviceSettingsButton>
            <HangUpButton onHangUp={noop} />
          </CallControls>
        </div>
      </div>,
    );
    const user = userEvent.setup();
    await user.click(view.getByRole('button', { name: 'Devices' }));
    await user.hover(view.getByRole('button', { name: 'Mute' }));
    // The avatar's initials are white on a hue of the name (no property); everything else should be the brand's.
    expect(offBrand(view.container).filter((line) => !line.startsWith('.meshcall-avatar'))).toEqual([]);
  });

  it('the avatar initials (on a tile) follow --meshcall-tile-text', () => {
    applyBrand('.brand');
    const view = render(
      <div className="brand">
        <ParticipantTile name="Carol" videoMuted />
      </div>,
    );
    const avatar = view.container.querySelector('.meshcall-avatar')!;
    expect(getComputedStyle(avatar).color).toBe(brand['--meshcall-tile-text']);
  });
});
