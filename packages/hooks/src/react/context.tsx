/**
 * `<CallProvider>`: one store per provider, in context. The store is created lazily and without side effects
 * during render; it subscribes to the client only in an effect (reference counted), so StrictMode's double
 * render and double mount can neither subscribe twice nor leave a subscription behind.
 */

import type { CallClient } from '@meshcall/core';
import { createContext, type ReactElement, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { type CallStore, type CallStoreOptions, createCallStore } from '../store/createCallStore.js';
import type { CallClientLike } from '../types.js';

interface CallContextValue {
  readonly client: CallClientLike;
  readonly store: CallStore;
}

// Pure (no statement after it), so an app that imports none of the hooks drops it.
const CallContext = /* @__PURE__ */ Object.assign(createContext<CallContextValue | null>(null), {
  displayName: 'MeshcallContext',
});

/** Props of {@link CallProvider}: a client (the provider makes the store) or a store you made yourself. */
export type CallProviderProps = { readonly children?: ReactNode } & (
  | {
      /** The call client to observe. A new client gets a new store. */
      readonly client: CallClientLike;
      /** Options for the store the provider creates (read once per client). */
      readonly options?: Omit<CallStoreOptions, 'lazy'> | undefined;
      readonly store?: undefined;
    }
  | {
      /** A store from {@link createCallStore}; the provider retains it while mounted and never destroys it. */
      readonly store: CallStore;
      readonly client?: undefined;
      readonly options?: undefined;
    }
);

/**
 * Makes a call client available to the hooks below it.
 *
 * @example
 * ```tsx
 * const client = new CallClient({ transport });
 * createRoot(el).render(
 *   <CallProvider client={client}>
 *     <App />
 *   </CallProvider>,
 * );
 * ```
 */
export function CallProvider(props: CallProviderProps): ReactElement {
  const { client, store: external, options, children } = props;
  const [owned, setOwned] = useState<CallStore | null>(() =>
    client ? createCallStore(client, { ...options, lazy: true }) : null,
  );
  let store = external ?? owned;
  if (!external && client && store?.client !== client) {
    // A different client: switch stores during render (creating one has no side effects).
    store = createCallStore(client, { ...options, lazy: true });
    setOwned(store);
  }
  if (!store) throw new Error('CallProvider needs a `client` or a `store`.');
  const current = store;
  useEffect(() => current.retain(), [current]);
  const value = useMemo(() => ({ client: current.client, store: current }), [current]);
  return <CallContext.Provider value={value}>{children}</CallContext.Provider>;
}

function useCallContext(hook: string): CallContextValue {
  const value = useContext(CallContext);
  if (!value) throw new Error(`${hook} must be used inside <CallProvider>.`);
  return value;
}

/**
 * The call client of the nearest `<CallProvider>`, for actions the other hooks don't cover. It is typed as
 * `@meshcall/core`'s `CallClient`; if you gave the provider another implementation of {@link CallClientLike}
 * (a test double), name its type: `useCallClient<MyFakeClient>()`.
 *
 * @example
 * ```tsx
 * const client = useCallClient();
 * const signOut = () => void client.destroy();
 * ```
 */
export function useCallClient<Client extends CallClientLike = CallClient>(): Client {
  // The provider cannot know the concrete class; the type parameter states it (CallClient by default).
  return useCallContext('useCallClient').client as Client;
}

/**
 * The store of the nearest `<CallProvider>` (read-only zustand store plus commands such as `dismissEnded`).
 *
 * @example
 * ```tsx
 * const store = useCallStoreApi();
 * useEffect(() => store.subscribe((s) => analytics.track(s.status)), [store]);
 * ```
 */
export function useCallStoreApi(): CallStore {
  return useCallContext('useCallStoreApi').store;
}
