/**
 * Stable `data-testid`s for elements rendered inside @meshcall/ui components that do not take extra props
 * (the dialog's buttons, the control bar of `<VideoCall>`, a tile's `<video>`). React leaves attributes it
 * does not manage alone, so setting them after each commit is safe; the e2e suite then needs no knowledge of
 * the components' class names — that knowledge lives here, in one place.
 */
import { type RefObject, useEffect, useLayoutEffect, useRef } from 'react';

/** A test id, or a test id plus data attributes (`undefined` removes one). */
export type TestIdSpec = string | { readonly id: string; readonly data?: Readonly<Record<string, string | undefined>> };

/** Maps a CSS selector (inside the container) to what its first match should carry. */
export type TestIdMap = Readonly<Record<string, TestIdSpec>>;

/**
 * Tags descendants of `container` with test ids (and `data-*` attributes) after every render of the caller, and
 * whenever the elements below it change: the components re-render on their own (a spotlight appearing), without
 * the caller rendering again.
 */
export function useDescendantTestIds(container: RefObject<HTMLElement | null>, ids: TestIdMap): void {
  const latest = useRef(ids);
  latest.current = ids;
  useLayoutEffect(() => tagDescendants(container.current, latest.current));
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const observer = new MutationObserver(() => tagDescendants(root, latest.current));
    // Elements and classes: what the selectors match on (the attributes set here are not watched, so no loop).
    observer.observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, [container]);
}

function tagDescendants(root: HTMLElement | null, ids: TestIdMap): void {
  if (!root) return;
  for (const [selector, spec] of Object.entries(ids)) {
    const element = root.querySelector(selector);
    if (!element) continue;
    const { id, data = {} } = typeof spec === 'string' ? { id: spec } : spec;
    if (element.getAttribute('data-testid') !== id) element.setAttribute('data-testid', id);
    for (const [name, value] of Object.entries(data)) {
      if (value === undefined) element.removeAttribute(`data-${name}`);
      else if (element.getAttribute(`data-${name}`) !== value) element.setAttribute(`data-${name}`, value);
    }
  }
}

/** A test-id-safe slug of a user: the JID's local part (`bob@localhost` → `bob`). */
export function userSlug(jid: string): string {
  const at = jid.indexOf('@');
  return (at > 0 ? jid.slice(0, at) : jid).replace(/[^a-z0-9_-]/gi, '_');
}
