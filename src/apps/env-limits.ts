/**
 * The kernel's limits on a process environment: one `KEY=VALUE` string may
 * be at most MAX_ARG_STRLEN (32 pages, 131072 bytes with its NUL), and all of
 * them together share ARG_MAX with the arguments. A container started past
 * either fails to exec ("argument list too long"), far from the cause.
 */
import { UserError } from '../core/errors.js';

export const MAX_ENV_STRING = 131_072 - 1;
/** berth's own cap on the whole config, well inside ARG_MAX (a quarter of an 8 MiB stack). */
export const MAX_ENV_TOTAL = 1024 * 1024;

/** Throws a UserError naming the first variable (or the total) over the kernel's limits. */
export function checkEnvSize(env: Record<string, string>): void {
  let total = 0;
  for (const [key, value] of Object.entries(env)) {
    const bytes = Buffer.byteLength(key) + 1 + Buffer.byteLength(value);
    if (bytes > MAX_ENV_STRING) throw new UserError(`config var ${key} is ${bytes} bytes as ${key}=VALUE; the kernel allows at most ${MAX_ENV_STRING} per variable`);
    total += bytes + 1;
  }
  if (total > MAX_ENV_TOTAL) throw new UserError(`the config vars add up to ${total} bytes; berth allows at most ${MAX_ENV_TOTAL} (the kernel's limit is shared with the command line)`);
}
