#!/usr/bin/env node
// A manual end-to-end check of the demo with real parts: `scripts/demo.mjs` (Prosody + Vite), Debian Chromium
// with fake camera/microphone, two pages (alice and bob), a real call. Saves screenshots to .tmp/demo-smoke/.
// Run it inside the loopback-only namespace, so Chromium and WebRTC can reach nothing but 127.0.0.1:
//   node scripts/netns.mjs node apps/demo/scripts/smoke.mjs
// It serves a production build (`demo.mjs --preview`); SMOKE_DEV=1 uses the dev server instead.
// Not part of the test suite (the Playwright e2e suite is); it exits non-zero when a step fails.
import { spawn } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs } from '../../../scripts/chromium.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shots = join(root, '.tmp', 'demo-smoke');
const STEP_TIMEOUT = 30_000;

const log = (message) => console.log(`[smoke] ${message}`);
const axeSource = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page, as `rule: target` lines. */
async function accessibilityProblems(page) {
  await page.addScriptTag({ content: await axeSource });
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.targets.slice(0, 3).join(', ')}`);
}

/** Starts scripts/demo.mjs and resolves with its URL once it prints the banner. */
function startDemo() {
  // A production build by default: the dev server hot-reloads pages while other people edit the sources.
  const mode = process.env.SMOKE_DEV === '1' ? [] : ['--preview'];
  const child = spawn(process.execPath, [join(root, 'scripts', 'demo.mjs'), ...mode], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolveStart, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${output}`)), 90_000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /Open\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveStart({ child, url: match[1], output });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited early (code ${code}):\n${output}`));
    });
  });
}

function stopDemo(child) {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/** Waits until `page` shows `slug`'s video with a picture (`videoWidth > 0`). */
async function waitForRemoteVideo(page, slug) {
  await page.waitForFunction(
    (id) => {
      const video = document.querySelector(`[data-testid="remote-video-${id}"]`);
      return video instanceof HTMLVideoElement && video.videoWidth > 0;
    },
    slug,
    { timeout: STEP_TIMEOUT },
  );
}

async function remoteVideoWidth(page, slug) {
  return page.evaluate((id) => {
    const video = document.querySelector(`[data-testid="remote-video-${id}"]`);
    return video instanceof HTMLVideoElement ? video.videoWidth : 0;
  }, slug);
}

async function main() {
  await mkdir(shots, { recursive: true });
  const demo = await startDemo();
  log(`demo at ${demo.url}`);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
  });
  const failures = [];
  const check = (ok, message) => {
    log(`${ok ? 'ok  ' : 'FAIL'} ${message}`);
    if (!ok) failures.push(message);
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const consoleErrors = [];
    const watchConsole = (page, name) => {
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${name}: ${message.text()}`);
      });
      // A reload signs the page in again and loses its state; worth knowing when a step fails.
      let loads = 0;
      page.on('load', () => {
        loads += 1;
        if (loads > 1) log(`note: ${name}'s page reloaded`);
      });
    };

    // Sign-in page and its plain-words errors.
    const signin = await context.newPage();
    await signin.goto(demo.url);
    await signin.getByTestId('login-alice').waitFor({ timeout: STEP_TIMEOUT });
    await signin.screenshot({ path: join(shots, '01-signin.png') });
    const signinA11y = await accessibilityProblems(signin);
    check(signinA11y.length === 0, `a11y sign-in: ${signinA11y.join('; ') || 'no serious violations'}`);
    await signin.locator('summary').click();
    await signin.getByTestId('login-jid').fill('alice@localhost');
    await signin.getByTestId('login-password').fill('wrong-password');
    await signin.getByTestId('login-submit').click();
    const wrong = signin.getByTestId('login-error');
    await wrong.waitFor({ timeout: STEP_TIMEOUT });
    check((await wrong.getAttribute('data-kind')) === 'credentials', `wrong password: "${await wrong.textContent()}"`);
    await signin.screenshot({ path: join(shots, '02-signin-wrong-password.png') });
    await signin.getByTestId('login-password').fill('alice-pass');
    await signin.getByTestId('login-ws').fill('ws://127.0.0.1:65533/xmpp-websocket');
    await signin.getByTestId('login-submit').click();
    await signin.waitForFunction(
      () => document.querySelector('[data-testid="login-error"]')?.getAttribute('data-kind') === 'unreachable',
      undefined,
      { timeout: STEP_TIMEOUT },
    );
    check(true, `unreachable server: "${await wrong.textContent()}"`);
    await signin.close();

    // Two users, a real call.
    const alice = await context.newPage();
    const bob = await context.newPage();
    watchConsole(alice, 'alice');
    watchConsole(bob, 'bob');
    await alice.goto(`${demo.url}?user=alice&autologin=1&answerTimeout=20000`);
    await bob.goto(`${demo.url}?user=bob&autologin=1&answerTimeout=20000`);
    await alice.getByTestId('workspace').waitFor({ timeout: STEP_TIMEOUT });
    await bob.getByTestId('workspace').waitFor({ timeout: STEP_TIMEOUT });
    await alice.locator('[data-testid="contact-bob"][data-online="true"]').waitFor({ timeout: STEP_TIMEOUT });
    check(true, 'alice sees bob online');
    await alice.screenshot({ path: join(shots, '03-lobby-alice.png') });
    const lobbyA11y = await accessibilityProblems(alice);
    check(lobbyA11y.length === 0, `a11y lobby: ${lobbyA11y.join('; ') || 'no serious violations'}`);

    await alice.getByTestId('call-video-bob').click();
    await alice.getByTestId('outgoing-call').waitFor({ timeout: STEP_TIMEOUT });
    await bob.getByTestId('accept-call').waitFor({ timeout: STEP_TIMEOUT });
    await alice.screenshot({ path: join(shots, '04-outgoing-alice.png') });
    await bob.screenshot({ path: join(shots, '05-incoming-bob.png') });
    const incomingA11y = await accessibilityProblems(bob);
    check(incomingA11y.length === 0, `a11y incoming call: ${incomingA11y.join('; ') || 'no serious violations'}`);
    await bob.getByTestId('accept-call').click();

    for (const [page, other] of [
      [alice, 'bob'],
      [bob, 'alice'],
    ]) {
      await waitForRemoteVideo(page, other);
      check(true, `remote video of ${other}: ${await remoteVideoWidth(page, other)} px wide`);
    }
    // Let the stats panel collect a couple of samples (bitrates need two).
    await alice.waitForFunction(
      () => document.querySelector('[data-testid="quality-row-bob"] [data-metric="in"]')?.textContent !== '–',
      undefined,
      { timeout: STEP_TIMEOUT },
    );
    const rtt = await alice.locator('[data-testid="quality-row-bob"] [data-metric="rtt"]').textContent();
    const incoming = await alice.locator('[data-testid="quality-row-bob"] [data-metric="in"]').textContent();
    check(true, `quality panel: rtt ${rtt}, in ${incoming}`);
    await alice.screenshot({ path: join(shots, '06-call-alice.png') });
    await bob.screenshot({ path: join(shots, '07-call-bob.png') });
    const callA11y = await accessibilityProblems(alice);
    check(callA11y.length === 0, `a11y call screen: ${callA11y.join('; ') || 'no serious violations'}`);

    await bob.getByTestId('toggle-mic').click();
    await alice.waitForFunction(
      () => document.querySelector('[data-testid="remote-tile-bob"] .meshcall-tile__muted') !== null,
      undefined,
      { timeout: STEP_TIMEOUT },
    );
    check(true, 'alice sees bob muted');

    // Narrow window.
    await bob.setViewportSize({ width: 390, height: 760 });
    await bob.waitForTimeout(500);
    await bob.screenshot({ path: join(shots, '08-call-bob-mobile.png') });

    await alice.getByTestId('hang-up').click();
    await alice.getByTestId('call-ended').waitFor({ timeout: STEP_TIMEOUT });
    await bob.getByTestId('call-ended').waitFor({ timeout: STEP_TIMEOUT });
    check(
      (await bob.getByTestId('call-ended').getAttribute('data-reason')) === 'remoteEnded',
      `bob's end reason: ${await bob.getByTestId('call-ended').getAttribute('data-reason')}`,
    );
    await alice.screenshot({ path: join(shots, '09-ended-alice.png') });
    await bob.screenshot({ path: join(shots, '10-ended-bob-mobile.png') });

    // Group call: carol joins as a third page, alice calls bob and carol.
    await bob.setViewportSize({ width: 1280, height: 800 });
    const carol = await context.newPage();
    watchConsole(carol, 'carol');
    await carol.goto(`${demo.url}?user=carol&autologin=1`);
    await carol.getByTestId('workspace').waitFor({ timeout: STEP_TIMEOUT });
    await alice.getByTestId('ended-close').click();
    await alice.locator('[data-testid="contact-carol"][data-online="true"]').waitFor({ timeout: STEP_TIMEOUT });
    await alice.getByTestId('select-bob').check();
    await alice.getByTestId('select-carol').check();
    check(
      (await alice.getByTestId('select-bob').isChecked()) && (await alice.getByTestId('select-carol').isChecked()),
      'bob and carol selected for a group call',
    );
    await alice.screenshot({ path: join(shots, '11-group-select-alice.png') });
    await alice.getByTestId('group-call-video').click();
    await bob.getByTestId('accept-call').click({ timeout: STEP_TIMEOUT });
    await carol.getByTestId('accept-call').click({ timeout: STEP_TIMEOUT });
    for (const [page, others] of [
      [alice, ['bob', 'carol']],
      [bob, ['alice', 'carol']],
      [carol, ['alice', 'bob']],
    ]) {
      for (const other of others) {
        await waitForRemoteVideo(page, other);
      }
    }
    check(true, 'group call: everyone sees both others');
    await carol.screenshot({ path: join(shots, '12-group-carol.png') });
    await alice.getByTestId('hang-up').click();
    await bob.getByTestId('hang-up').click();
    await carol.getByTestId('call-ended').waitFor({ timeout: STEP_TIMEOUT });
    check(true, 'group call ended for carol after both others left');

    // Declined: alice calls bob (audio), bob declines, alice is told in words.
    await alice.getByTestId('ended-close').click();
    await alice.getByTestId('call-audio-bob').click();
    await bob.getByTestId('reject-call').click({ timeout: STEP_TIMEOUT });
    const declined = alice.getByTestId('call-ended');
    await declined.waitFor({ timeout: STEP_TIMEOUT });
    check(
      (await declined.textContent())?.includes('Bob declined the call.'),
      'declined call: alice reads "Bob declined the call."',
    );
    await alice.screenshot({ path: join(shots, '13-declined-alice.png') });

    // Accept a video call without video: bob sends no camera, alice still sends hers.
    await alice.getByTestId('ended-close').click();
    await alice.getByTestId('call-video-bob').click();
    await bob.getByTestId('accept-call-audio-only').click({ timeout: STEP_TIMEOUT });
    await waitForRemoteVideo(bob, 'alice');
    await alice
      .locator('[data-testid="remote-tile-bob"][data-peer-state="connected"]')
      .waitFor({ timeout: STEP_TIMEOUT });
    check((await remoteVideoWidth(alice, 'bob')) === 0, 'accepted without video: alice gets no video from bob');
    await alice.screenshot({ path: join(shots, '14-no-video-from-bob-alice.png') });
    await bob.getByTestId('hang-up').click();
    await alice.getByTestId('call-ended').waitFor({ timeout: STEP_TIMEOUT });

    // ?answerTimeout: dave (short timeout) calls carol, nobody answers, dave reads "No answer." within seconds.
    const dave = await context.newPage();
    watchConsole(dave, 'dave');
    await dave.goto(`${demo.url}?user=dave&autologin=1&answerTimeout=3000`);
    await dave.locator('[data-testid="contact-carol"][data-online="true"]').waitFor({ timeout: STEP_TIMEOUT });
    if ((await carol.getByTestId('ended-close').count()) > 0) await carol.getByTestId('ended-close').click();
    await dave.getByTestId('call-audio-carol').click();
    await carol.getByTestId('incoming-call').waitFor({ timeout: STEP_TIMEOUT });
    const unanswered = dave.getByTestId('call-ended');
    await unanswered.waitFor({ timeout: 15_000 });
    check(
      (await unanswered.getAttribute('data-reason')) === 'notAnswered',
      'answerTimeout=3000: dave’s call ends unanswered',
    );
    await carol.getByTestId('incoming-call').waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
    check(true, 'carol stops ringing');
    await dave.close();

    // Signing out: alice is back at the sign-in page, and bob sees her go offline.
    if ((await alice.getByTestId('ended-close').count()) > 0) await alice.getByTestId('ended-close').click();
    // Bob hung up the last call: his end screen stays until closed, and the contact list is behind it.
    if ((await bob.getByTestId('ended-close').count()) > 0) await bob.getByTestId('ended-close').click();
    await alice.getByTestId('sign-out').click();
    await alice.getByTestId('login-alice').waitFor({ timeout: STEP_TIMEOUT });
    await bob.locator('[data-testid="contact-alice"][data-online="false"]').waitFor({ timeout: STEP_TIMEOUT });
    check(true, 'sign out: alice sees the sign-in page, bob sees alice offline');
    await alice.setViewportSize({ width: 390, height: 760 });
    await alice.screenshot({ path: join(shots, '16-signin-mobile.png') });

    // Camera and microphone blocked: a browser without the auto-accept flag, and no permissions granted.
    const strict = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: chromiumArgs.filter((arg) => arg !== '--use-fake-ui-for-media-stream'),
    });
    try {
      const dave = await (await strict.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      await dave.goto(`${demo.url}?user=dave&autologin=1`);
      // Alice signed out in the step before: dave calls bob.
      await dave.locator('[data-testid="contact-bob"][data-online="true"]').waitFor({ timeout: STEP_TIMEOUT });
      await dave.getByTestId('call-video-bob').click();
      const toast = dave.getByTestId('error-toast').first();
      await toast.waitFor({ timeout: STEP_TIMEOUT });
      check(
        (await toast.getAttribute('data-code')) === 'media-permission-denied',
        `camera blocked: "${await toast.textContent()}"`,
      );
      // The engine opens the devices for the call it places: the call cannot start and ends with the reason.
      await dave.getByTestId('call-ended').waitFor({ timeout: STEP_TIMEOUT });
      check(
        (await dave.getByTestId('call-ended').getAttribute('data-reason')) === 'mediaError',
        'camera blocked: the call ends with reason mediaError',
      );
      await dave.screenshot({ path: join(shots, '15-camera-blocked-dave.png') });
    } finally {
      await strict.close();
    }

    check(consoleErrors.length === 0, `console errors: ${consoleErrors.length}`);
    for (const line of consoleErrors.slice(0, 10)) log(`  ${line}`);
  } catch (error) {
    failures.push(String(error));
    log(`FAIL ${error instanceof Error ? error.stack : error}`);
    // Every open page as it was when the step failed.
    for (const [index, page] of browser
      .contexts()
      .flatMap((c) => c.pages())
      .entries()) {
      await page.screenshot({ path: join(shots, `fail-${index}.png`) }).catch(() => undefined);
      log(`  fail-${index}.png: ${page.url()}`);
    }
  } finally {
    await browser.close();
    await stopDemo(demo.child);
  }
  log(failures.length === 0 ? 'all checks passed' : `${failures.length} check(s) failed`);
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
