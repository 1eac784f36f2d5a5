import { describe, expect, it } from 'vitest';
import { MeshcallError } from '../util/errors.js';
import { mediaAbortedError, mediaErrorCode, mediaUnsupportedError, toMediaError } from './errors.js';

describe('mediaErrorCode', () => {
  it.each([
    ['NotAllowedError', undefined, 'media-permission-denied'],
    ['SecurityError', undefined, 'media-permission-denied'],
    ['PermissionDeniedError', undefined, 'media-permission-denied'],
    ['NotFoundError', undefined, 'media-no-device'],
    ['DevicesNotFoundError', undefined, 'media-no-device'],
    ['OverconstrainedError', 'deviceId', 'media-no-device'],
    ['OverconstrainedError', 'width', 'media-constraints'],
    ['OverconstrainedError', undefined, 'media-constraints'],
    ['ConstraintNotSatisfiedError', 'facingMode', 'media-constraints'],
    ['NotReadableError', undefined, 'media-device-busy'],
    ['TrackStartError', undefined, 'media-device-busy'],
    ['AbortError', undefined, 'media-device-busy'],
    ['TypeError', undefined, 'media-constraints'],
    ['NotSupportedError', undefined, 'media-unsupported'],
    ['SomethingNew', undefined, 'media-device-busy'],
  ] as const)('%s (constraint %s) → %s', (name, constraint, code) => {
    expect(mediaErrorCode({ name, constraint })).toBe(code);
  });
});

describe('toMediaError', () => {
  it('wraps a DOMException, keeping it as the cause and naming the device', () => {
    const cause = new DOMException('Permission denied', 'NotAllowedError');
    const error = toMediaError(cause, 'camera');
    expect(error).toBeInstanceOf(MeshcallError);
    expect(error.code).toBe('media-permission-denied');
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('camera');
    expect(error.message).toContain('Permission denied');
  });

  it('reads the constraint of an OverconstrainedError-like object', () => {
    const cause = Object.assign(new DOMException('', 'OverconstrainedError'), { constraint: 'deviceId' });
    expect(toMediaError(cause, 'microphone').code).toBe('media-no-device');
  });

  it('maps a TypeError from invalid constraints', () => {
    expect(toMediaError(new TypeError('At least one of audio and video must be requested'), 'camera').code).toBe(
      'media-constraints',
    );
  });

  it('passes a MeshcallError through unchanged', () => {
    const original = mediaUnsupportedError();
    expect(toMediaError(original, 'screen')).toBe(original);
  });

  it('handles values that are not errors', () => {
    const error = toMediaError('boom', 'screen');
    expect(error.code).toBe('media-device-busy');
    expect(error.cause).toBe('boom');
  });

  it('has dedicated errors for unsupported pages and aborts', () => {
    expect(mediaUnsupportedError('getDisplayMedia').message).toContain('getDisplayMedia');
    expect(mediaUnsupportedError().code).toBe('media-unsupported');
    expect(mediaAbortedError('released').code).toBe('media-aborted');
  });
});
