/**
 * The daemon's operational log: one JSON object per line on stderr, with
 * `app`, `deploy` and `stage` where they apply.
 */
export type Log = (event: Record<string, unknown>) => void;

export function jsonLog(write: (line: string) => void = (l) => process.stderr.write(l)): Log {
  return (event) => {
    write(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
  };
}

export const silentLog: Log = () => {};
