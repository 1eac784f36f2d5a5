/**
 * The life of a stream the app gives `<VideoCall>` through `getLocalStream`. The stream stays the app's
 * (meshcall never stops its tracks); the request's `signal` tells the app when to stop it: once the call it
 * was asked for is over, or at once if that call ended before the stream arrived (the caller gave up while
 * the camera prompt was open) or could not start with it.
 */
import type { CallClient } from '@meshcall/core';

/** Aborts `controller` when session `sessionId` of `client` closes; at once if it is gone already (or null). */
export function abortWhenCallIsOver(client: CallClient, sessionId: string | null, controller: AbortController): void {
  const session = sessionId === null ? undefined : client.getSession(sessionId);
  if (!session || session.state === 'closed') controller.abort();
  else session.once('closed', () => controller.abort());
}
