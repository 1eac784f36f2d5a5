/**
 * The `people` fixture: signs demo users in, each on a page of its own browser context (separate storage,
 * separate fake camera stream), and closes them all after the test. Plus the media checks the tests share.
 * Everything is read from the page the way a user would see it (test ids, the `<video>` elements); only the
 * audio check looks at the RTCPeerConnections, through a recorder installed before the app loads.
 */
import { type BrowserContext, test as base, expect, type Locator, type Page } from '@playwright/test';
import { BASE_URL_ENV } from './env.ts';

/** A signed-in demo user in their own browser context. */
export interface Person {
  /** The demo user (`alice`, `bob`, …): also the suffix of their test ids on other pages. */
  readonly name: string;
  readonly page: Page;
  /** The element with `data-testid=id` on this person's page. */
  byTestId(id: string): Locator;
}

/** Engine timers and other URL options of the demo (see apps/demo/README.md). */
export type DemoOptions = Readonly<Record<string, string | number>>;

/** Opens pages for demo users. */
export interface People {
  /** Signs `name` in on a new browser context and waits for the signed-in app. */
  open(name: string, options?: DemoOptions): Promise<Person>;
  /** {@link People.open} for several users at once (their sign-ins overlap, which saves time). */
  openAll<const Names extends readonly string[]>(
    names: Names,
    options?: DemoOptions,
  ): Promise<{ -readonly [K in keyof Names]: Person }>;
}

/** The `<video>` of `other`'s tile as this page sees it. */
export interface RemoteVideo {
  readonly width: number;
  /** `getVideoPlaybackQuality().totalVideoFrames`: frames the element has presented so far. */
  readonly frames: number;
}

declare global {
  interface Window {
    /** Every RTCPeerConnection the page created (see {@link recordPeerConnections}). */
    __e2ePeerConnections?: RTCPeerConnection[];
  }
}

/**
 * Runs in the page before the app: keeps a reference to each RTCPeerConnection so a test can read its stats.
 * A subclass, so the app's connections are real ones that behave exactly as before.
 */
function recordPeerConnections() {
  const Native = window.RTCPeerConnection;
  const created: RTCPeerConnection[] = [];
  window.__e2ePeerConnections = created;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      created.push(this);
    }
  };
}

function baseUrl(): string {
  const url = process.env[BASE_URL_ENV];
  if (!url) throw new Error(`${BASE_URL_ENV} is not set: run the suite through playwright.config.ts (global setup)`);
  return url;
}

/** The demo's URL for `name`, signed in automatically, with `options` as query parameters. */
export function demoUrl(name: string, options: DemoOptions = {}): string {
  const query = new URLSearchParams({ user: name, autologin: '1', ring: '0' });
  for (const [key, value] of Object.entries(options)) query.set(key, String(value));
  return `${baseUrl()}?${query}`;
}

export const test = base.extend<{ people: People }>({
  people: async ({ browser }, use, testInfo) => {
    const opened: { person: Person; context: BrowserContext; log: string[] }[] = [];
    const people: People = {
      async open(name, options = {}) {
        const context = await browser.newContext({
          permissions: ['camera', 'microphone'],
          viewport: { width: 1024, height: 700 },
        });
        await context.addInitScript(recordPeerConnections);
        const page = await context.newPage();
        const log: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error' || message.type() === 'warning')
            log.push(`${message.type()}: ${message.text()}`);
        });
        page.on('pageerror', (error) => log.push(`pageerror: ${error.message}`));
        page.on('load', () => log.push(`load ${page.url()}`));
        const person: Person = { name, page, byTestId: (id) => page.getByTestId(id) };
        opened.push({ person, context, log });
        await page.goto(demoUrl(name, options));
        await expect(page.getByTestId('workspace')).toBeVisible();
        await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'online');
        return person;
      },
      openAll(names, options) {
        // Promise.all over a mapped array loses the tuple's length; the order and count are the same.
        return Promise.all(names.map((name) => people.open(name, options))) as never;
      },
    };
    await use(people);
    const failed = testInfo.status === 'failed' || testInfo.status === 'timedOut';
    for (const [index, { person, context, log }] of opened.entries()) {
      if (failed) {
        // What each person saw when the test failed, and what their page complained about.
        const label = `${index + 1}-${person.name}`;
        const screenshot = await person.page.screenshot({ timeout: 5_000 }).catch(() => null);
        if (screenshot) await testInfo.attach(`${label}.png`, { body: screenshot, contentType: 'image/png' });
        await testInfo.attach(`${label}-console.txt`, {
          body: log.join('\n') || '(nothing)',
          contentType: 'text/plain',
        });
      }
      await context.close();
    }
  },
});

