import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
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
});
