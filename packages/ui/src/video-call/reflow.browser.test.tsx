/**
 * The "Calling…" screen in little room. Zoomed in (WCAG 1.4.10: 320×256 CSS px is a 1280×1024 window at 400 %), it
 * keeps whom the call rings readable: the caller's own preview, which would sit over the heading there, makes
 * way. And in a call area whose height comes from its content (the screen asks its container how tall it is), it
 * still has a height and shows Cancel.
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const BOB = 'bob@example.test';

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

it.each([
  ['a column that grows with the page (min-height only)', { minHeight: 420 }],
  ['a flex column item of auto height', { display: 'flex', flexDirection: 'column' as const }],
])('the Calling screen keeps Cancel on screen in %s', async (_name, style) => {
  await page.viewport(1000, 800);
  const client = new FakeClient('alice@example.test');
  const { container } = render(
    <div style={{ width: 700, ...style }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} />
      </CallProvider>
    </div>,
  );
  const session = client.createSession([BOB], 'audio');
  act(() => void session.start());
  const cancel = await within(container).findByRole('button', { name: /cancel/i });
  const calling = container.querySelector('.meshcall-video-call__calling') as HTMLElement;
  expect({
    callingHeight: Math.round(calling.getBoundingClientRect().height) > 100,
    cancelVisible:
      cancel.checkVisibility() && cancel.getBoundingClientRect().bottom <= calling.getBoundingClientRect().bottom,
  }).toEqual({ callingHeight: true, cancelVisible: true });
});
