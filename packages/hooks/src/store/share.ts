/**
 * Structural-sharing helpers: each returns the previous value when the next one is equal, so unchanged parts
 * of the state keep their identity and selectors that return them don't trigger re-renders.
 */

/** Frozen empty values shared by every store, so "nothing" always has the same identity. */
export const EMPTY_ARRAY: readonly never[] = /* @__PURE__ */ Object.freeze([]);
/** See {@link EMPTY_ARRAY}. */
export const EMPTY_RECORD: Readonly<Record<string, never>> = /* @__PURE__ */ Object.freeze({});

/** `prev` if both arrays hold the same items (by `Object.is`) in the same order, else `next`. */
export function reuseArray<T>(prev: readonly T[] | undefined, next: readonly T[]): readonly T[] {
  if (prev === undefined) return next.length === 0 ? EMPTY_ARRAY : next;
  if (prev === next) return prev;
  if (prev.length !== next.length) return next.length === 0 ? EMPTY_ARRAY : next;
  for (let i = 0; i < prev.length; i++) if (!Object.is(prev[i], next[i])) return next;
  return prev;
}

/**
 * Whether two plain objects (or arrays) have the same own keys with `Object.is`-equal values: the `equalityFn`
 * for a {@link useCallStore} selector that builds a new object or array.
 *
 * @example
 * ```tsx
 * const ids = useCallStore((s) => Object.keys(s.sessions), shallowEqual);
 * ```
 */
export function shallowEqual(a: object, b: object): boolean {
  if (a === b) return true;
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if (!Object.hasOwn(b, key)) return false;
    if (!Object.is((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/** `prev` if shallowly equal to `next`, else `next`. */
export function reuseObject<T extends object>(prev: T | undefined | null, next: T): T {
  return prev != null && shallowEqual(prev, next) ? prev : next;
}

/** Like {@link reuseObject}, for nullable values. */
export function reuseNullable<T extends object>(prev: T | null | undefined, next: T | null): T | null {
  if (next === null) return null;
  return reuseObject(prev, next);
}

/** Own-property lookup, so ids such as `constructor` never hit `Object.prototype`. */
export function lookup<T>(record: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  if (key == null || !Object.hasOwn(record, key)) return undefined;
  return record[key];
}
