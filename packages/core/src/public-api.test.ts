import path from 'node:path';
import { expect, it } from 'vitest';
import { publicApiProblems } from '../../../scripts/test-support/public-api.js';

it('documents every export and its public members, and says `any` nowhere in them', { timeout: 60_000 }, () => {
  expect(
    publicApiProblems(path.resolve(import.meta.dirname, '..'), ['src/index.ts', 'src/adapter.ts', 'src/testing.ts']),
  ).toEqual([]);
});
