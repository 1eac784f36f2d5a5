import { describe, expect, it } from 'vitest';
import { MAX_TIMER_MS, systemClock } from './clock.js';

describe('systemClock', () => {
  it('waits as long as it can for a delay beyond what a timer takes, instead of firing at once', async () => {
    let fired = false;
    const handle = systemClock.setTimeout(() => {
      fired = true;
    }, MAX_TIMER_MS + 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    systemClock.clearTimeout(handle);
    expect(fired).toBe(false);
  });
});
