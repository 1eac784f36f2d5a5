// @vitest-environment jsdom
/** Test ids reach elements that a component below renders on its own, after the tagging component rendered. */
import { act, cleanup, render } from '@testing-library/react';
import { useRef, useState } from 'react';
import { afterEach, expect, it } from 'vitest';
import { useDescendantTestIds } from './test-ids.js';

afterEach(cleanup);

let showSpotlight: (on: boolean) => void = () => {};

/** Re-renders alone (its own state), as a component of @meshcall/ui does on a store change. */
function Grid() {
  const [spotlight, setSpotlight] = useState(false);
  showSpotlight = setSpotlight;
  return <div className={spotlight ? 'cell cell--featured' : 'cell'}>tile</div>;
}

function Stage() {
  const ref = useRef<HTMLDivElement>(null);
  useDescendantTestIds(ref, { '.cell--featured': 'spotlight' });
  return (
    <div ref={ref}>
      <Grid />
    </div>
  );
}

it('tags an element that starts matching after the tagging component rendered (its class changed)', async () => {
  const view = render(<Stage />);
  expect(view.queryByTestId('spotlight')).toBeNull();
  act(() => showSpotlight(true));
  await act(async () => {}); // the mutation observer's turn
  expect(view.getByTestId('spotlight').textContent).toBe('tile');
});
