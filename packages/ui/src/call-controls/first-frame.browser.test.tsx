/**
 * The control bar is drawn whole in its first frame: were screen sharing detected one effect late, the bar would
 * be painted one button short and then widen, every button sliding sideways under the user's pointer. Rendered with a plain React root (no act()), the DOM of each commit recorded by a
 * MutationObserver, in real Chromium with the real stylesheet.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import '../styles.css';
import { CallControls } from './CallControls.js';

let root: Root | null = null;
let host: HTMLElement | null = null;

afterEach(() => {
  const mounted = root;
  root = null;
  if (mounted) act(() => mounted.unmount());
  host?.remove();
});

const noop = () => undefined;

describe('control bar on mount', () => {
  it('is drawn with all its buttons in the first frame, not one button short then wider', async () => {
    // This test drives React without act(), as a browser does.
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
    expect(typeof navigator.mediaDevices?.getDisplayMedia).toBe('function');
    host = document.createElement('div');
    document.body.append(host);
    const seen: string[] = [];
    const record = () => {
      const bar = host?.querySelector<HTMLElement>('.meshcall-controls');
      if (bar) seen.push(`${bar.children.length} buttons, ${Math.round(bar.getBoundingClientRect().width)} px`);
    };
    const observer = new MutationObserver(record);
    observer.observe(host, { childList: true, subtree: true });
    // What the browser paints: the DOM at the first animation frame after the first commit.
    const firstFrame = new Promise<string>((resolve) => {
      const check = () => {
        const bar = host?.querySelector<HTMLElement>('.meshcall-controls');
        if (bar) resolve(`${bar.children.length} buttons, ${Math.round(bar.getBoundingClientRect().width)} px`);
        else requestAnimationFrame(check);
      };
      requestAnimationFrame(check);
    });
    root = createRoot(host);
    root.render(
      <CallControls
        onToggleAudio={noop}
        onToggleVideo={noop}
        onToggleScreenShare={noop}
        onHangUp={noop}
        cameraCount={1}
        onSwitchCamera={noop}
      />,
    );
    const painted = await firstFrame;
    await new Promise((resolve) => setTimeout(resolve, 300));
    observer.disconnect();
    (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
    record();
    const final = seen[seen.length - 1];
    // Every commit the bar went through, then what was painted first and what it settled on.
    expect({ commits: [...new Set(seen)], painted }).toEqual({ commits: [final], painted: final });
  });
});
