import { request } from 'node:http';
import type { Docker } from '../docker.js';
import { StageError } from '../errors.js';

const POLL_MS = 100;

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
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    const state = await docker.containerState(target.id);
    if (!state.running && !state.restarting) {
      throw new StageError('deploy', `${target.label} exited with code ${state.exitCode} before answering on its port`);
    }
    if (await answers(target.port, Math.min(1000, deadline - Date.now()))) return;
    await delay(POLL_MS);
  }
  throw new StageError('deploy', `${target.label} did not answer HTTP on $PORT within ${Math.round(timeoutMs / 1000)}s`);
}

function answers(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: Math.max(timeoutMs, 1), agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
