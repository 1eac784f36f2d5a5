import type { RejectReason } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import { displayName } from '../contacts/contacts.js';
import { describeDeclined } from './rejections.js';

const reasons = (entries: Array<[string, RejectReason]>) => new Map(entries);

describe('describeDeclined', () => {
  it('names who declined, and says busy when everyone was busy', () => {
    expect(describeDeclined(reasons([['bob@x', 'declined']]), ['bob@x'], displayName)).toBe('Bob declined the call.');
    expect(describeDeclined(reasons([['bob@x', 'busy']]), ['bob@x'], displayName)).toBe('Bob is busy in another call.');
    expect(
      describeDeclined(
        reasons([
          ['bob@x', 'declined'],
          ['carol@x', 'busy'],
          ['dave@x', 'declined'],
        ]),
        ['bob@x', 'carol@x', 'dave@x'],
        displayName,
      ),
    ).toBe('Bob, Carol and Dave declined the call.');
  });

  it('says nothing when someone did not decline (they answered, or never did anything)', () => {
    expect(describeDeclined(reasons([['bob@x', 'declined']]), ['bob@x', 'carol@x'], displayName)).toBeNull();
    expect(describeDeclined(undefined, ['bob@x'], displayName)).toBeNull();
  });
});
