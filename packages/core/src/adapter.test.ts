import { describe, expect, it } from 'vitest';

describe('@meshcall/core/adapter', () => {
  it('is safe to import on a server: it defines no browser global and leaves the main entry importable', async () => {
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    await import('./adapter.js');
    const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
    expect(added.filter((name) => /window|navigator|RTC|MediaStream/i.test(name))).toEqual([]);
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const core = await import('./index.js');
    expect(typeof core.CallClient).toBe('function');
  });
});
