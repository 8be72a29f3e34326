/**
 * The few error types berth raises. They are caught in two places only: the
 * command dispatcher and the servers' request handlers, which turn them into
 * one line for the user.
 */

/** Expected: bad input or a refused action. Shown as one ` !     ` line. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Something the user named (an app, a key) does not exist. */
export class NotFoundError extends UserError {
  override name = 'NotFoundError';
}

/** The Docker engine does not answer: nothing can run until it is back. */
export class EngineDownError extends UserError {
  override name = 'EngineDownError';
  constructor(socketPath: string, options?: { cause?: unknown }) {
    super(`the Docker engine does not answer at ${socketPath} (is dockerd running?)`, options);
  }
}

/** A child process (git, a container task) that failed. */
export class ProcessError extends Error {
  override name = 'ProcessError';
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly stderrTail: string,
    options?: { cause?: unknown; signal?: string },
  ) {
    const how = options?.signal ? `signal ${options.signal}` : `exit code ${exitCode}`;
    const tail = stderrTail.trim() ? `: ${withoutPaths(lastLine(stderrTail))}` : '';
    super(`${command} failed with ${how}${tail}`, options);
  }
}

/** A deploy stage that failed; `cause` holds why. */
export class StageError extends Error {
  override name = 'StageError';
  constructor(
    readonly stage: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The user has already been told why (the deploy pipeline printed it): the
 * catchers print nothing more and only pass the exit code on.
 */
export class ExitError extends Error {
  override name = 'ExitError';
  constructor(
    readonly exitCode: number,
    options: { cause: unknown },
  ) {
    super(options.cause instanceof Error ? options.cause.message : String(options.cause), options);
  }
}

/** An HTTP request that must be answered with a status; mapped in one place. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** The message to show a user for any error; internal ones carry a bug hint. */
export function userMessage(err: unknown): string {
  if (err instanceof UserError || err instanceof StageError || err instanceof ProcessError) {
    return err.message;
  }
  const text = err instanceof Error ? err.message : String(err);
  if (isDiskFull(err)) return `the disk is full (${withoutPaths(text)}); free some space and try again`;
  return `internal error: ${withoutPaths(text)} (this is a bug in berth)`;
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

/**
 * A child's message without the server's absolute paths (BERTH_HOME, the temp
 * directory): each becomes its last component, which is all a user needs.
 */
export function withoutPaths(text: string): string {
  return text.replace(/(?<![\w:/.~-])\/(?:[^\s'"`:/]+\/)*([^\s'"`:/]*)/g, (_m, last: string) => last || '/');
}

/** A write refused for want of space, by the file system or by SQLite. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return code === 'ENOSPC' || code === 'SQLITE_FULL' || code === 'EDQUOT';
}
