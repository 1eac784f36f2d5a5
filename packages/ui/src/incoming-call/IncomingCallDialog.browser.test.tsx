import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { IncomingCallDialog } from './IncomingCallDialog.js';
import { startRingtone } from './ringtone.js';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const base = { callerId: 'alice@example.test', callType: 'video' as const, onAccept: () => undefined };

describe('IncomingCallDialog', () => {
  it('is a labelled, described alert dialog that focuses Accept and restores focus on close', () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const { unmount } = render(<IncomingCallDialog {...base} onReject={() => undefined} />);
    const dialog = screen.getByRole('alertdialog', { name: 'Alice is calling' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const description = document.getElementById(dialog.getAttribute('aria-describedby') ?? '');
    expect(description?.textContent).toContain('Incoming video call');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Accept' }));
    unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });

  it("tells the caller's address, so that a caller on another server does not pass for a contact", () => {
    const describedText = (callerId: string, extra: { showCallerAddress?: boolean } = {}) => {
      const { unmount } = render(<IncomingCallDialog {...base} {...extra} callerId={callerId} onReject={() => {}} />);
      const dialog = screen.getByRole('alertdialog', { name: 'Alice is calling' });
      const text = document.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent ?? '';
      unmount();
      return text;
    };
    expect(describedText('alice@example.test')).toContain('alice@example.test');
    expect(describedText('alice@elsewhere.example')).toContain('alice@elsewhere.example');
    expect(describedText('alice@elsewhere.example', { showCallerAddress: false })).not.toContain('elsewhere');
  });

  it('keeps focus inside when the backdrop or the text is clicked, so Tab never reaches the page behind', async () => {
    const user = userEvent.setup();
    const behind = document.createElement('button');
    behind.textContent = 'Behind';
    document.body.append(behind);
    render(<IncomingCallDialog {...base} onReject={() => undefined} onAcceptWithoutVideo={() => undefined} />);
    const dialog = screen.getByRole('alertdialog');
    const accept = screen.getByRole('button', { name: 'Accept' });
    await user.click(dialog.parentElement as HTMLElement); // the backdrop
    expect(document.activeElement).toBe(accept);
    await user.click(screen.getByText('Alice is calling'));
    expect(document.activeElement).toBe(accept);
    for (let i = 0; i < 4; i++) {
      await user.keyboard('{Shift>}{Tab}{/Shift}');
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
    behind.remove();
  });

  it('keeps Tab inside the dialog', () => {
    render(<IncomingCallDialog {...base} onReject={() => undefined} onAcceptWithoutVideo={() => undefined} />);
    const accept = screen.getByRole('button', { name: 'Accept' });
    const decline = screen.getByRole('button', { name: 'Decline' });
    fireEvent.keyDown(accept, { key: 'Tab' });
    expect(document.activeElement).toBe(decline);
    fireEvent.keyDown(decline, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(accept);
  });

  it('declines on Escape unless rejectOnEscape is false', () => {
    const onReject = vi.fn();
    const { rerender } = render(<IncomingCallDialog {...base} onReject={onReject} />);
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(onReject).toHaveBeenCalledTimes(1);
    rerender(<IncomingCallDialog {...base} onReject={onReject} rejectOnEscape={false} />);
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect(onReject).toHaveBeenCalledTimes(1);
  });

  it("ignores input for a moment when it opens under the user's typing, or for inputDelay", async () => {
    const chat = document.createElement('textarea');
    document.body.append(chat);
    chat.focus();
    const onAccept = vi.fn();
    const onReject = vi.fn();
    const { unmount } = render(<IncomingCallDialog {...base} onAccept={onAccept} onReject={onReject} />);
    // The dialog took the focus from the message being typed: its next Enter must not accept the call.
    const accept = screen.getByRole('button', { name: 'Accept' });
    expect(document.activeElement).toBe(accept);
    fireEvent.click(accept);
    fireEvent.keyDown(screen.getByRole('alertdialog'), { key: 'Escape' });
    expect([onAccept.mock.calls.length, onReject.mock.calls.length]).toEqual([0, 0]);
    await new Promise((resolve) => setTimeout(resolve, 550));
    fireEvent.click(accept);
    expect(onAccept).toHaveBeenCalledTimes(1);
    unmount();
    chat.remove();

    // Not typing: input counts at once, unless the app asks for a delay.
    render(<IncomingCallDialog {...base} onAccept={onAccept} onReject={onReject} />);
    fireEvent.click(screen.getByRole('button', { name: 'Accept' }));
    expect(onAccept).toHaveBeenCalledTimes(2);
    cleanup();
    render(<IncomingCallDialog {...base} onAccept={onAccept} onReject={onReject} inputDelay={60_000} />);
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    expect(onReject).not.toHaveBeenCalled();
  });

  it('offers "Accept without video" only for video calls with a handler', () => {
    const { rerender } = render(
      <IncomingCallDialog
        {...base}
        callType="audio"
        onReject={() => undefined}
        onAcceptWithoutVideo={() => undefined}
      />,
    );
    expect(screen.queryByRole('button', { name: 'Accept without video' })).toBeNull();
    rerender(<IncomingCallDialog {...base} onReject={() => undefined} />);
    expect(screen.queryByRole('button', { name: 'Accept without video' })).toBeNull();
  });

  it('stops the built-in ringtone when it unmounts', async () => {
    const close = vi.spyOn(AudioContext.prototype, 'close');
    const { unmount } = render(<IncomingCallDialog {...base} onReject={() => undefined} ringtone />);
    expect(close).not.toHaveBeenCalled();
    unmount();
    expect(close).toHaveBeenCalledTimes(1);
  });
});

describe('IncomingCallDialog on a small screen', () => {
  afterEach(() => page.viewport(414, 896));

  it('at 320×256 CSS px (400% zoom) scrolls, so every part of it can be brought into view (WCAG 1.4.10)', async () => {
    await page.viewport(320, 256);
    render(
      <IncomingCallDialog
        callerId="alice@example.test"
        callType="video"
        opponents={['alice@example.test', 'carol@example.test']}
        onAccept={() => undefined}
        onAcceptWithoutVideo={() => undefined}
        onReject={() => undefined}
      />,
    );
    const dialog = screen.getByRole('alertdialog');
    const cutOff: string[] = [];
    for (const part of [screen.getByRole('heading'), ...screen.getAllByRole('button')]) {
      part.scrollIntoView({ block: 'nearest' });
      const box = part.getBoundingClientRect();
      // Whole pixels: a button that shrank to a fractional width can end a fraction of a pixel past the edge.
      const [top, bottom, left, right] = [box.top, box.bottom, box.left, box.right].map(Math.round) as [
        number,
        number,
        number,
        number,
      ];
      if (top < 0 || bottom > innerHeight || left < 0 || right > innerWidth) {
        cutOff.push(part.textContent ?? '');
      }
    }
    expect(dialog.getBoundingClientRect().height).toBeGreaterThan(innerHeight);
    expect(cutOff).toEqual([]);
  });
});

describe('startRingtone', () => {
  it('plays the built-in tone on a running AudioContext and closes it on stop', async () => {
    const ring = startRingtone(true);
    const context = ring.context;
    expect(context).not.toBeNull();
    await vi.waitFor(() => expect(context?.state).toBe('running'), { timeout: 5_000 });
    ring.stop();
    ring.stop();
    await vi.waitFor(() => expect(context?.state).toBe('closed'), { timeout: 5_000 });
  });

  it('plays the built-in tone on the speaker it is given, and on the system output when that one is gone', async () => {
    // Chromium's fake audio outputs (`--use-fake-device-for-media-stream`).
    const devices = await navigator.mediaDevices.enumerateDevices();
    const headset = devices.find((d) => d.kind === 'audiooutput' && d.deviceId !== 'default')?.deviceId;
    expect(headset).toBeTruthy();
    const sinkOf = (context: AudioContext | null) => (context as { sinkId?: unknown } | null)?.sinkId;
    const routed = startRingtone(true, { sinkId: headset });
    const gone = startRingtone(true, { sinkId: 'unplugged-headset' });
    await vi.waitFor(
      () =>
        expect([gone.context?.state, sinkOf(gone.context), routed.context?.state, sinkOf(routed.context)]).toEqual([
          'running',
          '',
          'running',
          headset,
        ]),
      { timeout: 5_000 },
    );
    routed.stop();
    gone.stop();
  });
});
