import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CallEndedScreen } from './call-status/CallStatusScreen.js';
import { IncomingCallDialog } from './incoming-call/IncomingCallDialog.js';
import { type LabelOverrides, LabelsProvider } from './labels.js';

const noop = () => undefined;

describe('label overrides', () => {
  it('keep the default for an entry that is there but undefined (a translation table with a gap)', () => {
    const table: Record<string, string | undefined> = { accept: 'Annehmen' };
    const labels: LabelOverrides = { accept: table.accept, reject: table.reject, incomingCallTitle: undefined };
    const html = renderToString(
      <LabelsProvider labels={labels}>
        <IncomingCallDialog callerId="bob@example.test" callType="audio" onAccept={noop} onReject={noop} />
      </LabelsProvider>,
    );
    expect(html).toContain('Annehmen');
    expect(html).toContain('Decline');
    expect(html).toContain('Bob is calling');
  });

  it('merge end reasons one by one, gaps included, and nest', () => {
    const html = renderToString(
      <LabelsProvider labels={{ endReasons: { hungUp: 'Aufgelegt.' }, close: 'Schließen' }}>
        <LabelsProvider labels={{ endReasons: { hungUp: undefined, notAnswered: 'Keine Antwort.' } }}>
          <CallEndedScreen reason="hungUp" onClose={noop} />
          <CallEndedScreen reason="notAnswered" onClose={noop} />
          <CallEndedScreen reason="busy" onClose={noop} />
        </LabelsProvider>
      </LabelsProvider>,
    );
    expect(html).toContain('Aufgelegt.');
    expect(html).toContain('Keine Antwort.');
    expect(html).toContain('You were busy in another call.');
    expect(html).toContain('Schließen');
  });
});
