import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabelsProvider } from '../labels.js';
import { CallControls, CameraButton, MicButton, ScreenShareButton, SwitchCameraButton } from './CallControls.js';

afterEach(cleanup);

function Stateful({ onToggle }: { onToggle: (muted: boolean) => void }) {
  const [muted, setMuted] = useState(false);
  return (
    <MicButton
      muted={muted}
      onToggle={() => {
        onToggle(!muted);
        setMuted(!muted);
      }}
    />
  );
}

describe('CallControls', () => {
  it('exposes the mic state with aria-pressed and an action label that follows it', () => {
    const onToggle = vi.fn();
    render(<Stateful onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Mute' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(onToggle).toHaveBeenLastCalledWith(true);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Unmute' })).toBe(button);
    fireEvent.click(button);
    expect(onToggle).toHaveBeenLastCalledWith(false);
    expect(button.getAttribute('aria-pressed')).toBe('false');
  });

  it('camera and screen-share toggles expose their state', () => {
    render(
      <>
        <CameraButton muted onToggle={() => undefined} />
        <ScreenShareButton sharing supported onToggle={() => undefined} />
      </>,
    );
    expect(screen.getByRole('button', { name: 'Turn on camera' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Stop sharing' }).getAttribute('aria-pressed')).toBe('true');
  });

  it('calls each callback from the default buttons', () => {
    const callbacks = {
      onToggleAudio: vi.fn(),
      onToggleVideo: vi.fn(),
      onSwitchCamera: vi.fn(),
      onToggleScreenShare: vi.fn(),
      onHangUp: vi.fn(),
    };
    render(<CallControls cameraCount={2} {...callbacks} />);
    const group = screen.getByRole('group', { name: 'Call controls' });
    const names = ['Mute', 'Turn off camera', 'Switch camera', 'Share screen', 'Leave call'];
    for (const name of names) fireEvent.click(screen.getByRole('button', { name }));
    for (const callback of Object.values(callbacks)) expect(callback).toHaveBeenCalledTimes(1);
    // Order is part of the design: hang-up comes last.
    expect(Array.from(group.querySelectorAll('button'), (b) => b.textContent)).toEqual(names);
  });

  it('renders only the buttons whose callbacks are given', () => {
    render(<CallControls onToggleAudio={() => undefined} onHangUp={() => undefined} />);
    expect(screen.getAllByRole('button').map((b) => b.textContent)).toEqual(['Mute', 'Leave call']);
  });

  it('hides switch-camera with fewer than two cameras', () => {
    const { rerender } = render(<SwitchCameraButton cameraCount={1} onSwitch={() => undefined} />);
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<SwitchCameraButton cameraCount={2} onSwitch={() => undefined} />);
    expect(screen.getByRole('button', { name: 'Switch camera' })).toBeTruthy();
  });

  it('shows screen share where getDisplayMedia exists (this Chromium), hides it when unsupported', async () => {
    const { rerender } = render(<ScreenShareButton sharing={false} onToggle={() => undefined} />);
    expect(await screen.findByRole('button', { name: 'Share screen' })).toBeTruthy();
    rerender(<ScreenShareButton sharing={false} supported={false} onToggle={() => undefined} />);
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('takes labels from the provider and the labels prop (prop wins)', () => {
    render(
      <LabelsProvider labels={{ mute: 'Stumm', hangUp: 'Auflegen' }}>
        <CallControls labels={{ hangUp: 'Beenden' }} onToggleAudio={() => undefined} onHangUp={() => undefined} />
      </LabelsProvider>,
    );
    expect(screen.getByRole('button', { name: 'Stumm' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Beenden' })).toBeTruthy();
  });

  it('buttons are reachable and operable from the keyboard (native buttons)', () => {
    render(<CallControls onToggleAudio={() => undefined} onHangUp={() => undefined} />);
    for (const button of screen.getAllByRole('button')) {
      expect(button.tagName).toBe('BUTTON');
      expect(button.getAttribute('type')).toBe('button');
      expect(button.tabIndex).toBe(0);
    }
  });
});
