import { version } from 'react';
import { expect, it } from 'vitest';

it('runs on the React major version this configuration targets', () => {
  const expected = import.meta.env.VITE_EXPECT_REACT_MAJOR ?? '19';
  expect(version.split('.')[0]).toBe(expected);
});
