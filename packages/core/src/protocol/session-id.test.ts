import { describe, expect, it } from 'vitest';
import { isSessionIdOf, newSessionId } from './session-id.js';
import { isValidSessionId } from './validate.js';

describe('session ids', () => {
  it('are valid, distinct, and belong to their caller only', () => {
    const ids = Array.from({ length: 200 }, () => newSessionId('alice@example.org'));
    expect(new Set(ids).size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{44}$/);
      expect(isValidSessionId(id)).toBe(true);
      expect(isSessionIdOf(id, 'alice@example.org')).toBe(true);
      expect(isSessionIdOf(id, 'bob@example.org')).toBe(false);
      expect(isSessionIdOf(id, 'alice@example.org.evil')).toBe(false);
    }
  });

  it('derive the tag from the nonce and the caller (the known answer of docs/protocol.md §9.1)', () => {
    expect(newSessionId('alice@example.org', 'k3Jd9_x-2k3Jd9_x-2k3Jd')).toBe(
      'k3Jd9_x-2k3Jd9_x-2k3Jdy12V3rydBqJvRqRrCclT7w',
    );
    // Another nonce with the same caller gives another tag: a tag cannot be moved to a nonce of one's own.
    const other = newSessionId('alice@example.org', 'k3Jd9_x-2k3Jd9_x-2k3Je');
    expect(other.slice(22)).not.toBe('y12V3rydBqJvRqRrCclT7w');
    expect(isSessionIdOf(`k3Jd9_x-2k3Jd9_x-2k3Je${'y12V3rydBqJvRqRrCclT7w'}`, 'alice@example.org')).toBe(false);
  });

  it('refuse ids of another shape', () => {
    for (const id of ['', 's1', 'k3Jd9_x-2k3Jd9_x-2k3Jdy12V3rydBqJvRqRrCclT7', crypto.randomUUID()]) {
      expect(isSessionIdOf(id, 'alice@example.org')).toBe(false);
    }
  });
});
