/** Joins class names, skipping falsy entries (a tiny `clsx`, to avoid a dependency). */
export function cx(...names: ReadonlyArray<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}
