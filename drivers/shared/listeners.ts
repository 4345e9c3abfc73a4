// A tiny typed listener set. Every emitter in the drivers (transport data, transport state,
// health) uses it so "subscribe returns unsubscribe" behaves the same everywhere.
export interface Listeners<T> {
  add(cb: (value: T) => void): () => void;
  emit(value: T): void;
  readonly size: number;
}

export function createListeners<T>(): Listeners<T> {
  const set = new Set<(value: T) => void>();
  return {
    add(cb) {
      set.add(cb);
      return () => {
        set.delete(cb);
      };
    },
    emit(value) {
      // One throwing subscriber must not starve the others (a socket 'data' handler that
      // throws would otherwise drop the bytes for everyone); the first error is rethrown
      // after all subscribers ran so the bug still surfaces at the emitter.
      let first: unknown;
      let failed = false;
      for (const cb of [...set]) {
        try {
          cb(value);
        } catch (err) {
          if (!failed) first = err;
          failed = true;
        }
      }
      if (failed) throw first;
    },
    get size() {
      return set.size;
    },
  };
}
