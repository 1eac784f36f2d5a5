/**
 * The demo on a phone (Playwright's mobile emulation: a touch screen, `pointer: coarse`, device pixel ratio 3):
 * the call fits a phone on its side, the top bar's words never run under its buttons, and the lobby's buttons,
 * fields and checkboxes are tap targets of at least 44×44 CSS px.
 */
import type { BrowserContextOptions, Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';

/** A phone's screen of `width`×`height` CSS px. */
function phone(width: number, height: number): BrowserContextOptions {
  return { viewport: { width, height }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 };
}

/** Texts in the top bar whose boxes overlap another text's or button's box, as "a / b" pairs. */
function topBarOverlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // The innermost boxes that show something: texts, and the buttons they sit in (a text may not spill out).
    const items = [...document.querySelectorAll<HTMLElement>('.demo-topbar *')].filter(
      (element) =>
        element.checkVisibility() &&
        (element.tagName === 'BUTTON' || (element.children.length === 0 && element.textContent?.trim())),
    );
    const overlaps: string[] = [];
    items.forEach((a, index) => {
      for (const b of items.slice(index + 1)) {
        if (a.contains(b) || b.contains(a)) continue;
        const p = a.getBoundingClientRect();
        const q = b.getBoundingClientRect();
        // 1 px of slack for anti-aliased edges that merely touch.
        if (p.left < q.right - 1 && q.left < p.right - 1 && p.top < q.bottom - 1 && q.top < p.bottom - 1)
          overlaps.push(`${a.textContent?.trim()} / ${b.textContent?.trim()}`);
      }
    });
    return overlaps;
  });
}

test('a phone on its side, in a call: the whole call is on screen and the top bar has no overlaps', async ({
  people,
}) => {
  const alice = await people.open('alice', {}, phone(844, 390));
  const bob = await people.open('bob');
  await expect(bob.byTestId('contact-alice')).toHaveAttribute('data-online', 'true');
  await bob.byTestId('call-video-alice').click();
  await alice.byTestId('accept-call').click();
  await expect(alice.byTestId('call-view')).toBeVisible();

  // 844×390 (a 6.1" phone) and 667×375 (iPhone SE), both held sideways.
  for (const [width, height] of [
    [844, 390],
    [667, 375],
  ] as const) {
    await alice.page.setViewportSize({ width, height });
    // The page is exactly the screen (no scrolling down to the controls), and Leave call is within it.
    await expect
      .poll(() => alice.page.evaluate(() => document.documentElement.scrollHeight), { message: `${width}×${height}` })
      .toBe(height);
    const hangUp = await alice.byTestId('hang-up').boundingBox();
    expect(hangUp && hangUp.y + hangUp.height, `Leave call's bottom at ${width}×${height}`).toBeLessThanOrEqual(height);
    expect(await topBarOverlaps(alice.page), `top bar at ${width}×${height}`).toEqual([]);
  }
  await expect(alice.byTestId('signed-in-as')).toBeVisible();
  await expect(alice.byTestId('sign-out')).toBeVisible();
  await expect(alice.byTestId('toggle-details')).toHaveAccessibleName('Call details');
});

/** The page's visible buttons, fields, checkboxes and links smaller than 44×44 CSS px, with their sizes. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, select, input, a[href], summary')]
      .filter((element) => element.checkVisibility())
      // A checkbox is tapped through its label, which is what must be big enough.
      .map((element) => (element.matches('[type=checkbox]') && element.closest('label')) || element)
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ element, box }) => {
        const name = element.getAttribute('aria-label') || element.textContent?.trim() || element.outerHTML;
        return `${name.slice(0, 60)} ${box.width}×${box.height}`;
      }),
  );
}

test('a phone upright: the lobby’s and the sign-in page’s controls are 44×44 CSS px tap targets', async ({
  people,
}) => {
  const alice = await people.open('alice', {}, phone(390, 844));
  await expect(alice.byTestId('call-video-bob')).toBeVisible();
  expect(await smallTargets(alice.page), 'lobby').toEqual([]);

  await alice.byTestId('sign-out').click();
  await expect(alice.byTestId('login-bob')).toBeVisible();
  await alice.page.getByText('Use another account').click();
  await expect(alice.byTestId('login-submit')).toBeVisible();
  expect(await smallTargets(alice.page), 'sign-in page').toEqual([]);
});
