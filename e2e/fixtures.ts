/**
 * The `people` fixture: signs demo users in, each on a page of its own browser context (separate storage,
 * separate fake camera stream), and closes them all after the test. Plus the media checks the tests share.
 * Everything is read from the page the way a user would see it (test ids, the `<video>` elements and their
 * pixels); the audio checks also look at the RTCPeerConnections, through a recorder installed before the app
 * loads. Each person's camera paints their own colour with a moving bar (see {@link paintCamera}), so a tile
 * is checked to show that very person, moving: not a black, frozen, or someone else's picture.
 */
import {
  type BrowserContext,
  type BrowserContextOptions,
  test as base,
  expect,
  type Locator,
  type Page,
} from '@playwright/test';
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
  /**
   * Signs `name` in on a new browser context and waits for the signed-in app. `device` overrides the context's
   * screen (a 1024×700 desktop window by default), e.g. `{ viewport, isMobile: true, hasTouch: true }` for a phone.
   */
  open(name: string, options?: DemoOptions, device?: BrowserContextOptions): Promise<Person>;
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
  /** Whose camera colour the picture shows (see {@link CAMERA_COLOURS}), or `null` for none of them (black…). */
  readonly colourOf: string | null;
  /** A hash of the picture's pixels: it changes as the bar moves, and stays put on a frozen picture. */
  readonly signature: number;
}

/** The colour each demo user's camera paints: far apart, so compression cannot turn one into another. */
export const CAMERA_COLOURS: Readonly<Record<string, readonly [number, number, number]>> = {
  alice: [220, 40, 40],
  bob: [40, 190, 40],
  carol: [40, 70, 230],
  dave: [200, 40, 200],
};

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

/**
 * Runs in the page before the app: the camera the app opens paints `colour` with a white bar moving across it,
 * instead of Chromium's fake pattern, which is the same for everyone. The app still asks getUserMedia, with its
 * own constraints, and gets the real fake device's audio; the painted track reports the camera's settings
 * (device id, size) and stopping it stops the camera too.
 */
function paintCamera(colour: readonly number[]) {
  const open = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (constraints) {
    const stream = await open.call(this, constraints);
    const [camera] = stream.getVideoTracks();
    if (!camera) return stream;
    const settings = camera.getSettings();
    const width = settings.width ?? 640;
    const height = settings.height ?? 480;
    const canvas = Object.assign(document.createElement('canvas'), { width, height });
    const context = canvas.getContext('2d');
    if (!context) return stream;
    let x = 0;
    const paint = () => {
      context.fillStyle = `rgb(${colour.join(',')})`;
      context.fillRect(0, 0, width, height);
      context.fillStyle = '#fff';
      context.fillRect(x, 0, width / 8, height);
      x = (x + width / 40) % width;
    };
    paint();
    const timer = setInterval(paint, 33);
    const [painted] = canvas.captureStream(30).getVideoTracks();
    if (!painted) return stream;
    const stopPainted = painted.stop.bind(painted);
    const paintedSettings = painted.getSettings.bind(painted);
    painted.getSettings = () => ({ ...paintedSettings(), ...settings });
    painted.stop = () => {
      clearInterval(timer);
      camera.stop();
      stopPainted();
    };
    stream.removeTrack(camera);
    stream.addTrack(painted);
    return stream;
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
      async open(name, options = {}, device = {}) {
        const context = await browser.newContext({
          permissions: ['camera', 'microphone'],
          viewport: { width: 1024, height: 700 },
          ...device,
        });
        await context.addInitScript(recordPeerConnections);
        await context.addInitScript(paintCamera, CAMERA_COLOURS[name] ?? [128, 128, 128]);
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
  const none = { width: 0, frames: 0, colourOf: null, signature: 0 };
  if ((await video.count()) === 0) return none;
  return video.evaluate((element, colours) => {
    if (!(element instanceof HTMLVideoElement) || element.videoWidth === 0) {
      return { width: 0, frames: 0, colourOf: null, signature: 0 };
    }
    const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 48 });
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d canvas');
    context.drawImage(element, 0, 0, 64, 48);
    const pixels = context.getImageData(0, 0, 64, 48).data;
    let signature = 0;
    let [red, green, blue, counted] = [0, 0, 0, 0];
    for (let i = 0; i < pixels.length; i += 4) {
      const [r = 0, g = 0, b = 0] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      signature = (signature * 31 + r + g * 7 + b * 13) >>> 0;
      if (r > 200 && g > 200 && b > 200) continue; // the moving bar
      red += r;
      green += g;
      blue += b;
      counted += 1;
    }
    const mean = [red, green, blue].map((channel) => channel / Math.max(1, counted));
    // The nearest camera colour, if it is near enough to be that one (a black picture is near none).
    let colourOf: string | null = null;
    let best = 90;
    for (const [name, colour] of Object.entries(colours)) {
      const distance = Math.hypot(...colour.map((channel, index) => channel - (mean[index] ?? 0)));
      if (distance < best) [best, colourOf] = [distance, name];
    }
    return {
      width: element.videoWidth,
      frames: element.getVideoPlaybackQuality().totalVideoFrames,
      colourOf,
      signature,
    };
  }, CAMERA_COLOURS);
}

