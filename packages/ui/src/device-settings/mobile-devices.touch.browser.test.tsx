/**
 * On a phone: the device settings panel on phones, measured in Chromium with the real stylesheet.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import '../styles.css';
import { CallControls, HangUpButton, MicButton } from '../call-controls/CallControls.js';
import { DeviceSettingsButton, MediaDeviceSelect } from './DeviceSettings.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

const devices = (prefix: string) => [
  { deviceId: `${prefix}-1`, label: `${prefix} one` },
  { deviceId: `${prefix}-2`, label: `${prefix} two` },
];

/** A call screen's bottom: the bar 12 px above the bottom of a full-screen call, as in <CallLayout>. */
function Bar() {
  return (
    <div style={{ position: 'fixed', insetInline: 12, bottom: 12, display: 'flex', justifyContent: 'center' }}>
      <CallControls>
        <MicButton muted={false} onToggle={() => undefined} />
        <DeviceSettingsButton>
          <MediaDeviceSelect
            kind="audioinput"
            devices={devices('Microphone')}
            value={undefined}
            onChange={() => undefined}
          />
          <MediaDeviceSelect
            kind="videoinput"
            devices={devices('Camera')}
            value={undefined}
            onChange={() => undefined}
          />
          <MediaDeviceSelect
            kind="audiooutput"
            devices={devices('Speaker')}
            value={undefined}
            onChange={() => undefined}
          />
        </DeviceSettingsButton>
        <HangUpButton onHangUp={() => undefined} />
      </CallControls>
    </div>
  );
}

describe.each([
  [360, 640],
  [640, 360],
])('DeviceSettings panel at %i×%i', (width, height) => {
  it('has selects a finger can hit (≥ 44 px high) and that iOS Safari does not zoom into (font-size ≥ 16 px)', async () => {
    await page.viewport(width, height);
    render(<Bar />);
    await userEvent.click(screen.getByRole('button', { name: 'Devices' }));
    const panel = document.querySelector('.meshcall-device-settings__panel');
    if (!panel) throw new Error('no panel');
    const box = panel.getBoundingClientRect();
    expect(box.top).toBeGreaterThanOrEqual(0); // the whole panel is on screen (passes today)
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(innerWidth);
    const selects = screen.getAllByRole('combobox');
    const measured = selects.map((s) => ({
      height: Math.round(s.getBoundingClientRect().height),
      fontSize: getComputedStyle(s).fontSize,
    }));
    // Before the fix: 36 px high, 14 px text (`.meshcall-device-select__select { padding: 8px 10px; font-size: 14px }`).
    for (const m of measured) {
      expect(m.height, JSON.stringify(m)).toBeGreaterThanOrEqual(44);
      expect(Number.parseFloat(m.fontSize), JSON.stringify(m)).toBeGreaterThanOrEqual(16);
    }
  });
});
