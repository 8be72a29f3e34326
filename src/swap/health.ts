import { setTimeout as delay } from 'node:timers/promises';
import type { Docker } from '../docker.js';
import { StageError } from '../errors.js';
import type { HealthCheck } from '../release/app-json.js';
import type { Output } from '../output.js';
import { WEB_PORT } from './container-spec.js';
import { httpGet, waitForHttp } from './check.js';
import { exitText } from '../runtime/oom.js';

export interface Target {
  id: string;
  label: string;
  /** The loopback port where $PORT is published (web only). */
  port?: number;
  /** The container port behind it ($PORT: ports:set, EXPOSE, else 5000). */
  containerPort?: number;
}

// How often the uptime window asks the engine: a container that dies inside
// it loses its traffic within this long.
const UPTIME_POLL_MS = 100;

/**
 * Proves one new container ready for traffic; throws a StageError if it
 * can't. The default check is an HTTP answer from web; whether it then stays
 * up is the uptime window's question (`stayUp`).
 */
export async function proveContainer(
  docker: Docker,
  target: Target,
  checks: HealthCheck[] | 'default' | 'skip',
  opts: { readyTimeoutMs: number; out: Output; signal?: AbortSignal },
): Promise<void> {
  if (checks === 'skip') return opts.out.step(`${target.label}: checks skipped`);
  if (checks === 'default') {
    if (!target.port) return;
    opts.out.step(`${target.label}: waiting for it to answer HTTP`);
    return waitForHttp(docker, { id: target.id, label: target.label, port: target.port }, opts.readyTimeoutMs, opts.signal);
  }
  for (const check of checks) await runCheck(docker, target, check, opts);
}

async function runCheck(docker: Docker, target: Target, check: HealthCheck, opts: { out: Output; signal?: AbortSignal }): Promise<void> {
  const name = check.name ?? check.path ?? `uptime ${check.uptime}s`;
  opts.out.step(`${target.label}: ${check.type} check ${name}`);
  const reachable = target.containerPort ?? WEB_PORT;
  if (check.port !== undefined && check.port !== reachable) throw new StageError('deploy', `healthcheck ${name}: only $PORT (${reachable}) is reachable, not ${check.port}`);
  await delay(check.initialDelay * 1000, undefined, { signal: opts.signal });
  let reason = '';
  for (let attempt = 1; attempt <= check.attempts; attempt++) {
    reason = await attemptCheck(docker, target, check);
    if (!reason) return;
    opts.out.detail(`attempt ${attempt}/${check.attempts} failed: ${reason}`);
    if (attempt < check.attempts) await delay(check.wait * 1000, undefined, { signal: opts.signal });
  }
  throw new StageError('deploy', `${target.label} failed the ${check.type} check ${name}: ${reason}`);
}

/** '' when the check passed, else why not. */
async function attemptCheck(docker: Docker, target: Target, check: HealthCheck): Promise<string> {
  const state = await docker.containerState(target.id);
  if (!state.running) return `the container exited with code ${exitText(state)}`;
  if (check.uptime && Date.now() - state.startedAt < check.uptime * 1000) return `up for less than ${check.uptime}s`;
  if (!check.path) return '';
  if (!target.port) return 'the process has no $PORT to check';
  const answer = await httpGet(target.port, check.path, check.timeout * 1000);
  if (typeof answer === 'string') return answer;
  if (answer.status >= 400) return `${check.path} answered ${answer.status}`;
  if (check.content && !answer.body.includes(check.content)) return `${check.path} did not contain ${JSON.stringify(check.content)}`;
  return '';
}

/**
 * The uptime window: every target must still run, never restarted,
 * `seconds` after it started. Asks every UPTIME_POLL_MS and throws at the
 * first that exits or restarts, so traffic can go back at once.
 */
export async function stayUp(docker: Docker, targets: Target[], seconds: number, signal?: AbortSignal): Promise<void> {
  if (!targets.length) return;
  const first = await Promise.all(targets.map((t) => docker.containerState(t.id)));
  const end = Math.max(...first.map((s) => s.startedAt)) + seconds * 1000;
  for (;;) {
    for (const [i, target] of targets.entries()) {
      const state = await docker.containerState(target.id);
      if (!state.running || state.restartCount > 0 || state.startedAt !== first[i]?.startedAt) {
        throw new StageError('deploy', `${target.label} did not stay up ${seconds}s (exit code ${exitText(state)}, restarts ${state.restartCount})`);
      }
    }
    if (Date.now() >= end) return;
    await delay(Math.min(UPTIME_POLL_MS, end - Date.now()), undefined, { signal });
  }
}
