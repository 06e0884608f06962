import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { CallStore, CallView } from './CallStore.js';

const CallStoreContext = createContext<CallStore | null>(null);

/** Makes `store` the room every component of the call screen reads. */
export function CallStoreProvider({ store, children }: { store: CallStore; children: ReactNode }) {
  return <CallStoreContext.Provider value={store}>{children}</CallStoreContext.Provider>;
}

/** The call screen's store (for its actions, e.g. dismissing a notice). */
export function useCallStore(): CallStore {
  const store = useContext(CallStoreContext);
  if (!store) throw new Error('useCallStore is used outside the call screen (no CallStoreProvider above it).');
  return store;
}

/** The room as the call screen shows it; re-renders when the snapshot changes. */
export function useCallView(): CallView {
  const store = useCallStore();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
