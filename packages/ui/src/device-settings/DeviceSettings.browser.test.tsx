import { cleanup, render } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import '../styles.css';
import { MediaDeviceSelect } from './DeviceSettings.js';

const MICROPHONES = [
  { deviceId: 'mic-desk', label: 'Desk microphone' },
  { deviceId: 'mic-headset', label: 'Headset microphone' },
  { deviceId: 'mic-webcam', label: 'Webcam microphone' },
];

afterEach(cleanup);

/** A select whose value follows what it reports, as a real device switch would. */
function Microphones({ onChange }: { onChange: (deviceId: string) => void }) {
  const [value, setValue] = useState('mic-desk');
  return (
    <>
      <MediaDeviceSelect
        kind="audioinput"
        devices={MICROPHONES}
        value={value}
        onChange={(deviceId) => {
          onChange(deviceId);
          setValue(deviceId);
        }}
      />
      <button type="button">elsewhere</button>
    </>
  );
}

function setUp() {
  const onChange = vi.fn<(deviceId: string) => void>();
  const view = render(<Microphones onChange={onChange} />);
  const select = view.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
  select.focus();
  return { onChange, select };
}

// Real key presses in Chromium: arrow keys on a closed <select> change its value and fire `change` each time.
describe('MediaDeviceSelect with the keyboard', () => {
  it('arrow keys browse without switching; Enter takes the device shown', async () => {
    const { onChange, select } = setUp();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    expect(select.value).toBe('mic-webcam');
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.keyboard('{Enter}');
    expect(onChange.mock.calls).toEqual([['mic-webcam']]);
    expect(select.value).toBe('mic-webcam');
  });

  it('leaving the select takes the device shown; Escape goes back to the one in use', async () => {
    const { onChange, select } = setUp();
    await userEvent.keyboard('{ArrowDown}{Escape}');
    expect(select.value).toBe('mic-desk');
    await userEvent.keyboard('{ArrowDown}');
    expect(onChange).not.toHaveBeenCalled();
    await userEvent.keyboard('{Tab}');
    expect(onChange.mock.calls).toEqual([['mic-headset']]);
  });

  it('a pick from the list after leaving the select with Shift+Tab is taken at once (no key is left down)', async () => {
    const { onChange, select } = setUp();
    // Shift goes down on the select; Tab moves the focus on, so Shift comes up elsewhere.
    await userEvent.keyboard('{Shift>}{Tab}{/Shift}');
    expect(document.activeElement).not.toBe(select);
    await userEvent.selectOptions(select, 'mic-webcam');
    expect(onChange.mock.calls).toEqual([['mic-webcam']]);
  });

  it('a pick from the list (no key down) is taken at once', async () => {
    const { onChange, select } = setUp();
    await userEvent.selectOptions(select, 'mic-webcam');
    expect(onChange.mock.calls).toEqual([['mic-webcam']]);
  });
});

describe('MediaDeviceSelect with a mouse', () => {
  it("keeps the panel's 14 px type (16 px and finger-sized fields are for touch screens)", () => {
    const devices = [{ deviceId: 'a', label: 'Microphone one' }];
    const view = render(<MediaDeviceSelect kind="audioinput" devices={devices} value="a" onChange={() => undefined} />);
    const select = view.getByRole('combobox');
    expect(matchMedia('(pointer: fine)').matches).toBe(true);
    expect(getComputedStyle(select).fontSize).toBe('14px');
    expect(select.getBoundingClientRect().height).toBeLessThan(44);
  });
});
