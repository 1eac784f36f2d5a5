import { describe, expect, it } from 'vitest';
import { bareJid, isFullJid } from './jid.js';

describe('jid helpers', () => {
  it('strips the resource and lower-cases the bare part', () => {
    expect(bareJid('Alice@Example.org/Phone')).toBe('alice@example.org');
    expect(bareJid('bob@example.org')).toBe('bob@example.org');
  });
  it('tells full from bare JIDs', () => {
    expect(isFullJid('a@b/c')).toBe(true);
    expect(isFullJid('a@b')).toBe(false);
  });
});
