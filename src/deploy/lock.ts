/**
 * One deploy per app at a time. Waiters queue in arrival order and the lock
 * passes straight to the next one; the release function goes in `finally`.
 */
export class AppLocks {
  private readonly busy = new Set<string>();
  private readonly waiters = new Map<string, (() => void)[]>();

  isHeld(app: string): boolean {
    return this.busy.has(app);
  }

  async acquire(app: string, opts: { onWait?: () => void; signal?: AbortSignal } = {}): Promise<() => void> {
    if (!this.busy.has(app)) {
      this.busy.add(app);
      return this.releaser(app);
    }
    opts.onWait?.();
    await this.wait(app, opts.signal);
    return this.releaser(app);
  }

  private wait(app: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const queue = this.waiters.get(app) ?? [];
      this.waiters.set(app, queue);
      const onAbort = () => {
        const i = queue.indexOf(wake);
        if (i >= 0) queue.splice(i, 1);
        reject(signal?.reason);
      };
      const wake = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      if (signal?.aborted) return reject(signal.reason);
      queue.push(wake);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private releaser(app: string): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.get(app)?.shift();
      if (next) return next();
      this.busy.delete(app);
      this.waiters.delete(app);
    };
  }
}
