/**
 * Notices a connection that died without a word. A laptop that slept, a phone that changed networks or a NAT
 * that forgot the mapping leaves a socket that looks open: nothing is received any more, sends vanish, and the
 * browser may not tell for many minutes, during which every call to this device rings out unheard. Stream
 * management (XEP-0198) notices it by its periodic acks, but many servers do not offer it (Prosody only with
 * mod_smacks). So, while online without stream management: after `interval` ms in which the server sent
 * nothing, ping it (XEP-0199); if it still sends nothing within another `interval` ms, drop the connection, and
 * @xmpp/reconnect opens a new one. Any element from the server counts, an error reply to the ping too (a server
 * without mod_ping answers `service-unavailable`).
 */
/** What the keep-alive needs of the client (an @xmpp/client-core `Client`). */
export interface KeepAliveEntity {
  readonly status: string;
  on(event: string, listener: () => void): unknown;
}

/** How the keep-alive watches one client. */
export interface KeepAliveOptions {
  /** Silence (ms) after which the server is pinged, and again after which it is dropped; 0 turns it off. */
  readonly interval: number;
  /** Whether stream management is on for the current stream (then it watches the connection itself). */
  readonly streamManaged: () => boolean;
  /** Sends a ping to the server; whatever it answers, or fails with, is not awaited. */
  readonly ping: () => Promise<unknown>;
  /** Gives the connection up for dead, at once (a dead link would hold a polite close for the step timeout). */
  readonly drop: () => void;
}

/** How long (ms) the server may stay silent before it is pinged, by default; unanswered as long, it is dropped. */
export const DEFAULT_KEEP_ALIVE_INTERVAL_MS = 30_000;

/** Watches `entity`'s connection as described above. */
export function keepAlive(entity: KeepAliveEntity, { interval, streamManaged, ping, drop }: KeepAliveOptions): void {
  if (interval <= 0) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Only a time is noted per element (stanzas come in bursts: ICE candidates); the timer reads it when it fires.
  let heardAt = 0;
  let pingedAt: number | null = null;

  const stop = () => {
    clearTimeout(timer);
    timer = undefined;
    pingedAt = null;
  };
  const wait = (ms: number) => {
    timer = setTimeout(onTimer, ms);
  };
  function onTimer(): void {
    timer = undefined;
    if (entity.status !== 'online') return;
    const now = Date.now();
    if (pingedAt !== null && heardAt < pingedAt) {
      stop();
      drop();
      return;
    }
    pingedAt = null;
    const silence = now - heardAt;
    if (silence < interval) {
      wait(interval - silence);
    } else if (streamManaged()) {
      wait(interval);
    } else {
      pingedAt = now;
      wait(interval);
      // The answer (or an error, or a failed send) needs no handling: any element heard counts, and a socket
      // already gone is the connection's own close handling's to report.
      ping().catch(() => {});
    }
  }

  entity.on('online', () => {
    stop();
    heardAt = Date.now();
    wait(interval);
  });
  entity.on('element', () => {
    heardAt = Date.now();
    // A resumed stream comes back online without an `online` event: its first elements start the watch again.
    if (timer === undefined && entity.status === 'online') wait(interval);
  });
  entity.on('disconnect', stop);
  entity.on('offline', stop);
}
