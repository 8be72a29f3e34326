import { randomUUID } from 'node:crypto';
import type { Principal } from '../access/principal.js';

interface Push {
  principal: Principal;
  ended: Promise<void>;
  abort: AbortController;
}

/**
 * Pushes whose receive-pack is still running. The deploy lock is held until
 * git has updated the ref (after the hook returned), so the next push that
 * waited on the lock sees where the branch really is; and a pusher that goes
 * away aborts its deploy.
 */
export class PushRegistry {
  private readonly running = new Map<string, Push>();

  /** Registers a push; `end` when receive-pack exits, `abort` when the client left. */
  begin(principal: Principal): { id: string; end: () => void; abort: (reason: string) => void } {
    const id = randomUUID();
    let end!: () => void;
    const push: Push = { principal, ended: new Promise<void>((resolve) => (end = resolve)), abort: new AbortController() };
    this.running.set(id, push);
    return {
      id,
      end: () => {
        end();
        this.running.delete(id);
      },
      abort: (reason) => push.abort.abort(new Error(reason)),
    };
  }

  /** Resolves when that push's receive-pack has exited (at once if unknown). */
  ended(id: string): Promise<void> {
    return this.running.get(id)?.ended ?? Promise.resolve();
  }

  /** Who pushed (the daemon's own record, not what the hook says); undefined for an unknown push. */
  principal(id: string): Principal | undefined {
    return this.running.get(id)?.principal;
  }

  /** Aborted when the pusher disconnected. */
  signal(id: string): AbortSignal | undefined {
    return this.running.get(id)?.abort.signal;
  }
}
