import type { UpstreamState } from './routes.js';

/** Counts a request (or upgraded connection) in flight; the returned function ends it, once. */
export function begin(state: UpstreamState): () => void {
  state.inflight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.inflight--;
    if (state.inflight === 0) for (const wake of state.idle.splice(0)) wake();
  };
}

/** Resolves true once nothing is in flight on `state`, false at the deadline. */
export function whenIdle(state: UpstreamState, deadline: number): Promise<boolean> {
  if (state.inflight === 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      const i = state.idle.indexOf(wake);
      if (i >= 0) state.idle.splice(i, 1);
      resolve(false);
    }, Math.max(0, deadline - Date.now()));
    const wake = () => {
      clearTimeout(timer);
      resolve(true);
    };
    state.idle.push(wake);
  });
}
