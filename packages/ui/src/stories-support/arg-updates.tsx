/**
 * Story-only: stories whose state starts from args must follow the Controls panel after mount too. In the
 * Storybook UI a control re-renders the story with new args (same component, new props); in the story tests
 * nothing changes args, so a play function does it through {@link ArgUpdates} and {@link updateArgs}.
 */
import { type Dispatch, type ReactNode, type SetStateAction, useLayoutEffect, useState } from 'react';

type Listener = (update: Record<string, unknown>) => void;
const listeners = new Set<Listener>();

/** Props of {@link ArgUpdates}. */
export interface ArgUpdatesProps<A extends object> {
  /** The story's args. */
  readonly args: A;
  /** Renders the story with the args, updated by {@link updateArgs}. */
  readonly children: (args: A) => ReactNode;
}

/**
 * Renders `children` with the story's args, overridden by {@link updateArgs} (a re-render, like a control's,
 * not a remount). New args from Storybook (a control) drop the overrides.
 */
export function ArgUpdates<A extends object>({ args, children }: ArgUpdatesProps<A>): ReactNode {
  const [overrides, setOverrides] = useState<{ readonly of: A; readonly args: Partial<A> }>({ of: args, args: {} });
  if (overrides.of !== args) setOverrides({ of: args, args: {} });
  // A layout effect: listening before the play function starts (the Storybook UI runs it once the story is
  // committed, before passive effects have run).
  useLayoutEffect(() => {
    const listener: Listener = (update) =>
      setOverrides((current) => ({ of: current.of, args: { ...current.args, ...(update as Partial<A>) } }));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return children(overrides.of === args ? { ...args, ...overrides.args } : args);
}

/** Changes args of the mounted {@link ArgUpdates}, as the Controls panel would. */
export function updateArgs(update: Record<string, unknown>): void {
  if (listeners.size === 0) throw new Error('updateArgs: the story does not render <ArgUpdates>');
  for (const listener of listeners) listener(update);
}

/**
 * State that starts from an arg and follows it when the arg changes (a control), while the story may change
 * it as well (a click).
 */
export function useArgState<T>(arg: T): [T, Dispatch<SetStateAction<T>>] {
  const [value, setValue] = useState(arg);
  const [seen, setSeen] = useState(arg);
  if (!Object.is(arg, seen)) {
    setSeen(arg);
    setValue(arg);
  }
  return [value, setValue];
}
