/**
 * `useCallFocus` on a call area built like `<VideoCall>`'s, with the real stylesheet and real input (CDP): the
 * call area's own focus ring follows the last input, as `:focus-visible` does for controls.
 */
import { cleanup, render } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent as realInput } from 'vitest/browser';
import '../styles.css';
import { useCallFocus, type VideoCallScreen } from './focus.js';

afterEach(() => cleanup());

function Area({ screen, sessionId }: { screen: VideoCallScreen; sessionId: string | null }) {
  const root = useRef<HTMLDivElement>(null);
  const dialog = useRef<HTMLDivElement>(null);
  useCallFocus(root, dialog, screen, sessionId);
  return (
    <div ref={root} tabIndex={-1} className="meshcall meshcall-video-call" style={{ width: 400, height: 300 }}>
      <div data-testid="stage" style={{ width: 400, height: 200 }}>
        stage
      </div>
      {screen === 'call' && (
        <div className="meshcall-layout__controls">
          <button type="button">Mute</button>
        </div>
      )}
    </div>
  );
}

describe('the call area focus ring', () => {
  it('shows for the keyboard and not for a click, whatever the input before', async () => {
    const view = render(<Area screen="idle" sessionId={null} />);
    (document.activeElement as HTMLElement | null)?.blur();
    await realInput.keyboard('{Shift}'); // a keyboard user (who answered with Enter, say)
    view.rerender(<Area screen="call" sessionId="s1" />);
    const area = view.container.querySelector<HTMLElement>('.meshcall-video-call');
    if (!area) throw new Error('no call area');
    await expect.poll(() => document.activeElement?.textContent).toBe('Mute');
    // The mouse: a click on the stage focuses the call area (tabIndex -1), with no ring.
    await realInput.click(view.getByTestId('stage'));
    expect(document.activeElement).toBe(area);
    expect(getComputedStyle(area).outlineStyle).toBe('none');
    // Back to the keyboard while the area has the focus: the ring shows where the focus is.
    await realInput.keyboard('{Shift}');
    expect(getComputedStyle(area).outlineStyle).toBe('solid');
  });
});
