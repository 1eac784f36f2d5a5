/**
 * The live call's header names everyone in the call ("محمد and Bob Chen"). On a left-to-right page that sentence
 * reads left to right whatever script the first name is in; a header of one name takes that name's direction.
 */
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import { page } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { VideoCall } from './VideoCall.js';

const ARABIC = 'mohammed@example.test';
const BOB = 'bob@example.test';
const NAMES: Record<string, string> = { [ARABIC]: 'محمد العلي', [BOB]: 'Bob Chen' };
const getDisplayName = (id: string) => NAMES[id] ?? id;

afterEach(async () => {
  cleanup();
  await page.viewport(414, 896);
});

/** The on-screen box of `part` inside the text of `element`. */
function boxOf(element: HTMLElement, part: string): DOMRect {
  const text = element.firstChild as Text;
  const start = text.data.indexOf(part);
  if (start < 0) throw new Error(`"${part}" not in "${text.data}"`);
  const range = document.createRange();
  range.setStart(text, start);
  range.setEnd(text, start + part.length);
  return range.getBoundingClientRect();
}

/** A live call of Sam's with `opponents`, rendered full-page; returns the header. */
async function headerOfCallWith(opponents: readonly string[]) {
  const client = new FakeClient('sam@example.test');
  const { container } = render(
    <div style={{ width: '100vw', height: '100vh' }}>
      <CallProvider client={client}>
        <VideoCall statsInterval={0} getDisplayName={getDisplayName} />
      </CallProvider>
    </div>,
  );
  const session = client.createSession(opponents, 'video');
  act(() => {
    void session.start();
    session.setState('active');
    for (const id of opponents) session.setPeerState(id, 'connected');
  });
  return within(container).findByRole('heading', { level: 2 });
}

it('a header of one Arabic name goes right to left, as the name does', async () => {
  const title = await headerOfCallWith([ARABIC]);
  expect(getComputedStyle(title).direction).toBe('rtl');
});

it.each([
  [1280, 800],
  [390, 844],
])('the header of a call with محمد and Bob reads left to right at %i×%i', async (width, height) => {
  await page.viewport(width, height);
  const title = await headerOfCallWith([ARABIC, BOB]);
  const first = boxOf(title, 'محمد العلي');
  const and = boxOf(title, ' and ');
  // Left to right, as the page and the English sentence go: the first name, then "and" (then Bob).
  const where = `"${title.textContent}" laid out ${getComputedStyle(title).direction}: first name at x ${Math.round(first.left)}–${Math.round(first.right)}, "and" at x ${Math.round(and.left)}–${Math.round(and.right)}`;
  expect(first.right <= and.left + 1, where).toBe(true);
});
