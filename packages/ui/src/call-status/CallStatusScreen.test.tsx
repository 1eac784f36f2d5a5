import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { CallEndedScreen, type CallEndedScreenProps } from './CallStatusScreen.js';

const titleOf = (props: CallEndedScreenProps) =>
  /<h2[^>]*>([^<]*)<\/h2>/.exec(renderToStaticMarkup(<CallEndedScreen {...props} />))?.[1];

describe('CallEndedScreen', () => {
  it('titles a call by how it went: ended, never connected, missed, or a media problem', () => {
    expect(titleOf({ reason: 'hungUp', durationMs: 61_000 })).toBe('Call ended');
    expect(titleOf({ reason: 'notAnswered', neverConnected: true })).toBe('Call not connected');
    expect(titleOf({ reason: 'remoteEnded', neverConnected: true })).toBe('Call not connected');
    expect(titleOf({ reason: 'noAction', neverConnected: true })).toBe('Missed call');
    expect(titleOf({ reason: 'mediaError', neverConnected: true })).toBe('Can’t use your camera or microphone');
  });

  it("gives a translation the call's length as well as its '1:05', to word it with plural forms", () => {
    const minutes = (ms: number) => Math.floor(ms / 60_000);
    const labels = {
      callDuration: (_: string, ms: number) => `Dauer: ${minutes(ms)} ${minutes(ms) === 1 ? 'Minute' : 'Minuten'}`,
    };
    const markup = renderToStaticMarkup(<CallEndedScreen reason="hungUp" durationMs={65_000} labels={labels} />);
    expect(markup).toContain('Dauer: 1 Minute<');
    expect(renderToStaticMarkup(<CallEndedScreen reason="hungUp" durationMs={65_000} />)).toContain('Duration 1:05');
  });
});
