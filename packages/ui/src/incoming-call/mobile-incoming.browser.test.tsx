/**
 * On a phone: the incoming-call dialog on phones, portrait and landscape, measured in Chromium.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import '../styles.css';
import { IncomingCallDialog } from './IncomingCallDialog.js';

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

const dialog = (group: boolean) => (
  <IncomingCallDialog
    callerId="alice@example.test"
    callType="video"
    opponents={group ? ['alice@example.test', 'bob@example.test', 'carol@example.test'] : ['alice@example.test']}
    onAccept={() => undefined}
    onAcceptWithoutVideo={() => undefined}
    onReject={() => undefined}
  />
);

const outside = (el: Element, box: { top: number; bottom: number; left: number; right: number }) => {
  const r = el.getBoundingClientRect();
  return r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5 || r.right > box.right + 0.5;
};

describe('IncomingCallDialog on a landscape phone (640×360)', () => {
  it.each([false, true])(
    'shows the answer buttons and their labels without scrolling (group call: %s)',
    async (group) => {
      await page.viewport(640, 360);
      render(dialog(group));
      await new Promise((r) => setTimeout(r, 300)); // the pop-in
      const view = { top: 0, bottom: innerHeight, left: 0, right: innerWidth };
      const cut = screen.getAllByRole('button').filter((b) => outside(b, view));
      const card = screen.getByRole('alertdialog').getBoundingClientRect();
      // Before the fix: the group call's card is 377 px high on a 360 px screen (36 px top padding, 96 px avatar, 28 px gaps,
      // a two-line "Accept without video"): a ringing call must be scrolled to read what it offers.
      expect(
        cut.map((b) => `${b.textContent}: ${Math.round(b.getBoundingClientRect().bottom)} > ${innerHeight}`),
        `card ${Math.round(card.height)} px high`,
      ).toEqual([]);
    },
  );
});

describe('IncomingCallDialog on a 320 px wide phone', () => {
  it('keeps the three answer buttons inside the card', async () => {
    await page.viewport(320, 568);
    render(dialog(false));
    await new Promise((r) => setTimeout(r, 300));
    const card = screen.getByRole('alertdialog').getBoundingClientRect();
    const out = screen
      .getAllByRole('button')
      .filter((b) => outside(b, card))
      .map(
        (b) =>
          `${b.textContent}: ${Math.round(b.getBoundingClientRect().left)}–${Math.round(b.getBoundingClientRect().right)}`,
      );
    // Before the fix: three fixed 96 px columns and 12 px gaps (312 px) in a 288 px card: they stick out on both sides.
    expect(out, `card ${Math.round(card.left)}–${Math.round(card.right)}`).toEqual([]);
  });
});
