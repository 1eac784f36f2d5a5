import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MediaDeviceSelect } from './DeviceSettings.js';

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
