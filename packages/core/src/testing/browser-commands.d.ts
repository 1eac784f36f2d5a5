/**
 * Types of the Node-side commands of scripts/test-support (network-shaping.ts, turn-server.mjs), as browser
 * tests see them.
 */
import 'vitest/browser';

declare module 'vitest/browser' {
  interface BrowserCommands {
    /** Whether the run is inside its own loopback-only network namespace (so faults may be injected). */
    canShapeNetwork: () => Promise<boolean>;
    /** Takes the route away from all UDP on loopback (a network drop for WebRTC; TCP keeps working). */
    dropUdp: () => Promise<void>;
    /** Undoes {@link BrowserCommands.dropUdp}. */
    restoreUdp: () => Promise<void>;
    /** Starts (once per run) a coturn on 127.0.0.1; resolves to its `RTCIceServer` (static user). */
    startTurn: () => Promise<{ urls: string; username: string; credential: string }>;
  }
}
