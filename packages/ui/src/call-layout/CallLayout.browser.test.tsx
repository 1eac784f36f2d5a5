import { cleanup, render } from '@testing-library/react';
import { createRef } from 'react';
import { afterEach, expect, it } from 'vitest';
import { CallLayout } from './CallLayout.js';

afterEach(cleanup);

// Runs on React 19 and on React 18 (vitest.react18.config.ts), where a plain `ref` prop never reached the element.
it('hands its root element to a ref', () => {
  const ref = createRef<HTMLDivElement>();
  render(
    <CallLayout ref={ref} controls={<button type="button">Mute</button>}>
      <p>stage</p>
    </CallLayout>,
  );
  expect(ref.current).toBeInstanceOf(HTMLDivElement);
  expect(ref.current?.classList.contains('meshcall-layout')).toBe(true);
});
