import { request } from 'node:http';
import { setTimeout } from 'node:timers/promises';
import type { Docker } from '../docker.js';
import { StageError } from '../core/errors.js';
import { exitText } from '../runtime/oom.js';

// An answer is noticed within POLL_MS: a refused or reset connection to the
// published port costs well under a millisecond. The engine is asked whether
// the container died less often, since an inspect costs a few milliseconds.
const POLL_MS = 5;
const STATE_EVERY_MS = 250;

/**
 * Waits until the container answers HTTP on its published port. Any HTTP
 * answer counts: the question is whether the app listens, not what it says.
 * A plain TCP connect would not do, since Docker's port proxy accepts
 * connections for a container that isn't listening yet.
 */
export async function waitForHttp(
  docker: Docker,
  target: { id: string; label: string; port: number },
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stateAt = 0;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (Date.now() - stateAt >= STATE_EVERY_MS) {
      stateAt = Date.now();
      const state = await docker.containerState(target.id);
      if (!state.running && !state.restarting) {
        throw new StageError('deploy', `${target.label} exited with code ${exitText(state)} before answering on its port`);
      }
    }
    if (typeof (await httpGet(target.port, '/', Math.max(1, Math.min(1000, deadline - Date.now())))) !== 'string') return;
    await setTimeout(POLL_MS, undefined, { signal });
  }
  throw new StageError('deploy', `${target.label} did not answer HTTP on $PORT within ${Math.round(timeoutMs / 1000)}s`);
}

/** GETs `path` on a loopback port (or `host`'s): the answer, or why there was none. */
export function httpGet(port: number, path: string, timeoutMs: number, host = '127.0.0.1'): Promise<{ status: number; body: string } | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d.slice(0, 65536)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', (err) => resolve(err.message));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000}s`)));
    req.on('error', (err) => resolve(err.message));
    req.end();
  });
}
