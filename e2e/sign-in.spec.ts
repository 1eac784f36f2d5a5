/** Signing in against the real Prosody: failures are explained by their real cause. */
import { demoUrl, expect, test } from './fixtures.ts';

test('a domain the server does not serve is reported as a wrong domain, not as an unreachable server', async ({
  page,
}) => {
  await page.goto(demoUrl('alice', { autologin: 0 }));
  await page.getByText('Use another account').click();
  await page.getByTestId('login-jid').fill('alice@wrong-domain.test');
  await page.getByTestId('login-password').fill('alice-pass');
  await page.getByTestId('login-submit').click();
  // Prosody answers with the stream error host-unknown: it is running, the domain is what is wrong.
  const error = page.getByTestId('login-error');
  await expect(error).toHaveAttribute('data-kind', 'domain');
  await expect(error).toContainText('wrong-domain.test');
});
