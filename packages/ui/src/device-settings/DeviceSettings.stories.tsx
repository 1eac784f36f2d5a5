import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { CallControls, CameraButton, HangUpButton, MicButton } from '../call-controls/CallControls.js';
import { DeviceSettingsButton, MediaDeviceSelect } from './DeviceSettings.js';

const MICROPHONES = [
  { deviceId: 'mic-desk', label: 'Desk microphone' },
  { deviceId: 'mic-headset', label: 'Headset microphone' },
];
const CAMERAS = [
  { deviceId: 'cam-built-in', label: 'Built-in camera' },
  { deviceId: 'cam-usb', label: 'USB camera' },
];
const SPEAKERS = [
  { deviceId: 'out-speakers', label: 'Speakers' },
  { deviceId: 'out-headset', label: 'Headset' },
];

/** A control bar whose "Devices" panel holds the three selects, wired to state. */
function ControlsWithDevices({ onPick }: { onPick: (kind: string, deviceId: string) => void }) {
  const [mic, setMic] = useState('mic-desk');
  const [camera, setCamera] = useState('cam-built-in');
  const [speaker, setSpeaker] = useState('');
  const pick = (kind: string, set: (deviceId: string) => void) => (deviceId: string) => {
    set(deviceId);
    onPick(kind, deviceId);
  };
  return (
    <CallControls>
      <MicButton muted={false} onToggle={() => {}} />
      <CameraButton muted={false} onToggle={() => {}} />
      <DeviceSettingsButton>
        <MediaDeviceSelect kind="audioinput" devices={MICROPHONES} value={mic} onChange={pick('audioinput', setMic)} />
        <MediaDeviceSelect
          kind="videoinput"
          devices={CAMERAS}
          value={camera}
          onChange={pick('videoinput', setCamera)}
        />
        <MediaDeviceSelect
          kind="audiooutput"
          devices={SPEAKERS}
          value={speaker}
          onChange={pick('audiooutput', setSpeaker)}
        />
      </DeviceSettingsButton>
      <HangUpButton onHangUp={() => {}} />
    </CallControls>
  );
}

const meta = {
  title: 'Calls/DeviceSettings',
  component: ControlsWithDevices,
  args: { onPick: fn() },
  parameters: { layout: 'centered' },
  decorators: [
    (Story) => (
      <div style={{ paddingTop: 260 }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof ControlsWithDevices>;

export default meta;
type Story = StoryObj<typeof meta>;

/**
 * The "Devices" button opens a panel with the microphone, camera and speaker; the focus moves into it, a
 * choice is reported, Escape closes it and gives the focus back to the button.
 */
export const PickDevices: Story = {
  play: async ({ canvas, args, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Devices' });
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(button);
    const panel = await canvas.findByRole('group', { name: 'Devices' });
    await expect(button).toHaveAttribute('aria-expanded', 'true');
    const microphone = canvas.getByRole('combobox', { name: 'Microphone' });
    await waitFor(() => expect(microphone).toHaveFocus());
    await userEvent.selectOptions(microphone, 'Headset microphone');
    await expect(args.onPick).toHaveBeenCalledWith('audioinput', 'mic-headset');
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Speaker' }), 'Headset');
    await expect(args.onPick).toHaveBeenCalledWith('audiooutput', 'out-headset');
    await expect(canvas.getByRole('combobox', { name: 'Camera' })).toHaveValue('cam-built-in');
    await userEvent.keyboard('{Escape}');
    await waitFor(() => expect(panel).not.toBeInTheDocument());
    await expect(button).toHaveFocus();
    await expect(button).toHaveAttribute('aria-expanded', 'false');
    // Open again, for the accessibility check of the panel.
    await userEvent.click(button);
    await expect(await canvas.findByRole('combobox', { name: 'Microphone' })).toHaveValue('mic-headset');
  },
};

/** Devices without names yet (before camera or microphone permission) are numbered. */
export const UnnamedDevices: Story = {
  render: () => (
    <MediaDeviceSelect
      kind="audioinput"
      devices={[
        { deviceId: 'a', label: '' },
        { deviceId: 'b', label: '' },
      ]}
      value="b"
      onChange={() => {}}
    />
  ),
  play: async ({ canvas }) => {
    const select = canvas.getByRole('combobox', { name: 'Microphone' });
    await expect([...(select as HTMLSelectElement).options].map((option) => option.text)).toEqual([
      'System default',
      'Microphone 1',
      'Microphone 2',
    ]);
    await expect(select).toHaveValue('b');
  },
};
