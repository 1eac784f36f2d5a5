/**
 * Optional props and options take `undefined` as well as nothing, under `exactOptionalPropertyTypes`: apps pass
 * values straight from state, route params and snapshots, which are often `T | undefined`.
 */
import { CallClient, type CallSession, MemoryNetwork, XmppTransport } from '@meshcall/core';
import { useCallSession, useEndedCall, useParticipant } from '@meshcall/hooks';
import { CallAudio, CallEndedScreen, ParticipantTile, VideoCall } from '@meshcall/ui';

declare const outputDevice: string | undefined;
declare const watchedSession: string | undefined;
declare const savedResource: string | undefined;
declare const iceServers: RTCIceServer[] | undefined;
declare const processed: MediaStream | undefined;
declare const session: CallSession;

export function Sound() {
  return <CallAudio tracks={[]} sinkId={outputDevice} />;
}

export function Call() {
  return <VideoCall sinkId={outputDevice} sessionId={watchedSession} />;
}

export function Tile({ userId }: { userId: string }) {
  const peer = useParticipant(userId);
  return <ParticipantTile name={userId} videoMuted={peer?.media?.videoMuted} audioMuted={peer?.media?.audioMuted} />;
}

export function Ended() {
  const { ended } = useEndedCall();
  const { session: current } = useCallSession();
  const since = current?.activeSince;
  return <CallEndedScreen reason={ended?.reason} durationMs={since ? Date.now() - since : undefined} />;
}

export async function connect(): Promise<void> {
  const transport = await XmppTransport.connect({
    service: 'ws://127.0.0.1:1/xmpp-websocket',
    domain: 'localhost',
    username: 'alice',
    password: 'alice-pass',
    resource: savedResource,
  });
  const client = new CallClient({ transport, iceServers });
  await client.destroy();
  new CallClient({ transport: new MemoryNetwork().createTransport('a@localhost'), iceServers });
  await session.start({ name: 'Alice' }, { stream: processed });
}
