// Named one-shot timers: arming a name replaces its previous timer, so each purpose (the
// current phase's deadline, the next reconnect attempt, closing an idle socket) has at most
// one pending timer and clearing everything on shutdown is one call.

export class Timers<K extends string> {
  private readonly handles = new Map<K, ReturnType<typeof setTimeout>>();

  arm(name: K, delayMs: number, fn: () => void): void {
    this.clear(name);
    this.handles.set(
      name,
      setTimeout(() => {
        this.handles.delete(name);
        fn();
      }, Math.max(0, delayMs)),
    );
  }

  clear(name: K): void {
    const handle = this.handles.get(name);
    if (handle !== undefined) clearTimeout(handle);
    this.handles.delete(name);
  }

  clearAll(): void {
    for (const handle of this.handles.values()) clearTimeout(handle);
    this.handles.clear();
  }
}
