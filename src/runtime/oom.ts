/** How an exit is described to users: an out-of-memory kill says so. */
export function exitText(state: { exitCode: number; oomKilled?: boolean }): string {
  return state.oomKilled ? `${state.exitCode} (OOMKilled: out of memory, see resource:limit)` : String(state.exitCode);
}
