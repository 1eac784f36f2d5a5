import type { PeerState, PeerStats } from '@meshcall/core';
import type { SessionSnapshot } from '@meshcall/hooks';
import { describe, expect, it } from 'vitest';
import { BOB, CAROL, peer, session } from '../../../hooks/src/test-utils/snapshots.js';
import { defaultLabels } from '../labels.js';
import { type Announced, asSentence, NOTHING_ANNOUNCED, nextAnnouncements } from './announcements.js';

/** Figures of a link with nothing wrong. */
const figures: PeerStats = {
  userId: BOB,
  timestamp: 0,
  rttMs: 40,
  outgoingBitrate: null,
  incomingBitrate: null,
  packetLoss: 0,
  video: null,
  framesDecoded: null,
  route: null,
};

const nameOf = (userId: string) => (userId === BOB ? 'Bob' : 'Carol');

/** Feeds the sessions one after the other, as the store would, and collects what is said at each step. */
function say(...steps: ReadonlyArray<Record<string, PeerState> | SessionSnapshot>): string[][] {
  let announced: Announced = NOTHING_ANNOUNCED;
  return steps.map((step) => {
    const snapshot = 'opponents' in step ? (step as SessionSnapshot) : session({}, step as Record<string, PeerState>);
    const next = nextAnnouncements(snapshot, announced, defaultLabels, nameOf, 0);
    announced = next.announced;
    return [...next.sentences];
  });
}

