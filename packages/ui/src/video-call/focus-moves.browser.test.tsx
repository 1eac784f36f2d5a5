/**
 * `useCallFocus` rules on a call area built like <VideoCall>'s: where the focus goes and comes back.
 */
import { cleanup, render } from '@testing-library/react';
import { type RefObject, useEffect, useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallFocus, useCallFocus, type VideoCallScreen } from './focus.js';

afterEach(() => cleanup());

interface AreaProps {
  screen: VideoCallScreen;
  sessionId: string | null;
  ringing?: boolean;
  focus: RefObject<CallFocus | null>;
}

/** The app's own button and chat, an incoming-call dialog over them, and the call area. */
function App({ screen, sessionId, ringing = false, focus }: AreaProps) {
  const root = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  const callFocus = useCallFocus(root, dialog, screen, sessionId);
  useEffect(() => {
    focus.current = callFocus;
  });
  return (
    <>
      <button type="button">app</button>
      <input aria-label="chat" />
      <div ref={dialog}>
        {ringing && (
          <div role="alertdialog" aria-label="Incoming call">
            <button type="button">Accept</button>
          </div>
        )}
      </div>
      <div ref={root} tabIndex={-1}>
        {screen === 'call' && (
          <div className="meshcall-layout__controls">
            <button type="button">Mute</button>
          </div>
        )}
        {(screen === 'ended' || screen === 'calling') && (
          <div className="meshcall-status__actions">
            <button type="button">{screen === 'ended' ? 'Close' : 'Cancel'}</button>
          </div>
        )}
      </div>
    </>
  );
}

const focused = () => (document.activeElement as HTMLElement | null)?.textContent || document.activeElement?.ariaLabel;

describe('useCallFocus', () => {
  it('after a call answered in the dialog, the focus goes back to the app, not to the gone dialog', async () => {
    const focus: RefObject<CallFocus | null> = { current: null };
    const view = render(<App screen="idle" sessionId={null} focus={focus} />);
    view.getByRole('button', { name: 'app' }).focus();
    view.rerender(<App screen="idle" sessionId={null} ringing focus={focus} />);
    view.getByRole('button', { name: 'Accept' }).focus();
    focus.current!.followAnswer('s1');
    view.rerender(<App screen="call" sessionId="s1" focus={focus} />);
    await expect.poll(focused).toBe('Mute');
    view.rerender(<App screen="idle" sessionId={null} focus={focus} />);
    await expect.poll(focused).toBe('app');
  });

  it('follows an answer once: the end screen of that call leaves the focus in the chat', async () => {
    const focus: RefObject<CallFocus | null> = { current: null };
    const view = render(<App screen="idle" sessionId={null} focus={focus} />);
    view.getByRole('button', { name: 'app' }).focus();
    focus.current!.followAnswer('s1');
    view.rerender(<App screen="call" sessionId="s1" focus={focus} />);
    await expect.poll(focused).toBe('Mute');
    view.getByRole('textbox', { name: 'chat' }).focus();
    view.rerender(<App screen="ended" sessionId="s1" focus={focus} />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(focused()).toBe('chat');
  });

  it('an answer that never came on screen does not pull the focus to another call', async () => {
    const focus: RefObject<CallFocus | null> = { current: null };
    const view = render(<App screen="idle" sessionId={null} focus={focus} />);
    focus.current!.followAnswer('s1');
    view.getByRole('textbox', { name: 'chat' }).focus();
    view.rerender(<App screen="calling" sessionId="s2" focus={focus} />);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(focused()).toBe('chat');
  });

  it('removes every document listener it added when unmounted', () => {
    const added = vi.spyOn(document, 'addEventListener');
    const removed = vi.spyOn(document, 'removeEventListener');
    try {
      const focus: RefObject<CallFocus | null> = { current: null };
      const view = render(<App screen="idle" sessionId={null} focus={focus} />);
      view.unmount();
      const key = (call: unknown[]) => `${String(call[0])} ${Boolean(call[2])}`;
      const mine = added.mock.calls.filter((call) => ['keydown', 'pointerdown', 'focusin'].includes(String(call[0])));
      expect(mine.length).toBeGreaterThanOrEqual(3);
      for (const call of mine) {
        expect(
          removed.mock.calls.some((r) => r[1] === call[1] && key(r) === key(call)),
          key(call),
        ).toBe(true);
      }
    } finally {
      added.mockRestore();
      removed.mockRestore();
    }
  });
});
