/**
 * Zoomed in (WCAG 1.4.10: 320×256 CSS px is a 1280×1024 window at 400 %), the "Calling…" screen keeps whom the
 * call rings readable: the caller's own preview, which would sit over the heading there, makes way.
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

function overlap(a: DOMRect, b: DOMRect): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

it('the "Calling…" heading is not covered by the camera preview at 320×256 CSS px', async () => {
  await page.viewport(320, 256);
  const client = new FakeClient('alice@example.test');
  const { container } = render(
    <div style={{ width: '100vw', height: '100vh' }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} />
      </CallProvider>
    </div>,
  );
  const session = client.createSession(['bob@example.test', 'carol@example.test'], 'video');
  act(() => void session.start());
  const heading = await within(container).findByRole('heading', { name: 'Calling Bob and Carol…' });
  const preview = container.querySelector('.meshcall-video-call__preview');
  if (!preview) throw new Error('no preview');
  const range = document.createRange();
  range.selectNodeContents(heading);
  const lines = [...range.getClientRects()];
  const box = preview.getBoundingClientRect();
  const hidden = lines.filter((line) => overlap(line, box));
  expect(
    hidden.map(
      (line) => `${Math.round(line.left)},${Math.round(line.top)} ${Math.round(line.width)}×${Math.round(line.height)}`,
    ),
    `preview at ${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}×${Math.round(box.height)}`,
  ).toEqual([]);
});
