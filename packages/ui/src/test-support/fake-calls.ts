/**
 * Calls on the hooks' `FakeClient` for <VideoCall> tests that need a call in a given state, not a real one (that
 * is `call-pair.tsx`'s).
 */
import { act, type within } from '@testing-library/react';
import { expect } from 'vitest';
import { userEvent } from 'vitest/browser';
import type { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';

const CAROL = 'carol@example.test';

/** A call `client` placed to `opponents`, live: every link connected. */
export function liveCall(client: FakeClient, opponents: readonly string[], callType: 'audio' | 'video' = 'video') {
  const session = client.createSession(opponents, callType);
  act(() => {
    void session.start();
    session.setState('active');
    for (const userId of opponents) session.setPeerState(userId, 'connected');
  });
  return session;
}

/**
 * In a live audio call with Bob (its controls focused), Carol calls (busyPolicy 'ring': the dialog takes the
 * focus); Bob hangs up meanwhile, so the end screen replaces the call behind the dialog; the user declines Carol
 * with Escape. Resolves once the dialog is gone. `view` queries the <VideoCall> of `client`.
 */
export async function declineOverEndedCall(client: FakeClient, view: ReturnType<typeof within>): Promise<void> {
  const session = liveCall(client, ['bob@example.test'], 'audio');
  await expect.poll(() => document.activeElement).toBe(view.getByRole('button', { name: 'Mute' }));
  act(() => void client.ring(CAROL, 'audio'));
  const dialog = await view.findByRole('alertdialog', { name: 'Carol is calling' });
  expect(dialog.contains(document.activeElement)).toBe(true);
  act(() => session.close('hungUp'));
  await view.findByRole('button', { name: 'Close' });
  await userEvent.keyboard('{Escape}');
  await expect.poll(() => view.queryByRole('alertdialog')).toBeNull();
}
