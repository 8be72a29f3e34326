import { randomUUID } from 'node:crypto';

/**
 * Pushes whose receive-pack is still running. The deploy lock is held until
 * git has updated the ref (after the hook returned), so the next push that
 * waited on the lock sees where the branch really is.
 */
export class PushRegistry {
  private readonly running = new Map<string, Promise<void>>();

  /** Registers a push; call the returned function when receive-pack exits. */
  begin(): { id: string; end: () => void } {
    const id = randomUUID();
    let end!: () => void;
    this.running.set(id, new Promise<void>((resolve) => (end = resolve)));
    return {
      id,
      end: () => {
        end();
        this.running.delete(id);
      },
    };
  }

  /** Resolves when that push's receive-pack has exited (at once if unknown). */
  ended(id: string): Promise<void> {
    return this.running.get(id) ?? Promise.resolve();
  }
}
