/**
 * What the swap starts: for each process type, how many containers, which
 * command and which checks. Pure: settings and app files in, a plan out.
 */
import type { AppFiles } from '../release/app-files.js';
import type { HealthCheck } from '../release/app-json.js';
import { SETTING, SETTING_PREFIX } from '../store/setting-keys.js';

export interface ProcessPlan {
  process: string;
  count: number;
  /** The Procfile command; undefined runs the image's own CMD. */
  command?: string;
  /** `default`: web answers HTTP, every process stays up `checks.wait` seconds. */
  checks: HealthCheck[] | 'default' | 'skip';
}

export interface SwapSettings {
  scale: Record<string, number>;
  checksWait: number;
  waitToRetire: number;
  stopTimeout: number;
  restartPolicy: string;
  /** Process types whose checks are disabled or skipped (`_all_` for every one). */
  unchecked: string[];
}

export const SWAP_DEFAULTS = { checksWait: 2, waitToRetire: 60, stopTimeout: 30, restartPolicy: 'on-failure:10' };

/** Reads an app's swap settings from its stored keys. */
export function swapSettings(stored: Record<string, string>, defaults: Partial<typeof SWAP_DEFAULTS> = {}): SwapSettings {
  const d = { ...SWAP_DEFAULTS, ...defaults };
  const scale: Record<string, number> = {};
  for (const [k, v] of Object.entries(stored)) if (k.startsWith(SETTING_PREFIX.scale)) scale[k.slice(SETTING_PREFIX.scale.length)] = Number(v);
  const num = (key: string, fallback: number) => (stored[key] === undefined ? fallback : Number(stored[key]));
  return {
    scale,
    checksWait: num(SETTING.checksWait, d.checksWait),
    waitToRetire: num(SETTING.checksWaitToRetire, d.waitToRetire),
    stopTimeout: num(SETTING.stopTimeout, d.stopTimeout),
    restartPolicy: stored[SETTING.restartPolicy] ?? d.restartPolicy,
    unchecked: [...(stored[SETTING.checksDisabled] ?? '').split(','), ...(stored[SETTING.checksSkipped] ?? '').split(',')].filter(Boolean),
  };
}

/**
 * Like Dokku: `web` runs one container by default (the image's CMD when the
 * Procfile has no web), other types none until scaled; `ps:scale` wins over
 * app.json's formation. `release` is a task, never a process.
 */
export function planProcesses(files: AppFiles, settings: SwapSettings): ProcessPlan[] {
  const types = new Set(['web', ...files.procfile.keys(), ...Object.keys(files.appJson.formation), ...Object.keys(settings.scale)]);
  types.delete('release');
  const plans: ProcessPlan[] = [];
  for (const process of types) {
    if (process !== 'web' && !files.procfile.has(process)) continue;
    const count = settings.scale[process] ?? files.appJson.formation[process] ?? (process === 'web' ? 1 : 0);
    if (count <= 0) continue;
    const unchecked = settings.unchecked.includes('_all_') || settings.unchecked.includes(process);
    const checks = unchecked ? 'skip' : (files.appJson.healthchecks[process] ?? 'default');
    plans.push({ process, count, command: files.procfile.get(process), checks });
  }
  return plans;
}

/** `on-failure:10` → the engine's restart policy. */
export function restartPolicy(text: string): { Name: string; MaximumRetryCount?: number } {
  const [name = 'on-failure', count] = text.split(':');
  return name === 'on-failure' ? { Name: name, MaximumRetryCount: Number(count ?? 10) } : { Name: name };
}
