import { describe, expect, it } from 'vitest';
import { hueOf, initialsOf } from './avatar/Avatar.js';
import { formatDuration } from './duration.js';
import { defaultLabels } from './labels.js';
import { defaultDisplayName, tileConnectionFor } from './types.js';

describe('tileConnectionFor', () => {
  it('maps live, recovering and failed peer states to tile badges', () => {
    expect(tileConnectionFor('connected')).toBe('connected');
    expect(tileConnectionFor('connected', true)).toBe('poor');
    expect(tileConnectionFor('disconnected')).toBe('reconnecting');
    expect(tileConnectionFor('wait')).toBe('ringing');
    for (const state of ['new', 'pending', 'connecting', 'checking', 'unknown'] as const) {
      expect(tileConnectionFor(state)).toBe('connecting');
    }
    for (const state of ['failed', 'error', 'disconnectTimeout'] as const) {
      expect(tileConnectionFor(state)).toBe('failed');
    }
    expect(tileConnectionFor('hungUp')).toBe('connected');
  });
});

describe('display helpers', () => {
  it('derives a name from a JID', () => {
    expect(defaultDisplayName('alice@example.org')).toBe('Alice');
    expect(defaultDisplayName('bob')).toBe('Bob');
  });

  it('takes up to two initials', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('Ada King Lovelace')).toBe('AL');
    // Whole characters, not UTF-16 halves: an emoji, a CJK character outside the BMP.
    expect(initialsOf('🦊 Fox')).toBe('🦊F');
    expect(initialsOf('𠮷野 家')).toBe('𠮷家');
    // Whole characters as a reader sees them: a flag, a skin tone, a family, a combining accent.
    expect(initialsOf('🇯🇵 Kenji')).toBe('🇯🇵K');
    expect(initialsOf('👍🏽 Team')).toBe('👍🏽T');
    expect(initialsOf('👩‍👩‍👧 Family')).toBe('👩‍👩‍👧F');
    expect(initialsOf('E\u0301lodie Durand')).toBe('E\u0301D');
    expect(initialsOf('ada.lovelace')).toBe('AL');
    expect(initialsOf('  cher ')).toBe('C');
    expect(initialsOf('')).toBe('?');
  });

  it('gives a stable hue per name', () => {
    expect(hueOf('Alice')).toBe(hueOf('Alice'));
    expect(hueOf('Alice')).not.toBe(hueOf('Bob'));
    expect(hueOf('x'.repeat(500))).toBeLessThan(360);
  });

  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65_400)).toBe('1:05');
    expect(formatDuration(3_725_000)).toBe('1:02:05');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('default labels', () => {
  it('joins names in English', () => {
    expect(defaultLabels.callingTitle(['Ann'], ['ann@x.test'])).toBe('Calling Ann…');
    expect(defaultLabels.callingTitle(['Ann', 'Bo', 'Cy'], ['ann@x.test', 'bo@x.test', 'cy@x.test'])).toBe(
      'Calling Ann, Bo and Cy…',
    );
    expect(defaultLabels.groupCallInfo(3, ['Bo'], ['bo@x.test'])).toBe('Group call with Bo · 3 people');
    expect(defaultLabels.callBusy(['Ann'], ['ann@x.test'])).toBe('Ann is in another call.');
    expect(defaultLabels.callBusy(['Ann', 'Bo'], ['ann@x.test', 'bo@x.test'])).toBe('Ann and Bo are in other calls.');
  });
});
