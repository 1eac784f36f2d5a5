// @ts-check
/**
 * How every test launches Debian's Chromium: no browser download, fake camera and microphone, and the
 * flag without which WebRTC gathers no candidates on loopback (`--allow-loopback-in-peer-connection`).
 */
export const chromiumExecutable = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
];

export const chromiumLaunchOptions = {
  executablePath: chromiumExecutable,
  args: chromiumArgs,
};
