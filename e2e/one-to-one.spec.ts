/** 1:1 calls between two real Chromium pages through Prosody: video, declined, not answered, audio only. */
import {
  expect,
  expectAllConnected,
  expectAudioFlowing,
  expectVideoFlowing,
  inbound,
  receivedTrackIds,
  test,
} from './fixtures.ts';

test('video call: both see each other, mute shows on the other side, hang up ends both', async ({ people }) => {
  const alice = await people.open('alice');
  const bob = await people.open('bob');
  await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');

  await alice.byTestId('call-video-bob').click();
  await expect(alice.byTestId('outgoing-call')).toBeVisible();
  await expect(bob.byTestId('incoming-call')).toHaveAttribute('data-caller', 'alice@localhost');
  await bob.byTestId('accept-call').click();

  await expect(alice.byTestId('call-view')).toHaveAttribute('data-call-type', 'video');
  await expect(bob.byTestId('call-view')).toHaveAttribute('data-call-type', 'video');
  await expect(bob.byTestId('incoming-call')).toHaveCount(0);
  await expectAllConnected([alice, bob]);
  await expectVideoFlowing(alice, 'bob');
  await expectVideoFlowing(bob, 'alice');

  // Bob mutes: Alice's tile of Bob gets the badge; unmuting takes it away again.
  const bobMutedOnAlice = alice.byTestId('remote-tile-bob').getByTitle('Microphone muted');
  await expect(bobMutedOnAlice).toHaveCount(0);
  await bob.byTestId('toggle-mic').click();
  await expect(bob.byTestId('toggle-mic')).toHaveAttribute('aria-pressed', 'true');
  await expect(bobMutedOnAlice).toBeVisible();
  await bob.byTestId('toggle-mic').click();
  await expect(bobMutedOnAlice).toHaveCount(0);

  await alice.byTestId('hang-up').click();
  await expect(alice.byTestId('call-ended')).toHaveAttribute('data-reason', 'hungUp');
  await expect(bob.byTestId('call-ended')).toHaveAttribute('data-reason', 'remoteEnded');
  await expect(alice.byTestId('call-view')).toHaveCount(0);
  await expect(bob.byTestId('call-view')).toHaveCount(0);
  // What Alice's screen reader heard: she left, Bob did not.
  const heard = alice.page.locator('.meshcall-visually-hidden[role="status"]');
  await expect(heard).toContainText('You left the call.');
  await expect(heard).not.toContainText('Bob left the call.');
});

test('declined call: the caller is told who declined, the callee is back in the lobby', async ({ people }) => {
  const alice = await people.open('alice');
  const bob = await people.open('bob');
  await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');

  await alice.byTestId('call-video-bob').click();
  await bob.byTestId('reject-call').click();

  const ended = alice.byTestId('call-ended');
  await expect(ended).toContainText('Bob declined the call.');
  await expect(ended).toHaveAttribute('data-reason', 'remoteEnded');
  await expect(bob.byTestId('incoming-call')).toHaveCount(0);
  await expect(bob.byTestId('call-view')).toHaveCount(0);
  await expect(bob.byTestId('call-ended')).toHaveCount(0);
  await expect(bob.byTestId('stage')).toBeVisible();
});

test('unanswered call: the caller sees "no answer" after its answer timeout, the callee stops ringing', async ({
  people,
}) => {
  const alice = await people.open('alice', { answerTimeout: 4000 });
  const bob = await people.open('bob');
  await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');

  await alice.byTestId('call-audio-bob').click();
  await expect(bob.byTestId('incoming-call')).toBeVisible();
  // Bob's own answer timeout is the default minute: only Alice's short one can end the ringing this soon.
  await expect(alice.byTestId('call-ended')).toHaveAttribute('data-reason', 'notAnswered', { timeout: 15_000 });
  await expect(bob.byTestId('incoming-call')).toHaveCount(0, { timeout: 10_000 });
  await expect(bob.byTestId('call-view')).toHaveCount(0);
});

test('audio call: connected both ways with sound and no video', async ({ people }) => {
  const alice = await people.open('alice');
  const bob = await people.open('bob');
  await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');

  await alice.byTestId('call-audio-bob').click();
  await expect(bob.byTestId('incoming-call')).toBeVisible();
  await bob.byTestId('accept-call').click();

  await expect(alice.byTestId('call-view')).toHaveAttribute('data-call-type', 'audio');
  await expect(bob.byTestId('call-view')).toHaveAttribute('data-call-type', 'audio');
  await expectAllConnected([alice, bob]);
  await expectAudioFlowing(alice);
  await expectAudioFlowing(bob);

  for (const [person, other] of [
    [alice, 'bob'],
    [bob, 'alice'],
  ] as const) {
    // The remote sound is played, audibly, by an <audio> element holding a track received from the other side.
    const received = await receivedTrackIds(person, 'audio');
    expect(received).toHaveLength(1);
    await expect
      .poll(() =>
        person.page.locator('audio').evaluateAll(
          (elements, ids) =>
            elements.some((element) => {
              const audio = element as HTMLAudioElement;
              const stream = audio.srcObject;
              return (
                !audio.paused &&
                !audio.muted &&
                audio.volume > 0 &&
                stream instanceof MediaStream &&
                stream.getAudioTracks().some((track) => track.readyState === 'live' && ids.includes(track.id))
              );
            }),
          received,
        ),
      )
      .toBe(true);
    // No picture: no video was negotiated, and the tile plays none.
    const video = person.byTestId(`remote-video-${other}`);
    if ((await video.count()) > 0) {
      expect(await video.evaluate((element) => (element as HTMLVideoElement).videoWidth)).toBe(0);
    }
    expect((await inbound(person, 'video')).packets).toBe(0);
  }

  await bob.byTestId('hang-up').click();
  await expect(alice.byTestId('call-ended')).toHaveAttribute('data-reason', 'remoteEnded');
});

test('calling an address that cannot be reached ends at once and says so, not "No answer" a minute later', async ({
  people,
}) => {
  const alice = await people.open('alice');
  await alice.byTestId('add-contact-input').fill('frank@nowhere.invalid');
  await alice.byTestId('add-contact').click();
  await alice.byTestId('call-video-frank').click();
  // The server sends the call back (this Prosody talks to no other server): no ringing for the answer timeout.
  const ended = alice.byTestId('call-ended');
  await expect(ended).toBeVisible({ timeout: 10_000 });
  await expect(ended).toContainText('Frank can’t be reached.');
  await expect(ended).not.toContainText('No answer');
});
