// Code loaded on first need and kept: one load however many ask at once, and a failed load
// (a chunk missing after an update) tried again by the next caller.
export interface LoadOnce<T> {
  load(): Promise<T>;
  /** What the load gave, or null before it has. */
  loaded(): T | null;
}

export function loadOnce<T>(load: () => Promise<T>): LoadOnce<T> {
  let value: T | null = null;
  let loading: Promise<T> | null = null;
  return {
    load: () =>
      (loading ??= load().then(
        (v) => (value = v),
        (err: unknown) => {
          loading = null;
          throw err;
        },
      )),
    loaded: () => value,
  };
}
