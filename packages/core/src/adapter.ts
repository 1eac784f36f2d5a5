/**
 * `@meshcall/core/adapter` — opt-in browser shims. Importing this module once, before the first call, applies
 * webrtc-adapter's shims to the page's WebRTC globals:
 *
 * ```ts
 * import '@meshcall/core/adapter';
 * ```
 *
 * meshcall needs none of them in current Chromium, Firefox and Safari: it uses only standard WebRTC
 * (transceivers, `replaceTrack`, `restartIce`, parameterless `setLocalDescription`, `getStats`). The shims
 * are for apps that must also run on older engines; they cost about 13 KB gzipped, which is why the main
 * entry no longer loads them by itself. Importing this on a server is harmless: webrtc-adapter detects that
 * there is no browser and shims nothing.
 * @packageDocumentation
 */
import 'webrtc-adapter';
