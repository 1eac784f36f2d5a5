import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CallEndedScreen } from './call-status/CallStatusScreen.js';
import { IncomingCallDialog } from './incoming-call/IncomingCallDialog.js';
import { bidiIsolate, defaultLabels, type LabelOverrides, LabelsProvider } from './labels.js';

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

describe('names in the English defaults', () => {
  it('isolates right-to-left names (U+2068 … U+2069) and leaves every other name as it is', () => {
    expect(defaultLabels.callingTitle(['Bob', 'Carol'], ['bob@x.test', 'carol@x.test'])).toBe('Calling Bob and Carol…');
    expect(defaultLabels.groupCallInfo(4, ['محمد', 'Bob'], ['m@x.test', 'bob@x.test'])).toBe(
      'Group call with \u2068محمد\u2069 and Bob · 4 people',
    );
    expect(defaultLabels.participantJoined('דנה', 'dana@x.test')).toBe('\u2068דנה\u2069 joined the call.');
    expect(defaultLabels.youSuffix('Sam')).toBe('Sam (you)');
    expect(bidiIsolate('Bob Smith')).toBe('\u2068Bob Smith\u2069');
    // Scripts beyond the Basic Multilingual Plane (Adlam, Hanifi Rohingya), and a name carrying a bidi control.
    for (const name of ['𞤀𞤣𞤤𞤢𞤥', '\u{10D00}\u{10D01}', '\u{1EE00}\u{1EE01}', 'Eve\u202E']) {
      expect(defaultLabels.participantLeft(name, 'x@x.test')).toBe(`\u2068${name}\u2069 left the call.`);
    }
  });
});

describe('who a sentence is about', () => {
  it('reaches the label functions with the name, so a translation can agree with that person (gender)', () => {
    const said: string[] = [];
    const html = renderToString(
      <LabelsProvider
        labels={{
          incomingCallTitle: (name, callerId) => {
            said.push(callerId);
            return `${name} ruft an`;
          },
        }}
      >
        <IncomingCallDialog
          callerId="dana@example.test"
          callType="audio"
          opponents={['dana@example.test', 'eli@example.test', 'fay@example.test']}
          onAccept={noop}
          onReject={noop}
          labels={{
            groupCallInfo: (count, others, otherIds) => {
              said.push(...otherIds);
              return `${count}: ${others.join()}`;
            },
          }}
        />
      </LabelsProvider>,
    );
    expect(html).toContain('Dana ruft an');
    expect(html).toContain('4: Eli,Fay');
    expect(said).toEqual(['dana@example.test', 'eli@example.test', 'fay@example.test']);
  });
});
