/** A `renderHook` wrapper for the hooks' tests: a client in its provider, in StrictMode when asked. */
import { type ReactNode, StrictMode } from 'react';
import type { MediaDevicesSource } from '../devices.js';
import { CallProvider } from '../react/context.js';
import type { CallClientLike } from '../types.js';
import type { ManualClock } from './fakeClient.js';

/** The store options the tests set. */
export interface WrapperOptions {
  clock?: ManualClock;
  mediaDevices?: MediaDevicesSource;
}

/** Wraps a hook under test in `<CallProvider client={client}>` (with `options`), inside `<StrictMode>` if `strict`. */
export function wrapperFor(client: CallClientLike, strict = false, options?: WrapperOptions) {
  return ({ children }: { children: ReactNode }) => {
    const tree = (
      <CallProvider client={client} options={options}>
        {children}
      </CallProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
}
