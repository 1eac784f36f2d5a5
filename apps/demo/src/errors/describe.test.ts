import { MeshcallError } from '@meshcall/core';
import { describe, expect, it } from 'vitest';
import { describeCallError, isUserFacing } from './describe.js';

describe('describeCallError', () => {
  it('explains blocked media in words and what to do', () => {
    const text = describeCallError(new MeshcallError('media-permission-denied', 'NotAllowedError'));
    expect(text).toMatch(/blocked/i);
    expect(text).not.toContain('media-permission-denied');
  });

  it('leaves a failed or lost link to the call screen (its tile, the end screen), and to the log', () => {
    expect(isUserFacing(new MeshcallError('peer-connection-failed', 'No connection to bob could be made'))).toBe(false);
  });

  it('hides stray-stanza noise from the user', () => {
    expect(isUserFacing(new MeshcallError('signal-stale', 'old'))).toBe(false);
    expect(isUserFacing(new MeshcallError('signal-malformed', 'bad'))).toBe(false);
    expect(isUserFacing(new MeshcallError('signal-flood', 'too many'))).toBe(false);
    expect(isUserFacing(new MeshcallError('send-failed', 'bounced'))).toBe(true);
  });
});
