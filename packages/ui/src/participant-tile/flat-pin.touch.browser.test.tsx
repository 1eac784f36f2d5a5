/**
 * On a touch screen (vitest.touch.config.ts), a phone held sideways (844×390) while someone presents: the other
 * tiles stack in a strip beside the presenter, each under 100 px tall (the "flat tile" rules, a smaller pin).
 * Their pin toggles still take a 44 px tap, whole inside the tile, as the normal tile's pin does
 * (mobile-tile.touch.browser.test.tsx).
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { VideoCall } from '../video-call/VideoCall.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

/** Where a tap still lands on `el` (elementFromPoint), across and down through its centre: the tap target. */
function tapExtent(el: Element) {
  const box = el.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const hits = (x: number, y: number) => {
    const at = document.elementFromPoint(x, y);
    return at !== null && (at === el || el.contains(at));
  };
  const reach = (dx: number, dy: number) => {
    let n = 0;
    while (n < 60 && hits(cx + dx * (n + 1), cy + dy * (n + 1))) n++;
    return n;
  };
  return { width: reach(-1, 0) + reach(1, 0) + 1, height: reach(0, -1) + reach(0, 1) + 1 };
}

it('the pin toggles of the strip beside a presenter are finger-sized on a phone held sideways', async () => {
  await page.viewport(844, 390);
  expect(matchMedia('(pointer: coarse)').matches).toBe(true);
  const client = new FakeClient('sam@example.test');
  render(
    <div style={{ width: '100vw', height: '100vh' }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} />
      </CallProvider>
    </div>,
  );
  const session = client.createSession([ALICE, BOB, CAROL], 'video');
  act(() => {
    void session.start();
    session.setState('active');
    for (const userId of [ALICE, BOB, CAROL]) session.setPeerState(userId, 'connected');
    // Bob shares his screen: he takes the stage, Alice, Carol and you go to the strip.
    session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: true });
  });
  const buttons = await screen.findAllByRole('button', { name: /^Pin (Alice|Carol)$/ });
  const sizes = buttons.map((button) => {
    const tile = button.closest('.meshcall-tile') as HTMLElement;
    const { width, height } = tapExtent(button);
    const tileBox = tile.getBoundingClientRect();
    return {
      name: button.getAttribute('aria-label'),
      width,
      height,
      tile: `${Math.round(tileBox.width)}×${Math.round(tileBox.height)}`,
    };
  });
  expect(sizes.length).toBe(2);
  const small = sizes.filter(({ width, height }) => width < 44 || height < 44);
  expect(small, JSON.stringify(sizes)).toEqual([]);
});
