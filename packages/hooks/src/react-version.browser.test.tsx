import { version } from 'react';
import { expect, it } from 'vitest';

it('runs on the React major version this configuration targets', () => {
  // Set by vitest.react18.config.ts; the default configuration runs React 19.
  const env = (import.meta as ImportMeta & { env: Record<string, string | undefined> }).env;
  const expected = env.VITE_EXPECT_REACT_MAJOR ?? '19';
  expect(version.split('.')[0]).toBe(expected);
});
