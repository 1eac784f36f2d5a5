// @vitest-environment jsdom
/**
 * The call stage re-renders for what it shows, not for every change of the call: stats come every second in the
 * demo, and each render of the stage renders `<VideoCall>`'s screen again (its bar, header and audio elements).
 * Counted on `CallAudio`, which renders whenever the screen above it does.
 */
import type { PeerStats } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { FakeClient } from '../../../../packages/hooks/src/test-utils/fakeClient.js';
import { CallArea } from './CallArea.js';

const renders = vi.hoisted(() => ({ callAudio: 0 }));
vi.mock('../../../../packages/ui/src/call-audio/CallAudio.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../packages/ui/src/call-audio/CallAudio.js')>();
  return {
    ...actual,
    CallAudio: (props: Parameters<typeof actual.CallAudio>[0]) => {
      renders.callAudio += 1;
      return actual.CallAudio(props);
    },
  };
});

const ALICE = 'alice@localhost';
const BOB = 'bob@localhost';
const CAROL = 'carol@localhost';

afterEach(cleanup);

it('stats samples and who speaks do not render the call screen again; a new sound to play does', () => {
  const client = new FakeClient(ALICE);
  const session = client.createSession([BOB, CAROL], 'video');
  session.setState('active');
  const view = render(
    <CallProvider client={client}>
      <CallArea idle={null} detailsOpen={false} ringtone={false} />
    </CallProvider>,
  );
  act(() => {
    for (const userId of [BOB, CAROL]) {
      session.setPeerState(userId, 'connected');
      session.addRemoteTrack(userId, 'audio');
    }
  });
  expect(view.container.querySelectorAll('audio')).toHaveLength(2);
  expect(view.getByTestId('call-view').dataset.sessionId).toBe(session.id);
  const before = renders.callAudio;
  const sample = (userId: string, rttMs: number) =>
    ({ userId, timestamp: rttMs, rttMs, packetLoss: 0 }) as unknown as PeerStats;
  act(() => session.emitStats([sample(BOB, 40), sample(CAROL, 41)]));
  act(() => session.emitStats([sample(BOB, 42), sample(CAROL, 43)]));
  act(() => session.setSpeakers([BOB]));
  expect(renders.callAudio - before).toBe(0);
  act(() => {
    session.setRemoteMedia(BOB, { audioMuted: false, videoMuted: false, screenSharing: true });
    session.shareScreenSound(BOB);
  });
  expect(renders.callAudio - before).toBeGreaterThan(0);
  expect(view.container.querySelectorAll('audio')).toHaveLength(3);
});
