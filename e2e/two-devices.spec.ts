/** The same user signed in on two pages (two XMPP resources): both ring, one answers, the other stops. */
import { expect, expectAbsentFor, expectAllConnected, expectVideoFlowing, test } from './fixtures.ts';

test('bob on two pages: both ring; answering on one stops the other', async ({ people }) => {
  const alice = await people.open('alice');
  const bobDesk = await people.open('bob');
  const bobPhone = await people.open('bob');
  await expect(alice.byTestId('contact-bob')).toHaveAttribute('data-online', 'true');

  await alice.byTestId('call-video-bob').click();
  await expect(bobDesk.byTestId('incoming-call')).toHaveAttribute('data-caller', 'alice@localhost');
  await expect(bobPhone.byTestId('incoming-call')).toHaveAttribute('data-caller', 'alice@localhost');

  await bobPhone.byTestId('accept-call').click();
  // The desk stops ringing and stays in the lobby: answered elsewhere is no reason for an end screen.
  await expect(bobDesk.byTestId('incoming-call')).toHaveCount(0);
  await expect(bobDesk.byTestId('stage')).toBeVisible();
  await expect(bobDesk.byTestId('call-view')).toHaveCount(0);
  await expect(bobDesk.byTestId('call-ended')).toHaveCount(0);

  await expectAllConnected([alice, bobPhone]);
  await expectVideoFlowing(alice, 'bob');
  await expectVideoFlowing(bobPhone, 'alice');
  // Still nothing on the desk once the call is up (no late ringing, no joining).
  await expect(bobDesk.byTestId('incoming-call')).toHaveCount(0);
  await expect(bobDesk.byTestId('call-view')).toHaveCount(0);

  await alice.byTestId('hang-up').click();
  await expect(bobPhone.byTestId('call-ended')).toHaveAttribute('data-reason', 'remoteEnded');
  await expectAbsentFor(bobDesk.byTestId('call-ended'), 1_000, 'no end screen on the desk, not even a late one');
});
