/**
 * berth's own checks on a new release's tasks, wherever Swarm placed them:
 * web tasks are asked over HTTP at their node's address and host port (the
 * way the router will reach them); app.json uptime checks, and the uptime
 * window after the switch (`watch`), want every task still running, never
 * replaced. Swarm's own view (running) is necessary, not enough.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { StageError } from '../../core/errors.js';
import type { HealthCheck } from '../../release/app-json.js';
import type { Output } from '../../core/output.js';
import { httpGet } from '../../swap/check.js';
import type { ProcessPlan } from '../../swap/plan.js';
import type { Instance } from '../types.js';

const POLL_MS = 50;

export interface ProveOptions {
  deadline: number;
  out: Output;
  /** The release's instances as Swarm reports them now. */
  read: () => Promise<Instance[]>;
  signal?: AbortSignal;
}

/** Proves every instance of each plan ready; throws a StageError naming the first that fails. */
export async function proveRelease(plans: ProcessPlan[], instances: Instance[], opts: ProveOptions): Promise<void> {
  await Promise.all(plans.map((plan) => proveProcess(plan, instances.filter((i) => i.process === plan.process), opts)));
  const custom = plans.filter((p) => Array.isArray(p.checks));
  const uptime = Math.max(0, ...custom.flatMap((p) => (Array.isArray(p.checks) ? p.checks.map((c) => c.uptime ?? 0) : [])));
  if (uptime > 0) await stayUp(instances.filter((i) => custom.some((p) => p.process === i.process)), uptime, opts);
}

async function proveProcess(plan: ProcessPlan, instances: Instance[], opts: ProveOptions): Promise<void> {
  if (plan.checks === 'skip') return opts.out.step(`${plan.process}: checks skipped`);
  for (const i of instances) {
    if (!i.endpoint) continue;
    const label = `${plan.process}.${i.index} on ${i.node}`;
    if (plan.checks === 'default') {
      opts.out.step(`${label}: waiting for it to answer HTTP`);
      await answersHttp(i.endpoint, label, opts);
    } else {
      for (const check of plan.checks) await pathCheck(i.endpoint, label, check, opts);
    }
  }
}

async function answersHttp(at: { host: string; port: number }, label: string, opts: ProveOptions): Promise<void> {
  while (Date.now() < opts.deadline) {
    opts.signal?.throwIfAborted();
    if (typeof (await httpGet(at.port, '/', Math.max(1, Math.min(1000, opts.deadline - Date.now())), at.host)) !== 'string') return;
    await delay(POLL_MS, undefined, { signal: opts.signal });
  }
  throw new StageError('deploy', `${label} did not answer HTTP at ${at.host}:${at.port} in time`);
}

async function pathCheck(at: { host: string; port: number }, label: string, check: HealthCheck, opts: ProveOptions): Promise<void> {
  if (!check.path) return;
  const name = check.name ?? check.path;
  opts.out.step(`${label}: ${check.type} check ${name}`);
  await delay(check.initialDelay * 1000, undefined, { signal: opts.signal });
  let reason = '';
  for (let attempt = 1; attempt <= check.attempts; attempt++) {
    const answer = await httpGet(at.port, check.path, check.timeout * 1000, at.host);
    reason = typeof answer === 'string' ? answer : answer.status >= 400 ? `${check.path} answered ${answer.status}` : check.content && !answer.body.includes(check.content) ? `${check.path} did not contain ${JSON.stringify(check.content)}` : '';
    if (!reason) return;
    opts.out.detail(`attempt ${attempt}/${check.attempts} failed: ${reason}`);
    if (attempt < check.attempts) await delay(check.wait * 1000, undefined, { signal: opts.signal });
  }
  throw new StageError('deploy', `${label} failed the ${check.type} check ${name}: ${reason}`);
}

const WATCH_MS = 250;

/** Every instance still runs, the same task, for `seconds` (Swarm replaces a crashed one); rejects at the first that does not. */
export async function stayUp(instances: Instance[], seconds: number, opts: Pick<ProveOptions, 'out' | 'read' | 'signal'>): Promise<void> {
  if (!instances.length) return;
  opts.out.step(`checking the new tasks stay up ${seconds}s`);
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const now = new Map((await opts.read()).map((i) => [i.id, i]));
    for (const i of instances) {
      const state = now.get(i.id)?.state ?? 'gone';
      if (state !== 'running') throw new StageError('deploy', `${i.process}.${i.index} on ${i.node} did not stay up ${seconds}s (now ${state})`);
    }
    if (Date.now() >= until) return;
    await delay(Math.min(WATCH_MS, until - Date.now()), undefined, { signal: opts.signal });
  }
}
