/**
 * What the call area's focus handling leaves alone (focus-kept.browser.test.tsx has what it takes care of): a
 * focus the user put elsewhere on the page, even when their press closed what held the focus in the call, and
 * another <VideoCall> on the same page.
 */
import { CallProvider } from '@meshcall/hooks';
import { cleanup, render, within } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { page, userEvent as realInput } from 'vitest/browser';
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import '../styles.css';
import { declineOverEndedCall, liveCall } from '../test-support/fake-calls.js';
import { VideoCall } from './VideoCall.js';

const BOB = 'bob@example.test';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const device = (kind: MediaDeviceKind, deviceId: string, label: string) =>
  ({ kind, deviceId, label, groupId: 'g', toJSON: () => ({}) }) as MediaDeviceInfo;

it('clicking on the app (text, not a control) while the Devices panel is open does not pull the focus into the call', async () => {
  await page.viewport(1200, 800);
  vi.spyOn(navigator.mediaDevices, 'enumerateDevices').mockResolvedValue([
    device('audioinput', 'mic1', 'Microphone 1'),
    device('audioinput', 'mic2', 'Microphone 2'),
  ]);
  const client = new FakeClient('alice@example.test');
  const { container } = render(
    <div style={{ display: 'flex', gap: 16 }}>
      <div style={{ width: 300 }}>
        <p data-testid="app-text" style={{ height: 200, margin: 0 }}>
          The app's own notes, plain text.
        </p>
        <button type="button">After the notes</button>
      </div>
      <div style={{ width: 700, height: 560 }}>
        <CallProvider client={client}>
          <VideoCall statsInterval={0} />
        </CallProvider>
      </div>
    </div>,
  );
  const view = within(container);
  const area = container.querySelector<HTMLElement>('.meshcall-video-call');
  if (!area) throw new Error('no call area');
  liveCall(client, [BOB]);
  await realInput.click(await view.findByRole('button', { name: 'Devices' }));
  await expect.poll(() => document.activeElement?.tagName).toBe('SELECT');

  // The user clicks on the app's text, outside the call: the panel closes (a press outside it).
  await realInput.click(view.getByTestId('app-text'));
  // Nothing is to happen: give a focus rescue (a timer after the focus was lost) the time it would take.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect({
    focusInCall: area.contains(document.activeElement),
    focused: document.activeElement?.className || document.activeElement?.tagName,
  }).toEqual({ focusInCall: false, focused: 'BODY' });
  // And the next Tab goes on from where the user clicked, as anywhere else on the page.
  await realInput.keyboard('{Tab}');
  expect(document.activeElement?.textContent).toBe('After the notes');
});

it("declining a call in the second <VideoCall> keeps the focus in that call, not in the first one's area", async () => {
  const first = new FakeClient('zoe@example.test');
  const second = new FakeClient('alice@example.test');
  const { container } = render(
    <div>
      <div data-testid="first" style={{ width: 600, height: 400 }}>
        <CallProvider client={first}>
          <VideoCall statsInterval={0} />
        </CallProvider>
      </div>
      <div data-testid="second" style={{ width: 600, height: 400 }}>
        <CallProvider client={second}>
          <VideoCall statsInterval={0} />
        </CallProvider>
      </div>
    </div>,
  );
  const firstArea = container.querySelector<HTMLElement>('[data-testid="first"] .meshcall-video-call');
  const secondArea = container.querySelector<HTMLElement>('[data-testid="second"] .meshcall-video-call');
  if (!firstArea || !secondArea) throw new Error('no call areas');
  const view = within(secondArea.parentElement as HTMLElement);

  // As in focus-kept.browser.test.tsx: a call rings over a call that then ends, and the user declines it.
  await declineOverEndedCall(second, view);
  await expect.poll(() => document.activeElement).not.toBe(document.body);
  expect({
    inFirst: firstArea.contains(document.activeElement),
    inSecond: secondArea.contains(document.activeElement),
  }).toEqual({ inFirst: false, inSecond: true });
});