/** How many more frames a playing video must present before we call it "rising" (about 1 s of fake camera). */
const RISING_FRAMES = 10;

/**
 * Waits until `person` sees `other`'s video: a picture (`videoWidth > 0`) in `other`'s camera colour (not
 * black, not someone else's), new frames arriving, and the picture moving (not a frozen frame). Starts from
 * the current frame count, so it also proves a video that was playing still is.
 */
export async function expectVideoFlowing(person: Person, other: string): Promise<void> {
  const what = `${person.name} sees ${other}'s video`;
  await expect
    .poll(async () => (await remoteVideo(person, other)).width, { message: `${what} (width)` })
    .toBeGreaterThan(0);
  const before = await remoteVideo(person, other);
  await expect
    .poll(async () => (await remoteVideo(person, other)).frames, {
      message: `${what} (frames rising from ${before.frames})`,
    })
    .toBeGreaterThanOrEqual(before.frames + RISING_FRAMES);
  await expect
    .poll(async () => (await remoteVideo(person, other)).colourOf, { message: `${what} (whose colour it shows)` })
    .toBe(other);
  await expect
    .poll(async () => (await remoteVideo(person, other)).signature, { message: `${what} (the picture moves)` })
    .not.toBe(before.signature);
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
  /** `totalAudioEnergy`: how much sound was received (0 for video). */
  readonly energy: number;
}

/** `inbound-rtp` totals of `kind` on `person`'s page, over its connected peer connections. */
export async function inbound(person: Person, kind: 'audio' | 'video'): Promise<InboundTotals> {
  return person.page.evaluate(async (mediaKind) => {
    const totals = { packets: 0, bytes: 0, framesDecoded: 0, energy: 0 };
    for (const connection of window.__e2ePeerConnections ?? []) {
      if (connection.connectionState !== 'connected') continue;
      const report = await connection.getStats();
      report.forEach((stat: Record<string, unknown>) => {
        if (stat.type !== 'inbound-rtp' || stat.kind !== mediaKind) return;
        totals.packets += Number(stat.packetsReceived ?? 0);
        totals.bytes += Number(stat.bytesReceived ?? 0);
        totals.framesDecoded += Number(stat.framesDecoded ?? 0);
        totals.energy += Number(stat.totalAudioEnergy ?? 0);
      });
    }
    return totals;
  }, kind);
}

/**
 * Waits until `person` hears sound: the energy of the audio received on connected links keeps rising. Packets
 * alone would not do: a muted microphone still sends packets, of silence.
 */
export async function expectAudioFlowing(person: Person): Promise<void> {
  const before = (await inbound(person, 'audio')).energy;
  // The fake microphone beeps: about 0.25 of energy a second; 0.05 more is a fraction of a second of beeps.
  await expect
    .poll(async () => (await inbound(person, 'audio')).energy, {
      message: `${person.name} hears sound (received audio energy rising from ${before.toFixed(3)})`,
    })
    .toBeGreaterThan(before + 0.05);
}

/** The ids of every track `person`'s page receives from its peers (live ones, on connected links). */
export async function receivedTrackIds(person: Person, kind: 'audio' | 'video'): Promise<string[]> {
  return person.page.evaluate(
    (mediaKind) =>
      (window.__e2ePeerConnections ?? [])
        .filter((connection) => connection.connectionState === 'connected')
        .flatMap((connection) => connection.getReceivers().map((receiver) => receiver.track))
        .filter((track) => track.kind === mediaKind && track.readyState === 'live')
        .map((track) => track.id),
    kind,
  );
}

/**
 * Checks that `locator` matches nothing during `ms`, polled: for what must not show up late either (a late
 * end screen, a call ringing again at the next dialing interval). A single check right away would pass before
 * the late event arrives.
 */
export async function expectAbsentFor(locator: Locator, ms: number, message: string): Promise<void> {
  const until = Date.now() + ms;
  do {
    expect(await locator.count(), message).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < until);
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
