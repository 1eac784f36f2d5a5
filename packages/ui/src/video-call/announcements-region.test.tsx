// @vitest-environment jsdom
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
// The hooks' fake engine: events by hand, so several changes can land in one React batch.
import { FakeClient } from '../../../hooks/src/test-utils/fakeClient.js';
import { VideoCall } from './VideoCall.js';

const BOB = 'bob@example.test';
const CAROL = 'carol@example.test';

afterEach(cleanup);

function liveCall() {
  const client = new FakeClient('alice@example.test');
  const session = client.createSession([BOB, CAROL], 'audio');
  session.setState('active');
  const { container } = render(
    <CallProvider client={client}>
      <VideoCall statsInterval={0} />
    </CallProvider>,
  );
  const told = () => [...container.querySelectorAll('[role="status"] p')].map((node) => node.textContent);
  return { session, told };
}

describe("<VideoCall>'s live region", () => {
  it('keeps every sentence of news that comes together, each in a node of its own', () => {
    const { session, told } = liveCall();
    act(() => {
      session.setPeerState(BOB, 'connected');
      session.setPeerState(CAROL, 'connected');
    });
    expect(told()).toEqual(['Bob joined the call.', 'Carol joined the call.']);
  });

  it('adds the same words again when the same thing happens again, and keeps only the latest few', () => {
    const { session, told } = liveCall();
    act(() => session.setPeerState(BOB, 'connected'));
    act(() => session.setPeerState(CAROL, 'connected'));
    for (let i = 0; i < 2; i++) {
      act(() => session.setPeerState(BOB, 'disconnected'));
      act(() => session.setPeerState(BOB, 'connected'));
    }
    expect(told()).toEqual([
      'Reconnecting to Bob…',
      'Reconnected to Bob.',
      'Reconnecting to Bob…',
      'Reconnected to Bob.',
    ]);
  });
});
