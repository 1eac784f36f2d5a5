/**
 * The keyboard focus stays in the call when what holds it goes away on the same screen (a participant's tile,
 * a control hidden or covered, the dialog over a call that ended meanwhile): on <body>, the next Tab would
 * start from the top of the page and a screen reader would say nothing. And what "Reconnecting…" covers is out
 * of the Tab order (WCAG 2.4.11, focus not obscured).
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page, userEvent as realInput } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { declineOverEndedCall, liveCall } from '../test-support/fake-calls.js';
import { VideoCall } from './VideoCall.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

afterEach(() => cleanup());

function mount(client: FakeClient) {
  const { container } = render(
    <div style={{ width: 900, height: 560 }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} />
      </CallProvider>
    </div>,
  );
  const area = container.querySelector<HTMLElement>('.meshcall-video-call');
  if (!area) throw new Error('no call area');
  return { view: within(container), area };
}

it('a participant who leaves while the keyboard is on their pin toggle does not drop the focus to <body>', async () => {
  const client = new FakeClient('alice@example.test');
  const { view, area } = mount(client);
  const session = liveCall(client, [BOB, CAROL]);
  // A keyboard user Tabs from Bob's pin toggle to Carol's.
  view.getByRole('button', { name: 'Pin Bob' }).focus();
  await realInput.keyboard('{Tab}');
  expect(document.activeElement).toBe(view.getByRole('button', { name: 'Pin Carol' }));

  act(() => session.setPeerState(CAROL, 'hungUp'));
  await expect.poll(() => view.queryByRole('group', { name: 'Carol' })).toBeNull();
  // The call goes on with Bob; the next Tab should continue in the call, not from the top of the page.
  await expect.poll(() => document.activeElement).not.toBe(document.body);
  expect(area.contains(document.activeElement)).toBe(true);
});

it('declining a call that rang over a call which ended meanwhile does not drop the focus to <body>', async () => {
  const client = new FakeClient('alice@example.test');
  const { view, area } = mount(client);
  await declineOverEndedCall(client, view);
  await expect.poll(() => document.activeElement).not.toBe(document.body);
  expect(area.contains(document.activeElement)).toBe(true);
});

it('the group shrinking to 1:1 while the keyboard is on the remaining pin toggle (hidden by CSS there) keeps the focus', async () => {
  const client = new FakeClient('alice@example.test');
  const { view, area } = mount(client);
  const session = liveCall(client, [BOB, CAROL]);
  view.getByRole('button', { name: 'Pin Bob' }).focus();
  act(() => session.setPeerState(CAROL, 'hungUp'));
  await expect.poll(() => view.queryByRole('group', { name: 'Carol' })).toBeNull();
  // Facing one person the pin toggle is display:none; Chromium blurs it at its next rendering update.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await expect.poll(() => document.activeElement).not.toBe(document.body);
  expect(area.contains(document.activeElement)).toBe(true);
});

it('Tab never lands on a control hidden under the "Reconnecting…" overlay', async () => {
  await page.viewport(1000, 700);
  const client = new FakeClient('alice@example.test');
  const { area } = mount(client);
  const session = liveCall(client, [BOB, CAROL]);
  act(() => {
    session.setPeerState(BOB, 'disconnected');
    session.setPeerState(CAROL, 'disconnected');
  });
  await within(area).findByRole('heading', { name: 'Reconnecting…' });
  // From the start of the call area, Tab through everything in it once.
  area.focus();
  const obscured: string[] = [];
  for (let i = 0; i < 10; i++) {
    await realInput.keyboard('{Tab}');
    const focused = document.activeElement as HTMLElement | null;
    if (!focused || !area.contains(focused)) break;
    const box = focused.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    if (top !== focused && !focused.contains(top)) {
      obscured.push(`${focused.getAttribute('aria-label') ?? focused.textContent} under .${top?.className}`);
    }
  }
  expect(obscured).toEqual([]);
});
