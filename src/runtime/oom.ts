import type { Docker } from '../docker.js';

/** How an exit is described to users: an out-of-memory kill says so. */
export function exitText(state: { exitCode: number; oomKilled?: boolean }): string {
  return state.oomKilled ? `${state.exitCode} (OOMKilled: out of memory, see resource:limit)` : String(state.exitCode);
}

/** Containers (not running) that the kernel killed for memory, by id. */
export async function oomKilled(docker: Docker, containers: readonly { id: string; state: string }[]): Promise<Set<string>> {
  const stopped = containers.filter((c) => c.state !== 'running');
  const states = await Promise.all(stopped.map(async (c) => [c.id, (await docker.containerState(c.id).catch(() => undefined))?.oomKilled] as const));
  return new Set(states.filter(([, oom]) => oom).map(([id]) => id));
}
