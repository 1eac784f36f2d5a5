// @vitest-environment jsdom
/**
 * MediaDeviceSelect and DeviceSettingsButton without a browser: the options they offer (server rendering), and
 * keyboard browsing and the Devices disclosure with jsdom events in the order a browser sends them.
 */
import { cleanup, fireEvent, render } from '@testing-library/react';
import { useState } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeviceSettingsButton, MediaDeviceSelect } from './DeviceSettings.js';

const MICROPHONES = [
  { deviceId: 'default', label: 'Default - Desk microphone' },
  { deviceId: 'communications', label: 'Communications - Desk microphone' },
  { deviceId: 'mic-desk', label: 'Desk microphone' },
  { deviceId: 'mic-headset', label: 'Headset microphone' },
];

const optionsOf = (html: string) => [...html.matchAll(/<option value="([^"]*)"( selected="")?>([^<]*)</g)];

describe('MediaDeviceSelect', () => {
  it('offers "System default" once, then the devices, without the browser\'s own aliases for it', () => {
    const html = renderToStaticMarkup(
      <MediaDeviceSelect kind="audioinput" devices={MICROPHONES} value="mic-headset" onChange={() => {}} />,
    );
    expect(optionsOf(html).map(([, value, , text]) => [value, text])).toEqual([
      ['', 'System default'],
      ['mic-desk', 'Desk microphone'],
      ['mic-headset', 'Headset microphone'],
    ]);
    expect(optionsOf(html).find(([, , selected]) => selected)?.[1]).toBe('mic-headset');
  });

  it('shows the default device, or one it does not list, as "System default"', () => {
    for (const value of ['default', '', undefined, 'unplugged']) {
      const html = renderToStaticMarkup(
        <MediaDeviceSelect kind="audioinput" devices={MICROPHONES} value={value} onChange={() => {}} />,
      );
      expect(optionsOf(html).find(([, , selected]) => selected)?.[3]).toBe('System default');
    }
  });
});

const TWO_MICROPHONES = [
  { deviceId: 'mic-desk', label: 'Desk microphone' },
  { deviceId: 'mic-headset', label: 'Headset microphone' },
];

afterEach(cleanup);

function Microphones({ onChange }: { onChange: (deviceId: string) => void }) {
  const [value, setValue] = useState('mic-desk');
  return (
    <MediaDeviceSelect
      kind="audioinput"
      devices={TWO_MICROPHONES}
      value={value}
      onChange={(deviceId) => {
        onChange(deviceId);
        setValue(deviceId);
      }}
    />
  );
}

function setUp() {
  const onChange = vi.fn<(deviceId: string) => void>();
  const view = render(<Microphones onChange={onChange} />);
  const select = view.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
  return { onChange, select };
}

/** A key that changes a closed select's value: keydown, change, keyup. */
function browse(select: HTMLSelectElement, key: string, to: string) {
  fireEvent.keyDown(select, { key });
  fireEvent.change(select, { target: { value: to } });
  fireEvent.keyUp(select, { key });
}

describe('MediaDeviceSelect, by keyboard', () => {
  it('Enter on the device already in use changes nothing', () => {
    const { onChange, select } = setUp();
    browse(select, 'ArrowDown', 'mic-headset');
    browse(select, 'ArrowUp', 'mic-desk');
    fireEvent.keyDown(select, { key: 'Enter' });
    expect(onChange).not.toHaveBeenCalled();
    browse(select, 'ArrowDown', 'mic-headset');
    fireEvent.keyDown(select, { key: 'Enter' });
    expect(onChange.mock.calls).toEqual([['mic-headset']]);
  });

  it('a pick from the open list after a key press, or after tabbing in, is taken at once', () => {
    const { onChange, select } = setUp();
    browse(select, 'ArrowDown', 'mic-headset');
    fireEvent.keyDown(select, { key: 'Enter' });
    expect(onChange.mock.calls).toEqual([['mic-headset']]);
    // A mouse pick: change with no key down.
    fireEvent.change(select, { target: { value: 'mic-desk' } });
    expect(onChange.mock.calls).toEqual([['mic-headset'], ['mic-desk']]);
    // Tab into the select (its key-up happens here too in a browser, but not always: model the worst case).
    fireEvent.keyDown(select, { key: 'Tab' });
    fireEvent.change(select, { target: { value: 'mic-headset' } });
    expect(onChange.mock.calls).toEqual([['mic-headset'], ['mic-desk'], ['mic-headset']]);
  });

  it('numbers devices without a name from 1', () => {
    const view = render(
      <MediaDeviceSelect
        kind="audioinput"
        devices={[
          { deviceId: 'a', label: '' },
          { deviceId: 'b', label: '' },
        ]}
        value={undefined}
        onChange={() => undefined}
      />,
    );
    const options = [...view.container.querySelectorAll('option')].map((o) => o.textContent);
    expect(options).toEqual(['System default', 'Microphone 1', 'Microphone 2']);
  });
});

describe('DeviceSettingsButton', () => {
  function open() {
    const onParentKey = vi.fn();
    const view = render(
      // biome-ignore lint/a11y/noStaticElementInteractions: a stand-in for a dialog that closes on Escape
      <div onKeyDown={(event) => onParentKey(event.key)}>
        <DeviceSettingsButton>
          <select aria-label="inside">
            <option>x</option>
          </select>
        </DeviceSettingsButton>
        <button type="button">outside</button>
      </div>,
    );
    const button = view.getByRole('button', { name: 'Devices' });
    fireEvent.click(button);
    expect(button.getAttribute('aria-expanded')).toBe('true');
    return { view, button, onParentKey, outside: view.getByRole('button', { name: 'outside' }) };
  }

  it('closes on a press outside', () => {
    const { button, outside } = open();
    fireEvent.pointerDown(outside);
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes when the focus moves out of it', () => {
    const { view, button, outside } = open();
    fireEvent.blur(view.getByRole('combobox', { name: 'inside' }), { relatedTarget: outside });
    expect(button.getAttribute('aria-expanded')).toBe('false');
  });

  it('Escape closes the panel only', () => {
    const { view, button, onParentKey } = open();
    fireEvent.keyDown(view.getByRole('combobox', { name: 'inside' }), { key: 'Escape' });
    expect(button.getAttribute('aria-expanded')).toBe('false');
    expect(onParentKey).not.toHaveBeenCalled();
    // Closed, Escape is not the panel's business any more.
    fireEvent.keyDown(button, { key: 'Escape' });
    expect(onParentKey).toHaveBeenCalledWith('Escape');
  });
});
