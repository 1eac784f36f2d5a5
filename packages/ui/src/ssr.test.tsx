import { CallClient, MemoryNetwork } from '@meshcall/core';
import { CallProvider } from '@meshcall/hooks';
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as ui from './index.js';

describe('server rendering', () => {
  it('renders every component without touching browser globals', () => {
    expect(typeof globalThis.window).toBe('undefined');
    const noop = () => undefined;
    const html = renderToString(
      <ui.LabelsProvider labels={{ hangUp: 'Bye' }}>
        <ui.CallLayout
          controls={<ui.CallControls audioMuted onToggleAudio={noop} onToggleScreenShare={noop} onHangUp={noop} />}
          overlay={<ui.ReconnectingScreen />}
        >
          <ui.CallGrid local={<ui.ParticipantTile name="Me" isLocal />}>
            <ui.ParticipantTile key="a" name="Ada Lovelace" audioMuted connection="poor" />
          </ui.CallGrid>
        </ui.CallLayout>
        <ui.VideoSurface track={null} />
        <ui.CallAudio tracks={[]} />
        <ui.IncomingCallDialog callerId="ada@example.org" callType="video" onAccept={noop} onReject={noop} ringtone />
        <ui.OutgoingCallScreen calleeIds={['ada@example.org']} callType="audio" onCancel={noop} />
        <ui.CallEndedScreen reason="notAnswered" durationMs={1000} onClose={noop} />
      </ui.LabelsProvider>,
    );
    expect(html).toContain('Ada Lovelace');
    expect(html).toContain('Poor connection');
    expect(html).toContain('Bye');
    expect(html).toContain('Ada is calling');
    expect(html).toContain('No answer.');
    // Screen-share support is only known in the browser, so the server never renders that button.
    expect(html).not.toContain('Share screen');
  });

  it('renders <VideoCall> inside a provider on the server (nothing to show yet: the idle content)', () => {
    const client = new CallClient({ transport: new MemoryNetwork().createTransport('ada@example.org') });
    const html = renderToString(
      <CallProvider client={client}>
        <ui.VideoCall idle={<p>No call yet</p>} ringtone />
      </CallProvider>,
    );
    expect(html).toContain('No call yet');
    expect(html).toContain('data-screen="idle"');
    void client.destroy();
  });
});
