import { describe, expect, it } from 'vitest';
import { MeshcallError, toMeshcallError } from './errors.js';

describe('toMeshcallError', () => {
  it('keeps a MeshcallError as it is', () => {
    const error = new MeshcallError('send-failed', 'lost');
    expect(toMeshcallError(error, 'transport-offline')).toBe(error);
  });

  it("wraps anything else with the code, the prefix and the error's message, the error as cause", () => {
    const cause = new Error('socket hang up');
    const wrapped = toMeshcallError(cause, 'transport-offline', 'connect failed: ');
    expect([wrapped.code, wrapped.message, wrapped.cause]).toEqual([
      'transport-offline',
      'connect failed: socket hang up',
      cause,
    ]);
    expect(toMeshcallError('nope', 'invalid-state').message).toBe('nope');
  });

  it('names an error that has no message (xmpp.js times out with a bare TimeoutError)', () => {
    const timeout = new Error();
    timeout.name = 'TimeoutError';
    expect(toMeshcallError(timeout, 'transport-offline', 'connect failed: ').message).toBe(
      'connect failed: TimeoutError',
    );
  });
});
