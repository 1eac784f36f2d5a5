import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { commands, userEvent as realInput } from 'vitest/browser';
import { LabelsProvider } from '../labels.js';
import '../styles.css';
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
  it('exposes the mic state with aria-pressed, under a name that stays the same (no "Unmute, pressed")', () => {
    const onToggle = vi.fn();
    render(<Stateful onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Mute' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(button);
    expect(onToggle).toHaveBeenLastCalledWith(true);
    expect(button.getAttribute('aria-pressed')).toBe('true');
    expect(button).toHaveProperty('textContent', 'Mute');
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
    expect(screen.getByRole('button', { name: 'Turn off camera' }).getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('button', { name: 'Share screen' }).getAttribute('aria-pressed')).toBe('true');
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

// Real pointer and keyboard input (CDP): hover and focus rings come from real events only.
describe('the control tooltips (WCAG 1.4.13)', () => {
  const shown = (button: HTMLElement) => {
    const label = button.querySelector('.meshcall-control__label');
    return label !== null && getComputedStyle(label).clipPath === 'none';
  };

  it('Escape hides a hover tooltip until the pointer leaves; the pointer can rest on it; a click on it presses nothing', async () => {
    const onToggle = vi.fn();
    // Room above the buttons for their tooltips.
    render(
      <div style={{ padding: 80 }}>
        <button type="button">elsewhere</button>
        <MicButton muted={false} onToggle={onToggle} />
      </div>,
    );
    const mic = screen.getByRole('button', { name: 'Mute' });
    const label = mic.querySelector<HTMLElement>('.meshcall-control__label');
    if (!label) throw new Error('no tooltip');
    screen.getByRole('button', { name: 'elsewhere' }).focus();
    await realInput.hover(mic);
    expect(shown(mic)).toBe(true);
    // The pointer moves up onto the tooltip: it stays, and clicking it does not toggle the microphone.
    await realInput.hover(label);
    expect(shown(mic)).toBe(true);
    await realInput.click(label);
    expect(onToggle).not.toHaveBeenCalled();
    // Escape (the focus is elsewhere) hides it; it comes back on the next hover.
    await realInput.keyboard('{Escape}');
    expect(shown(mic)).toBe(false);
    await realInput.unhover(mic);
    await realInput.hover(mic);
    expect(shown(mic)).toBe(true);
  });

  it('Escape hides a keyboard-focus tooltip until the focus moves', async () => {
    render(
      <div style={{ padding: 80 }}>
        <button type="button">before</button>
        <MicButton muted={false} onToggle={() => undefined} />
        <CameraButton muted={false} onToggle={() => undefined} />
      </div>,
    );
    // The pointer rests elsewhere: this is the keyboard's tooltip.
    await realInput.hover(screen.getByRole('button', { name: 'before' }));
    screen.getByRole('button', { name: 'before' }).focus();
    await realInput.keyboard('{Tab}');
    const mic = screen.getByRole('button', { name: 'Mute' });
    expect(document.activeElement).toBe(mic);
    expect(shown(mic)).toBe(true);
    await realInput.keyboard('{Escape}');
    expect(shown(mic)).toBe(false);
    await realInput.keyboard('{Tab}');
    expect(shown(screen.getByRole('button', { name: 'Turn off camera' }))).toBe(true);
    await realInput.keyboard('{Shift>}{Tab}{/Shift}');
    expect(shown(mic)).toBe(true);
  });
});

describe('in forced colours (Windows High Contrast)', () => {
  afterEach(() => commands.emulateMedia({ forcedColors: null }));

  it('a pressed toggle differs from the others by more than its icon', async () => {
    await commands.emulateMedia({ forcedColors: 'active' });
    render(
      <>
        <MicButton muted={false} onToggle={() => undefined} />
        <MicButton muted onToggle={() => undefined} />
      </>,
    );
    const [on, off] = [
      screen.getByRole('button', { name: 'Mute', pressed: false }),
      screen.getByRole('button', { name: 'Mute', pressed: true }),
    ];
    const look = (button: HTMLElement) => {
      const style = getComputedStyle(button);
      return `${style.backgroundColor} ${style.color} ${style.borderStyle}`;
    };
    expect(look(on)).not.toBe(look(off));
    expect(getComputedStyle(on).borderStyle).toBe('solid');
  });
});

describe('ControlButton on a touch screen', () => {
  const touch = (button: HTMLElement, type: 'pointerdown' | 'pointerup' | 'pointerout') =>
    // React makes its pointerleave out of pointerout (with where the pointer went).
    button.dispatchEvent(new PointerEvent(type, { pointerType: 'touch', bubbles: true, relatedTarget: document.body }));
  const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('a long press shows the name for a moment and presses nothing; a tap presses', async () => {
    const onToggle = vi.fn();
    render(<MicButton muted={false} onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Mute' });
    const label = () => getComputedStyle(button.querySelector('.meshcall-control__label')!).clipPath;
    expect(label()).not.toBe('none');
    touch(button, 'pointerdown');
    await wait(600);
    expect(label()).toBe('none');
    // A lifted finger: pointerup, pointerleave (the finger is gone), then the click.
    touch(button, 'pointerup');
    touch(button, 'pointerout');
    fireEvent.click(button); // the click that ends the long press
    expect(onToggle).not.toHaveBeenCalled();
    expect(label()).toBe('none'); // still readable after the finger lifts…
    await wait(1_600);
    expect(label()).not.toBe('none'); // …for a moment
    touch(button, 'pointerdown');
    touch(button, 'pointerup');
    fireEvent.click(button);
    expect(onToggle).toHaveBeenCalledTimes(1);
  });
});
