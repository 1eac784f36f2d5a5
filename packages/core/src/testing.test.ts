/** What the README says `@meshcall/core/testing` gives is there. */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import * as testing from './testing.js';

it('exports every helper the README lists for the testing entry', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const row = readme.split('\n').find((line) => line.startsWith('| `@meshcall/core/testing`'));
  const listed = [...(row ?? '').matchAll(/`([A-Za-z]+)`/g)].map((match) => match[1]);
  expect(listed.length).toBeGreaterThan(5);
  expect(listed.filter((name) => !(name! in testing))).toEqual([]);
});
