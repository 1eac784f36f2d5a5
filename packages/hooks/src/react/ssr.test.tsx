// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Browser globals that server rendering must never read. */
const BROWSER_GLOBALS = ['window', 'document', 'navigator', 'RTCPeerConnection', 'MediaStream', 'MediaStreamTrack'];
const touched: string[] = [];
const saved = new Map<string, PropertyDescriptor | undefined>();

beforeAll(() => {
  for (const name of BROWSER_GLOBALS) {
    saved.set(name, Object.getOwnPropertyDescriptor(globalThis, name));
    Object.defineProperty(globalThis, name, {
      configurable: true,
      get() {
        touched.push(name);
        return undefined;
      },
    });
  }
});

afterAll(() => {
  for (const [name, descriptor] of saved) {
    if (descriptor) Object.defineProperty(globalThis, name, descriptor);
    else delete (globalThis as Record<string, unknown>)[name];
  }
});

type Hooks = typeof import('../index.js');

function Screen({ hooks }: { hooks: Hooks }) {
  const { session } = hooks.useCallSession();
  const incoming = hooks.useIncomingCall();
  const remote = hooks.useRemoteTracks();
  const local = hooks.useLocalTracks();
  const ids = hooks.useParticipants();
  const bob = hooks.useParticipant('bob@example.test');
  const bobState = hooks.usePeerState('bob@example.test');
  const devices = hooks.useMediaDevices();
  const stats = hooks.useCallStats(undefined, { interval: 1000 });
  const status = hooks.useConnectionStatus();
  const online = hooks.useOnlineUsers();
  const { ended } = hooks.useEndedCall();
  const { errors } = hooks.useCallErrors();
  hooks.useStartCall();
  return (
    <main>
      <p>active={session?.id}</p>
      <p>ringing={incoming.session?.userInfo.name}</p>
      <p>
        tracks={remote.length}/{local.video ? 1 : 0}
      </p>
      <p>ids={ids.join(',')}</p>
      <p>
        bob={bob?.state}/{bobState}
      </p>
      <p>devices={devices.status}</p>
      <p>stats={Object.keys(stats).length}</p>
      <p>status={status}</p>
      <p>online={online.join(',')}</p>
      <p>ended={ended ? 'yes' : 'no'}</p>
      <p>errors={errors.length}</p>
    </main>
  );
}

describe('server rendering', () => {
  it('imports and renders every hook without touching a browser global', async () => {
    // Imported after the traps are set, so import-time access counts too.
    const { renderToString } = await import('react-dom/server');
    const hooks = await import('../index.js');
    const { FakeClient } = await import('../test-utils/fakeClient.js');

    const client = new FakeClient();
    client.online.add('bob@example.test');
    client.ring('carol@example.test', 'audio', [], { name: 'Carol' });
    const outgoing = client.createSession(['bob@example.test'], 'video');
    await outgoing.start();

    const html = renderToString(
      <hooks.CallProvider client={client}>
        <Screen hooks={hooks} />
      </hooks.CallProvider>,
    );
    expect(touched).toEqual([]);
    expect(html).toContain(`active=<!-- -->${outgoing.id}`);
    expect(html).toContain('ringing=<!-- -->Carol');
    expect(html).toContain('ids=<!-- -->bob@example.test');
    expect(html).toContain('bob=<!-- -->unknown<!-- -->/<!-- -->unknown');
    expect(html).toContain('devices=<!-- -->idle');
    expect(html).toContain('online=<!-- -->bob@example.test');
    // Rendering on the server never subscribes (effects don't run there).
    expect(client.listenerCount()).toBe(0);
  });
});
