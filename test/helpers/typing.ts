import { execa } from 'execa';

/**
 * Runs a program, types `typed` into its stdin and leaves stdin open, as a
 * person at a terminal would; resolves when the program ends by itself.
 */
export async function typeInto(file: string, args: string[], typed: string, env?: Record<string, string>): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const child = execa(file, args, { reject: false, stdin: 'pipe', timeout: 60_000, ...(env ? { env } : {}) });
  child.stdin?.write(typed);
  const res = await child;
  if (res.timedOut) throw new Error(`${file} ${args.join(' ')} did not end; stdout: ${String(res.stdout)}; stderr: ${String(res.stderr)}`);
  return { exitCode: res.exitCode ?? 255, stdout: String(res.stdout), stderr: String(res.stderr) };
}
