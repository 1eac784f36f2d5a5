/**
 * `allowCall`: an app that screens its callers (say, contacts only) has calls from anyone else dropped as an
 * offline device would: no ring, and no reply of any kind, so that a stranger learns nothing of this device,
 * not even that it is online or busy.
 */
import { describe, expect, it, vi } from 'vitest';
import { record, tap } from '../testing/harness.js';
import { useManualWorld } from '../testing/manual-world.js';
import type { IncomingCallRequest } from './config.js';

const ALICE = 'alice@example.test';
const BOB = 'bob@example.test';
const MALLORY = 'mallory@elsewhere.example';

const { client, settle } = useManualWorld({ answerTimeout: 30_000, dialingInterval: 3_000 });

const contactsOfBob = new Set([ALICE]);
const onlyContacts = ({ from }: IncomingCallRequest) => contactsOfBob.has(from);

/** What `user`'s device sends from now on, by kind. */
function sentBy(user: ReturnType<typeof client>): string[] {
  const kinds: string[] = [];
  tap(user, (signal) => {
    kinds.push(signal.kind === 'reject' ? `reject ${signal.reason}` : signal.kind);
    return undefined;
  });
  return kinds;
}

describe('allowCall', () => {
  it('rings for a caller it allows, and is told who calls, how, with whom and what they said', async () => {
    const screen = vi.fn(onlyContacts);
    const bob = client(BOB, { allowCall: screen });
    const rings = record(bob, 'incomingCall');
    const call = client(ALICE).createSession([BOB], 'video');
    await call.start({ topic: 'lunch' });
    await settle();
    expect(rings).toHaveLength(1);
    expect(screen).toHaveBeenCalledTimes(1);
    expect(screen).toHaveBeenCalledWith({
      sessionId: call.id,
      from: ALICE,
      callType: 'video',
      participants: [ALICE, BOB],
      userInfo: { topic: 'lunch' },
    });
  });

  it('drops a call it does not allow without a ring or any reply, re-sends included', async () => {
    const screen = vi.fn(onlyContacts);
    const bob = client(BOB, { allowCall: screen });
    const rings = record(bob, 'incomingCall');
    const fromBob = sentBy(bob);
    const call = client(MALLORY).createSession([BOB], 'audio');
    const rejected = record(call, 'rejected');
    await call.start();
    await settle(10_000); // three re-sends
    expect(rings).toHaveLength(0);
    expect(bob.sessions.size).toBe(0);
    expect(fromBob).toEqual([]);
    expect(rejected).toEqual([]);
    expect(call.state).not.toBe('closed'); // it rings on, as for a device that is offline
    // Asked once: the re-sends of a call it dropped are known as dropped.
    expect(screen).toHaveBeenCalledTimes(1);
  });

  it('keeps a busy device from telling a stranger it is busy, and still tells a contact', async () => {
    const bob = client(BOB, { allowCall: onlyContacts });
    const alice = client(ALICE);
    const fromBob = sentBy(bob);
    // Bob is in a call with Alice.
    const own = bob.createSession([ALICE], 'audio');
    const answers = record(alice, 'incomingCall');
    await own.start();
    await settle();
    await answers[0]!.session.accept();
    await settle();
    expect(own.state).not.toBe('closed');
    fromBob.length = 0;

    const strangers = client(MALLORY).createSession([BOB], 'audio');
    const strangerHeard = record(strangers, 'rejected');
    await strangers.start();
    await settle(4_000);
    expect(strangerHeard).toEqual([]);
    expect(fromBob.filter((kind) => kind.startsWith('reject'))).toEqual([]);

    // A contact calling now is told at once that Bob is busy.
    const contacts = client('carol@example.test').createSession([BOB], 'audio');
    contactsOfBob.add('carol@example.test');
    const contactHeard = record(contacts, 'rejected');
    await contacts.start();
    await settle();
    contactsOfBob.delete('carol@example.test');
    expect(contactHeard.map((event) => event.reason)).toEqual(['busy']);
  });

  it('lets through a call that crosses one we are placing to the same people (glare), whatever it says', async () => {
    // Zed screens everyone, and calls Alice as she calls him. Hers wins the glare (the lower JID's call stays):
    // it must ring at Zed, or neither call would go on.
    const ZED = 'zed@example.test';
    const zed = client(ZED, { allowCall: () => false });
    const alice = client(ALICE);
    const atZed = record(zed, 'incomingCall');
    const ours = zed.createSession([ALICE], 'audio');
    const theirs = alice.createSession([ZED], 'audio');
    await Promise.all([ours.start(), theirs.start()]);
    await settle();
    expect(atZed.map(({ session }) => session.id)).toEqual([theirs.id]);
    expect(ours.state).toBe('closed');
    expect(theirs.state).toBe('pending');
  });

  it('fails closed when the screener throws: the call is dropped, and the error is reported', async () => {
    const report = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const bob = client(BOB, {
      allowCall: () => {
        throw new Error('roster not loaded');
      },
    });
    const rings = record(bob, 'incomingCall');
    await client(ALICE).createSession([BOB], 'audio').start();
    await settle();
    expect(rings).toHaveLength(0);
    expect(report).toHaveBeenCalledWith('[meshcall] allowCall threw; the call was dropped', expect.any(Error));
    report.mockRestore();
  });

  it('is checked by the configuration: anything but a function fails new CallClient()', () => {
    expect(() => client(BOB, { allowCall: 'contacts' as unknown as () => boolean })).toThrow(/allowCall/);
  });
});
