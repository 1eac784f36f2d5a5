/**
 * Two people in one page, each with their own XMPP connection and `<VideoCall>`, built from the packed
 * packages only. The check script clicks through a call: Alice calls Bob, Bob accepts, both see the other's
 * video, Alice leaves. The server comes from the URL: `?service=ws://…/xmpp-websocket&domain=…`.
 */
import { CallClient, XmppTransport } from '@meshcall/core';
import { CallProvider, useStartCall } from '@meshcall/hooks';
import { VideoCall } from '@meshcall/ui';
import '@meshcall/ui/styles.css';
import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const params = new URLSearchParams(location.search);
const service = params.get('service') ?? '';
const domain = params.get('domain') ?? '';

async function signIn(username: string): Promise<CallClient> {
  const transport = await XmppTransport.connect({ service, domain, username, password: `${username}-pass` });
  return new CallClient({ transport });
}

function CallButton({ callee }: { callee: string }) {
  const startCall = useStartCall();
  return (
    <button type="button" onClick={() => void startCall([callee], 'video', { name: 'Alice' })}>
      Call {callee}
    </button>
  );
}

function show(person: string, client: CallClient, idle: ReactNode): void {
  const host = document.createElement('section');
  host.dataset.person = person;
  host.style.height = '48vh';
  document.body.append(host);
  createRoot(host).render(
    <StrictMode>
      <CallProvider client={client}>
        <VideoCall idle={idle} />
      </CallProvider>
    </StrictMode>,
  );
}

async function main(): Promise<void> {
  const [alice, bob] = await Promise.all([signIn('alice'), signIn('bob')]);
  show('alice', alice, <CallButton callee={`bob@${domain}`} />);
  show('bob', bob, <p>Bob is waiting for a call.</p>);
  document.body.dataset.ready = 'true';
}

main().catch((error: unknown) => {
  document.body.dataset.failed = String(error);
});
