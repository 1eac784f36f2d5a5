// @vitest-environment jsdom
import { Emitter, MeshcallError } from '@meshcall/core';
import { type CallClientLike, type CallClientLikeEvents, CallProvider } from '@meshcall/hooks';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorToasts } from './ErrorToasts.js';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** A client that only reports errors (the toasts need nothing else). */
function fakeClient() {
  const events = new Emitter<CallClientLikeEvents>();
  const client: CallClientLike = {
    localUser: 'alice@localhost',
    status: 'online',
    sessions: new Map(),
    onlineUsers: () => new Set(),
    createSession: () => {
      throw new Error('not used');
    },
    getSession: () => undefined,
    on: (name, listener) => events.on(name, listener),
    once: (name, listener) => events.once(name, listener),
  };
  const report = (error: MeshcallError) =>
    act(() => {
      events.emit('error', { error, sessionId: 's1' });
    });
  const fail = (who: string) => report(new MeshcallError('send-failed', `hangup to ${who} bounced`));
  return { client, fail, report };
}

describe('ErrorToasts', () => {
  it('shows identical errors (one per participant) as one toast, which one press of Dismiss removes', () => {
    const { client, fail } = fakeClient();
    render(
      <CallProvider client={client}>
        <ErrorToasts />
      </CallProvider>,
    );
    fail('bob');
    fail('carol');
    expect(screen.getAllByTestId('error-toast')).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryAllByTestId('error-toast')).toHaveLength(0);
  });

  it('times such a toast out as a whole, counted from its first error', () => {
    vi.useFakeTimers();
    const { client, fail } = fakeClient();
    render(
      <CallProvider client={client}>
        <ErrorToasts />
      </CallProvider>,
    );
    fail('bob');
    act(() => vi.advanceTimersByTime(6_000));
    fail('carol');
    act(() => vi.advanceTimersByTime(3_000));
    expect(screen.getAllByTestId('error-toast')).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1_000));
    expect(screen.queryAllByTestId('error-toast')).toHaveLength(0);
  });

  it('shows a media failure the engine reports with the other errors, in order, each dismissed on its own', () => {
    const { client, fail, report } = fakeClient();
    render(
      <CallProvider client={client}>
        <ErrorToasts />
      </CallProvider>,
    );
    // The engine opens the call's camera and microphone itself: their failures are its errors like any other.
    report(new MeshcallError('media-device-busy', 'NotReadableError'));
    fail('bob');
    const toasts = screen.getAllByTestId('error-toast');
    expect(toasts.map((toast) => toast.dataset.code)).toEqual(['media-device-busy', 'send-failed']);
    const [busy] = toasts;
    if (!busy) throw new Error('no toast');
    fireEvent.click(busy.querySelector('button') as HTMLButtonElement);
    expect(screen.getAllByTestId('error-toast').map((toast) => toast.dataset.code)).toEqual(['send-failed']);
  });
});
