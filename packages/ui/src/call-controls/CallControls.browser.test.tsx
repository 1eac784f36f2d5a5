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
  // React makes its pointerleave out of pointerout (with where the pointer went).
  const touch = (
    button: HTMLElement,
    type: 'pointerdown' | 'pointerup' | 'pointerout' | 'pointercancel',
    pointerId = 1,
  ) =>
    button.dispatchEvent(
      new PointerEvent(type, { pointerType: 'touch', pointerId, bubbles: true, relatedTarget: document.body }),
    );
  function mic() {
    const onToggle = vi.fn();
    render(<MicButton muted={false} onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Mute' });
    const shown = () => getComputedStyle(button.querySelector('.meshcall-control__label')!).clipPath === 'none';
    return { onToggle, button, shown };
  }
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

  it('a second long press during the linger keeps the name shown while the finger rests (no hide under the finger)', async () => {
    const { button, shown } = mic();
    touch(button, 'pointerdown');
    await wait(600);
    touch(button, 'pointerup');
    touch(button, 'pointerout');
    fireEvent.click(button);
    expect(shown()).toBe(true);
    // 1.2 s later (the name still shows, 0.3 s of linger left) the finger comes back and rests again.
    await wait(1_200);
    touch(button, 'pointerdown');
    await wait(450); // the old hide timer (1.5 s after the lift) has fired; the new press's (0.5 s) not yet
    expect(shown(), 'the name vanished under a resting finger (and comes back 0.2 s later)').toBe(true);
    touch(button, 'pointerup');
  });

  it('a second finger on the button during a long press neither leaves the name shown for good nor lets the first finger press', async () => {
    const { button, shown, onToggle } = mic();
    touch(button, 'pointerdown', 1);
    await wait(600);
    expect(shown()).toBe(true);
    // A second finger touches and lifts; then the first lifts (its click follows, as Chromium sends it).
    touch(button, 'pointerdown', 2);
    touch(button, 'pointerup', 2);
    touch(button, 'pointerup', 1);
    touch(button, 'pointerout', 1);
    fireEvent.click(button);
    expect.soft(onToggle, 'the click that ends the long press pressed the button').not.toHaveBeenCalled();
    await wait(1_700);
    expect(shown(), 'the name never hides again').toBe(false);
  });

  it('a long press the browser cancelled (a scroll, a system gesture) does not eat the next tap', async () => {
    const { button, onToggle } = mic();
    touch(button, 'pointerdown');
    await wait(600);
    touch(button, 'pointercancel'); // no click follows a cancelled pointer
    touch(button, 'pointerout');
    await wait(100);
    touch(button, 'pointerdown');
    touch(button, 'pointerup');
    touch(button, 'pointerout');
    fireEvent.click(button);
    expect(onToggle, 'the tap after a cancelled long press was swallowed').toHaveBeenCalledTimes(1);
  });
});
