/**
 * The same calls through ejabberd instead of Prosody: another server's routing, stanza rewriting
 * (ejabberd keeps `xmlns` on payloads, adds stream management) and WebSocket framing. ejabberd is optional
 * (`apt-get install ejabberd`); without it these tests are skipped and say why.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commands } from 'vitest/browser';
import {
  expectEveryLinkFlowing,
  meshCall,
  nextEvent,
  ringingCall,
  trackResources,
  waitFor,
} from '../testing/harness.js';
import { callClient, expectVideoFlowing, jidOf, releaseAll, useService } from './helpers.js';

const USERS = ['alice', 'bob', 'carol', 'dave'];
const ALICE = jidOf('alice');
const BOB = jidOf('bob');

let available = false;
let resources: ReturnType<typeof trackResources> | undefined;

beforeAll(async () => {
  const server = await commands.startEjabberd(USERS.map((username) => ({ username, password: `${username}-pass` })));
  available = server !== null;
  if (server) useService(server.wsUrl);
}, 60_000);

afterEach(async () => {
  await releaseAll();
  resources?.restore();
});

afterAll(async () => {
  useService(null);
  await commands.stopEjabberd();
});

describe('calls through ejabberd', () => {
  it('1:1 video: media flows both ways and hang-up ends both sides', async (ctx) => {
    if (!available) ctx.skip('ejabberd is not usable here (apt-get install ejabberd, and run as root)');
    resources = trackResources();
    const alice = await callClient('alice');
    const bob = await callClient('bob');
    const [outgoing, call] = await ringingCall(alice, bob, 'video', { server: 'ejabberd' });
    expect(call.userInfo).toEqual({ server: 'ejabberd' });
    await call.accept();
    await waitFor(() => outgoing.state === 'active' && call.state === 'active', 'both active', 20_000);
    await expectVideoFlowing(outgoing, BOB);
    await expectVideoFlowing(call, ALICE);
    const hungUp = nextEvent(call, 'hungUp');
    outgoing.hangUp();
    await hungUp;
    await waitFor(() => call.state === 'closed', 'callee closed');
    await waitFor(() => resources?.openPeerConnections() === 0, 'no open peer connections');
  });

  it('4-person mesh: all 6 links connect and video is decoded on every link', async (ctx) => {
    if (!available) ctx.skip('ejabberd is not usable here (apt-get install ejabberd, and run as root)');
    resources = trackResources();
    const clients = await Promise.all(USERS.map((user) => callClient(user)));
    const [caller, ...callees] = clients as [(typeof clients)[number], ...typeof clients];
    const sessions = await meshCall(caller, callees);
    await expectEveryLinkFlowing(sessions);
    for (const session of sessions) session.hangUp();
    await waitFor(() => resources?.openPeerConnections() === 0, 'every peer connection closed');
  }, 60_000);
});
