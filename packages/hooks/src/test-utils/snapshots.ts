/** Hand-made store snapshots for the tests of pure selectors, here and in @meshcall/ui (not part of the package). */
import type { PeerState } from '@meshcall/core';
import { emptyParticipant } from '../store/reducer.js';
import type { PeerSnapshot, SessionSnapshot } from '../types.js';

export const BOB = 'bob@example.test';
export const CAROL = 'carol@example.test';

/** A participant in `state` (declined, if rejected), with nothing else known. */
export function peer(userId: string, state: PeerState): PeerSnapshot {
  return { ...emptyParticipant(userId), state, rejectReason: state === 'rejected' ? 'declined' : null };
}

export function session(
  overrides: Partial<SessionSnapshot> = {},
  peers: Record<string, PeerState> = {},
): SessionSnapshot {
  const opponents = Object.keys(peers);
  return {
    id: 's1',
    direction: 'outgoing',
    callType: 'video',
    initiator: 'alice@example.test',
    participants: ['alice@example.test', ...opponents],
    opponents,
    userInfo: {},
    state: 'active',
    closeReason: null,
    closeError: null,
    startedAt: 1,
    activeSince: null,
    localMedia: {
      audioMuted: false,
      videoMuted: false,
      screenSharing: false,
      audioDeviceId: null,
      videoDeviceId: null,
    },
    speakers: [],
    localTracks: { audio: null, video: null, videoSource: null, sideCamera: null, stream: null },
    peers: Object.fromEntries(Object.entries(peers).map(([id, state]) => [id, peer(id, state)])),
    stats: {},
    activeSpeaker: null,
    presenters: [],
    ...overrides,
  };
}
