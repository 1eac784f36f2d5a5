/**
 * A world for session tests in Node: each test of the calling file gets a manual clock, a `MemoryNetwork` on it,
 * fake RTC and streams, and clients with fake media, destroyed after it. Test support only.
 */
import { afterEach, beforeEach } from 'vitest';
import { CallClient } from '../client/call-client.js';
import type { CallClientConfig } from '../client/config.js';
import type { Signal } from '../protocol/signal.js';
import { MemoryNetwork } from '../transport/memory-network.js';
import { useFakeRtcAndStreams } from './chaos-invariants.js';
import { FakeSessionMedia } from './fake-media.js';
import { ManualClock } from './manual-clock.js';

/** What {@link useManualWorld} gives: read its members inside tests (each test has its own world). */
export interface ManualWorld {
  /** This test's clock. */
  readonly clock: ManualClock;
  /** This test's network (for raw transports of made-up devices, say). */
  readonly network: MemoryNetwork;
  /** A client of `user` (on its device `resource`, if given) with the world's settings and `config`. */
  client(user: string, config?: Partial<CallClientConfig>, resource?: string): CallClient;
  /** Lets promise chains settle and delivers what is due; `ms` then moves the clock on. */
  settle(ms?: number): Promise<void>;
}

/** Sets up a {@link ManualWorld} for each test of the calling file, with `settings` for every client. */
export function useManualWorld(settings: Partial<CallClientConfig> = {}): ManualWorld {
  useFakeRtcAndStreams();
  let clock = new ManualClock();
  let network = new MemoryNetwork({ clock });
  let clients: CallClient[] = [];
  beforeEach(() => {
    clock = new ManualClock();
    network = new MemoryNetwork({ clock });
    clients = [];
  });
  afterEach(async () => {
    for (const client of clients) await client.destroy();
  });
  return {
    get clock() {
      return clock;
    },
    get network() {
      return network;
    },
    client(user, config = {}, resource) {
      const client = new CallClient({
        transport: network.createTransport(user, resource ? { resource } : {}),
        clock,
        createMedia: ({ callType }) => new FakeSessionMedia(callType === 'video'),
        ...settings,
        ...config,
      });
      clients.push(client);
      return client;
    },
    settle: (ms = 0) => clock.settle(ms),
  };
}

/** Holds back what `sender` sends while `held` says so; `release()` sends it, in order. */
export function holdBack(sender: CallClient, held: (signal: Signal, to: string) => boolean) {
  const transport = sender.transport;
  const send = transport.send.bind(transport);
  const queue: Array<() => Promise<void>> = [];
  transport.send = (to, signal) => {
    if (!held(signal, to)) return send(to, signal);
    queue.push(() => send(to, signal));
    return Promise.resolve();
  };
  return {
    async release(): Promise<void> {
      for (const next of queue.splice(0)) await next();
    },
  };
}