describe('nextAnnouncements', () => {
  it('tells who joins, once, and nothing while they ring or connect', () => {
    expect(
      say(
        { [BOB]: 'wait', [CAROL]: 'wait' },
        { [BOB]: 'connecting', [CAROL]: 'wait' },
        { [BOB]: 'connected', [CAROL]: 'connecting' },
        { [BOB]: 'connected', [CAROL]: 'connected' },
        { [BOB]: 'connected', [CAROL]: 'connected' },
      ),
    ).toEqual([[], [], ['Bob joined the call.'], ['Carol joined the call.'], []]);
  });

  it('gives each sentence the user it is about, for translations that agree with that person', () => {
    const labels = {
      ...defaultLabels,
      participantJoined: (name: string, userId: string) => `${name} (${userId}) joined`,
      callDeclined: (names: readonly string[], userIds: readonly string[]) =>
        `${names.join()} [${userIds.join()}] said no`,
    };
    const next = nextAnnouncements(
      session({}, { [BOB]: 'connected', [CAROL]: 'rejected' }),
      NOTHING_ANNOUNCED,
      labels,
      nameOf,
      0,
    );
    expect(next.sentences).toEqual([`Bob (${BOB}) joined`, `Carol [${CAROL}] said no`]);
  });

  it('on first sight, tells who is already in and who already turned the call down', () => {
    expect(say({ [BOB]: 'connected', [CAROL]: 'rejected' })).toEqual([
      ['Bob joined the call.', 'Carol declined the call.'],
    ]);
  });

  it('tells a busy callee apart from one who declined, and one who never answered', () => {
    const ringing = session({}, { [BOB]: 'rejected', [CAROL]: 'wait' });
    const bobBusy = {
      ...ringing,
      peers: { ...ringing.peers, [BOB]: { ...peer(BOB, 'rejected'), rejectReason: 'busy' as const } },
    };
    expect(say(bobBusy, { [BOB]: 'rejected', [CAROL]: 'wait' })).toEqual([
      ['Bob is in another call.'],
      // The same peer state with another reason is another sentence.
      ['Bob declined the call.'],
    ]);
    expect(say({ [BOB]: 'wait', [CAROL]: 'wait' }, { [BOB]: 'wait', [CAROL]: 'notAnswered' })).toEqual([
      [],
      ['Carol did not answer.'],
    ]);
    const bobFailed = {
      ...ringing,
      peers: { ...ringing.peers, [BOB]: { ...peer(BOB, 'rejected'), rejectReason: 'failed' as const } },
    };
    expect(say(bobFailed)).toEqual([['Bob couldn’t join: their camera, microphone or connection failed.']]);
  });

  it('tells a dropped link and its return, a link lost for good, and who leaves', () => {
    expect(
      say(
        { [BOB]: 'connected', [CAROL]: 'connected' },
        { [BOB]: 'disconnected', [CAROL]: 'connected' },
        // An ICE restart passes through checking: nothing to say until it connects again.
        { [BOB]: 'checking', [CAROL]: 'connected' },
        { [BOB]: 'connected', [CAROL]: 'disconnected' },
        { [BOB]: 'hungUp', [CAROL]: 'disconnected' },
        { [BOB]: 'hungUp', [CAROL]: 'disconnectTimeout' },
      ),
    ).toEqual([
      ['Bob joined the call.', 'Carol joined the call.'],
      ['Reconnecting to Bob…'],
      [],
      ['Reconnected to Bob.', 'Reconnecting to Carol…'],
      ['Bob left the call.'],
      // Carol was the last one: losing her ends the call, and the end screen says so.
      [],
    ]);
  });

  it('leaves what ends the call to the end screen: a 1:1 hang-up or decline is said once, not twice', () => {
    expect(say({ [BOB]: 'connected' }, { [BOB]: 'hungUp' })).toEqual([['Bob joined the call.'], []]);
    expect(say({ [BOB]: 'wait' }, { [BOB]: 'rejected' })).toEqual([[], []]);
    expect(say({ [BOB]: 'connected', [CAROL]: 'connected' }, { [BOB]: 'hungUp', [CAROL]: 'connected' })).toEqual([
      ['Bob joined the call.', 'Carol joined the call.'],
      ['Bob left the call.'],
    ]);
  });

  it('leaves a drop of the whole call to the "Reconnecting…" screen, but tells the return', () => {
    expect(say({ [BOB]: 'connected' }, { [BOB]: 'disconnected' }, { [BOB]: 'connected' })).toEqual([
      ['Bob joined the call.'],
      [],
      ['Reconnected to Bob.'],
    ]);
  });

  it('tells who starts and stops presenting while in the call, not a screen shared by someone who has left', () => {
    /** The session with `sharing` sharing a screen, each peer in its state. */
    const sharing = (states: Record<string, PeerState>, ...sharers: string[]) => {
      const base = session({}, states);
      const peers = Object.fromEntries(
        Object.entries(base.peers).map(([id, snapshot]) => [
          id,
          { ...snapshot, media: { audioMuted: false, videoMuted: false, screenSharing: sharers.includes(id) } },
        ]),
      );
      return { ...base, peers };
    };
    const inCall = { [BOB]: 'connected', [CAROL]: 'connected' } as const;
    expect(
      say(
        sharing({ [BOB]: 'connecting', [CAROL]: 'connected' }, BOB), // not in yet: told once in
        sharing(inCall, BOB),
        sharing(inCall, BOB),
        sharing(inCall, CAROL),
        sharing({ [BOB]: 'connected', [CAROL]: 'hungUp' }, CAROL),
      ),
    ).toEqual([
      ['Carol joined the call.'],
      ['Bob joined the call.', 'Bob is presenting.'],
      [],
      ['Bob stopped presenting.', 'Carol is presenting.'],
      ['Carol left the call.'],
    ]);
  });

  it('tells a callee the call could not reach', () => {
    expect(say({ [BOB]: 'connected', [CAROL]: 'wait' }, { [BOB]: 'connected', [CAROL]: 'unreachable' })).toEqual([
      ['Bob joined the call.'],
      ['Carol can’t be reached.'],
    ]);
  });

  it('says nothing of a link closed before it was ever up, nor of a session that is gone', () => {
    expect(say({ [BOB]: 'wait' }, { [BOB]: 'closed' })).toEqual([[], []]);
    // Links close when the call ends (our own hang-up): nobody left, the end screen says what happened.
    expect(say({ [BOB]: 'connected', [CAROL]: 'connected' }, { [BOB]: 'closed', [CAROL]: 'closed' })).toEqual([
      ['Bob joined the call.', 'Carol joined the call.'],
      [],
    ]);
    expect(nextAnnouncements(null, NOTHING_ANNOUNCED, defaultLabels, nameOf, 0).sentences).toEqual([]);
  });

  it('tells once that a link turned poor, and again only if it turns poor again a minute later', () => {
    const connected = session({}, { [BOB]: 'connected', [CAROL]: 'connected' });
    const withLoss = (loss: number | null): SessionSnapshot => ({
      ...connected,
      stats: { [BOB]: { ...figures, packetLoss: loss } },
    });
    const poor = withLoss(0.2);
    const good = withLoss(0);
    let announced: Announced = NOTHING_ANNOUNCED;
    const at = (snapshot: SessionSnapshot, now: number) => {
      const next = nextAnnouncements(snapshot, announced, defaultLabels, nameOf, now);
      announced = next.announced;
      return next.sentences.filter((sentence) => !sentence.endsWith('joined the call.'));
    };
    expect(at(good, 0)).toEqual([]);
    expect(at(poor, 1_000)).toEqual(['Poor connection to Bob.']);
    expect(at(poor, 3_000)).toEqual([]);
    // It flaps: not told again so soon.
    expect(at(good, 5_000)).toEqual([]);
    expect(at(poor, 7_000)).toEqual([]);
    expect(at(good, 30_000)).toEqual([]);
    expect(at(poor, 61_000)).toEqual(['Poor connection to Bob.']);
    // A link that is down is not "poor", whatever its last figures say (the tile says reconnecting).
    const dropped = { ...poor, peers: { ...poor.peers, [BOB]: peer(BOB, 'disconnected') } };
    expect(at(good, 62_000)).toEqual([]);
    expect(at(dropped, 200_000)).toEqual(['Reconnecting to Bob…']);
  });
});

describe('asSentence', () => {
  it('adds a full stop to a headline, also after a closing bracket or quote that ends no sentence', () => {
    expect(asSentence('Call ended')).toBe('Call ended.');
    expect(asSentence('Call ended (Alice)')).toBe('Call ended (Alice).');
    expect(asSentence('Appel terminé « Alice »')).toBe('Appel terminé « Alice ».');
    expect(asSentence('Call ended ')).toBe('Call ended.');
  });

  it('leaves a sentence that is already ended as it is', () => {
    expect(asSentence('Call ended.')).toBe('Call ended.');
    expect(asSentence('Call ended!')).toBe('Call ended!');
    expect(asSentence('She said “bye.”')).toBe('She said “bye.”');
    expect(asSentence('(Call ended.)')).toBe('(Call ended.)');
    expect(asSentence('通話が終了しました。')).toBe('通話が終了しました。');
  });
});
