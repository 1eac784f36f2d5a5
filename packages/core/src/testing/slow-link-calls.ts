/**
 * Node call clients through a {@link SlowLink} (fake RTC with modelled ICE), for the slow-signaling tests
 * against a real Prosody. Test support only.
 */
import { CallClient } from '../client/call-client.js';
import { LocalMedia } from '../media/local-media.js';
import type { CallSession } from '../session/call-session.js';
import { XmppTransport } from '../transport/xmpp-transport.js';
import { runIce } from './chaos-invariants.js';
import { FakeMediaDevices } from './fake-media.js';
import { installWebSocket, passwordOf } from './prosody.js';
import { SlowLink } from './slow-link.js';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the modelled ICE of the fake RTC every 50 ms until the returned function is called. */
export function iceLoop(): () => void {
  const timer = setInterval(runIce, 50);
  return () => clearInterval(timer);
}

export interface Party {
  readonly user: string;
  readonly link: SlowLink;
  readonly transport: XmppTransport;
  readonly client: CallClient;
  readonly log: string[];
  readonly errors: string[];
}

/** Connects `user` through a fresh SlowLink (no latency while logging in) and makes its CallClient. */
export async function party(
  server: { wsUrl: string; domain: string },
  user: string,
  settings: Record<string, unknown> = {},
  connectOptions: Record<string, unknown> = {},
): Promise<Party> {
  await installWebSocket();
  const url = new URL(server.wsUrl);
  const link = new SlowLink(Number(url.port));
  const port = await link.start();
  const transport = await XmppTransport.connect({
    service: `ws://127.0.0.1:${port}${url.pathname}`,
    domain: server.domain,
    username: user,
    password: passwordOf(user),
    resource: `slow-${Math.random().toString(36).slice(2, 8)}`,
    ...connectOptions,
  });
  const createMedia = ({ callType }: { callType: 'audio' | 'video' }) =>
    new LocalMedia({ callType, mediaDevices: new FakeMediaDevices() });
  const client = new CallClient({ transport, createMedia, speakingInterval: 0, statsInterval: 0, ...settings });
  const log: string[] = [];
  const errors: string[] = [];
  client.on('error', ({ error }) => errors.push(`client: ${error.code} ${error.message}`));
  client.on('incomingCall', ({ session }) => watchSession(session, log, errors));
  return { user, link, transport, client, log, errors };
}

/** Records a session's events as readable lines, and its errors separately. */
export function watchSession(session: CallSession, log: string[], errors: string[]): void {
  const at = session.direction === 'outgoing' ? 'out' : 'in';
  session.on('accepted', ({ userId }) => log.push(`${at} accepted ${userId}`));
  session.on('rejected', ({ userId }) => log.push(`${at} rejected ${userId}`));
  session.on('hungUp', ({ userId }) => log.push(`${at} hungUp ${userId}`));
  session.on('notAnswered', ({ userId }) => log.push(`${at} notAnswered ${userId}`));
  session.on('noAction', ({ userId }) => log.push(`${at} noAction ${userId}`));
  session.on('closed', ({ reason }) => log.push(`${at} closed ${reason}`));
  session.on('peerStateChanged', ({ userId, state }) => log.push(`${at} peer ${userId} ${state}`));
  session.on('error', ({ error }) => errors.push(`${at} ${error.code} ${error.message}`));
}

export async function dispose(parties: readonly Party[]): Promise<void> {
  for (const p of parties) p.link.setLatency(0);
  for (const p of parties) await p.client.destroy().catch(() => undefined);
  for (const p of parties) await p.transport.close().catch(() => undefined);
  for (const p of parties) await p.link.close();
}
