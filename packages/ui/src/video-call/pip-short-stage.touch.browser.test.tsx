/**
 * A 1:1 call on a phone held sideways (844×390) while the on-screen keyboard is up (the app's chat field has the
 * focus): the visual viewport shrinks to about 844×200. The picture-in-picture stays inside the short stage,
 * clear of the header and its running time, rather than take its size from the stage's width alone.
 */
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { liveCall } from '../test-support/fake-calls.js';
import { VideoCall } from './VideoCall.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

const rect = (el: Element | null) => {
  const r = el?.getBoundingClientRect();
  return r ? `${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}` : 'none';
};

it('keeps the picture-in-picture inside the stage on a landscape phone with the keyboard up (844×200)', async () => {
  await page.viewport(844, 200);
  const client = new FakeClient('alice@example.test');
  const { container } = render(
    <div style={{ position: 'fixed', inset: 0, height: '100dvh' }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} />
      </CallProvider>
    </div>,
  );
  liveCall(client, ['bob@example.test']);
  await within(container).findByRole('timer');
  const stage = container.querySelector('.meshcall-layout__stage')!.getBoundingClientRect();
  const pip = container.querySelector('.meshcall-grid__pip')!.getBoundingClientRect();
  const timer = within(container).getByRole('timer').getBoundingClientRect();
  const coversTimer =
    pip.left < timer.right && timer.left < pip.right && pip.top < timer.bottom && timer.top < pip.bottom;
  // Today: stage 4,25–840,140, pip 623,-26–824,124 (201×150): 51 px above the stage (26 px above the screen), over the timer.
  expect(
    { pipInsideStage: pip.top >= stage.top && pip.bottom <= stage.bottom, coversTimer },
    `stage ${rect(container.querySelector('.meshcall-layout__stage'))}, pip ${rect(container.querySelector('.meshcall-grid__pip'))}, timer ${rect(within(container).getByRole('timer'))}`,
  ).toEqual({ pipInsideStage: true, coversTimer: false });
});
