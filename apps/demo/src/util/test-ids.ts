/**
 * Stable `data-testid`s for elements rendered inside @meshcall/ui components that do not take extra props
 * (the dialog's buttons, a tile's `<video>`). React leaves attributes it does not manage alone, so setting
 * them after each commit is safe; the e2e suite then needs no knowledge of the components' class names.
 */
import { type RefObject, useLayoutEffect } from 'react';

/** Maps a CSS selector (inside the container) to the test id its first match should carry. */
export type TestIdMap = Readonly<Record<string, string>>;

/** Tags descendants of `container` with test ids after every render. */
export function useDescendantTestIds(container: RefObject<HTMLElement | null>, ids: TestIdMap): void {
  useLayoutEffect(() => {
    const root = container.current;
    if (!root) return;
    for (const [selector, testId] of Object.entries(ids)) {
      const element = root.querySelector(selector);
      if (element && element.getAttribute('data-testid') !== testId) element.setAttribute('data-testid', testId);
    }
  });
}

/** A test-id-safe slug of a user: the JID's local part (`bob@localhost` → `bob`). */
export function userSlug(jid: string): string {
  const at = jid.indexOf('@');
  return (at > 0 ? jid.slice(0, at) : jid).replace(/[^a-z0-9_-]/gi, '_');
}
