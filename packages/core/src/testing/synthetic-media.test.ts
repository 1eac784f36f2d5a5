import { describe, expect, it } from 'vitest';
import { createSyntheticStream, hueForLabel } from './synthetic-media.js';

describe('synthetic-media on the server', () => {
  it('imports without a DOM and explains why it cannot run there', () => {
    expect(typeof document).toBe('undefined');
    expect(() => createSyntheticStream({ label: 'ssr' })).toThrowError(/needs a browser/);
  });

  it('derives a stable hue in range from the label', () => {
    expect(hueForLabel('bob@example.com')).toBe(hueForLabel('bob@example.com'));
    expect(hueForLabel('bob@example.com')).not.toBe(hueForLabel('alice@example.com'));
    expect(hueForLabel('zzzzzzzzzzzzzzzzzzzzzzzz')).toBeLessThan(360);
  });
});