export { expect };

/** Reads `other`'s remote `<video>` on `person`'s page (zeros while it is not there yet). */
export async function remoteVideo(person: Person, other: string): Promise<RemoteVideo> {
  const video = person.byTestId(`remote-video-${other}`);
  if ((await video.count()) === 0) return { width: 0, frames: 0 };
  return video.evaluate((element) => {
    if (!(element instanceof HTMLVideoElement)) return { width: 0, frames: 0 };
    return { width: element.videoWidth, frames: element.getVideoPlaybackQuality().totalVideoFrames };
  });
}

/** How many more frames a playing video must present before we call it "rising" (about 1 s of fake camera). */
const RISING_FRAMES = 10;

/**
 * Waits until `person` sees `other`'s video with a picture (`videoWidth > 0`) and new frames arriving.
 * Starts from the current frame count, so it also proves a video that was playing still is.
 */
export async function expectVideoFlowing(person: Person, other: string): Promise<void> {
  const what = `${person.name} sees ${other}'s video`;
  await expect
    .poll(async () => (await remoteVideo(person, other)).width, { message: `${what} (width)` })
    .toBeGreaterThan(0);
  const before = (await remoteVideo(person, other)).frames;
  await expect
    .poll(async () => (await remoteVideo(person, other)).frames, { message: `${what} (frames rising from ${before})` })
    .toBeGreaterThanOrEqual(before + RISING_FRAMES);
}

/** {@link expectVideoFlowing} for every ordered pair of `people`, all watched at once. */
export async function expectEveryoneSeesEveryone(people: readonly Person[]): Promise<void> {
  const checks: Promise<void>[] = [];
  for (const person of people) {
    for (const other of people) if (other !== person) checks.push(expectVideoFlowing(person, other.name));
  }
  await Promise.all(checks);
}

/** Bytes and packets of one media kind, summed over the page's connected peer connections. */
export interface InboundTotals {
  readonly packets: number;
  readonly bytes: number;
  readonly framesDecoded: number;
}

/** `inbound-rtp` totals of `kind` on `person`'s page, over its connected peer connections. */
export async function inbound(person: Person, kind: 'audio' | 'video'): Promise<InboundTotals> {
  return person.page.evaluate(async (mediaKind) => {
    const totals = { packets: 0, bytes: 0, framesDecoded: 0 };
    for (const connection of window.__e2ePeerConnections ?? []) {
      if (connection.connectionState !== 'connected') continue;
      const report = await connection.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.type !== 'inbound-rtp' || stat.kind !== mediaKind) return;
        totals.packets += Number(stat.packetsReceived ?? 0);
        totals.bytes += Number(stat.bytesReceived ?? 0);
        totals.framesDecoded += Number(stat.framesDecoded ?? 0);
      });
    }
    return totals;
  }, kind);
}

/** Waits until `person` receives audio: inbound audio packets keep arriving on a connected link. */
export async function expectAudioFlowing(person: Person): Promise<void> {
  const before = (await inbound(person, 'audio')).packets;
  // The fake microphone sends a beep; Opus sends 50 packets a second, so 25 more is about half a second.
  await expect
    .poll(async () => (await inbound(person, 'audio')).packets, {
      message: `${person.name} receives audio (packets rising from ${before})`,
    })
    .toBeGreaterThanOrEqual(before + 25);
}

/** Waits until each of `people` has connected remote tiles for all the others. */
export async function expectAllConnected(people: readonly Person[]): Promise<void> {
  for (const person of people) {
    for (const other of people) {
      if (other === person) continue;
      await expect(
        person.byTestId(`remote-tile-${other.name}`),
        `${person.name}'s link to ${other.name}`,
      ).toHaveAttribute('data-peer-state', 'connected');
    }
  }
}

/** Closes the "call ended" screen if it is shown, back to the lobby. */
export async function closeEndScreen(person: Person): Promise<void> {
  const close = person.byTestId('ended-close');
  if (await close.isVisible()) await close.click();
  await expect(person.byTestId('call-ended')).toHaveCount(0);
}

/** Waits until `person` sees `other` online in the contact list. */
export async function expectOnline(person: Person, other: string): Promise<void> {
  await expect(person.byTestId(`contact-${other}`)).toHaveAttribute('data-online', 'true');
}
