import { StageError } from '../core/errors.js';
import { parseCronEntries, type CronEntry } from '../cron/entries.js';

/** One check of Dokku's app.json `healthchecks` schema. */
export interface HealthCheck {
  type: 'startup' | 'readiness' | 'liveness';
  name?: string;
  path?: string;
  content?: string;
  attempts: number;
  timeout: number;
  wait: number;
  initialDelay: number;
  port?: number;
  uptime?: number;
}

export interface AppJson {
  predeploy?: string;
  postdeploy?: string;
  healthchecks: Record<string, HealthCheck[]>;
  formation: Record<string, number>;
  cron?: CronEntry[];
}

const CHECK_DEFAULTS = { attempts: 3, timeout: 5, wait: 1, initialDelay: 0 };

/** Parses and validates app.json; a bad field fails the deploy naming it. */
export function parseAppJson(text: string): AppJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StageError('release', `app.json is not valid JSON: ${(err as Error).message}`);
  }
  const root = object(raw, 'app.json');
  const dokku = root.scripts === undefined ? {} : object(object(root.scripts, 'scripts').dokku ?? {}, 'scripts.dokku');
  return {
    predeploy: optionalString(dokku.predeploy, 'scripts.dokku.predeploy'),
    postdeploy: optionalString(dokku.postdeploy, 'scripts.dokku.postdeploy'),
    healthchecks: healthchecks(root.healthchecks),
    formation: formation(root.formation),
    cron: root.cron === undefined ? undefined : parseCronEntries(root.cron),
  };
}

function healthchecks(value: unknown): Record<string, HealthCheck[]> {
  if (value === undefined) return {};
  const out: Record<string, HealthCheck[]> = {};
  for (const [process, list] of Object.entries(object(value, 'healthchecks'))) {
    if (!Array.isArray(list)) throw invalid(`healthchecks.${process}`, 'a list of checks');
    out[process] = list.map((c, i) => check(c, `healthchecks.${process}[${i}]`));
  }
  return out;
}

function check(value: unknown, field: string): HealthCheck {
  const c = object(value, field);
  const type = c.type ?? 'startup';
  if (type !== 'startup' && type !== 'readiness' && type !== 'liveness') throw invalid(`${field}.type`, 'startup, readiness or liveness');
  const num = (key: keyof typeof CHECK_DEFAULTS) => optionalNumber(c[key], `${field}.${key}`) ?? CHECK_DEFAULTS[key];
  return {
    type,
    name: optionalString(c.name, `${field}.name`),
    path: optionalString(c.path, `${field}.path`),
    content: optionalString(c.content, `${field}.content`),
    attempts: num('attempts'),
    timeout: num('timeout'),
    wait: num('wait'),
    initialDelay: num('initialDelay'),
    port: optionalNumber(c.port, `${field}.port`),
    uptime: optionalNumber(c.uptime, `${field}.uptime`),
  };
}

function formation(value: unknown): Record<string, number> {
  if (value === undefined) return {};
  const out: Record<string, number> = {};
  for (const [process, spec] of Object.entries(object(value, 'formation'))) {
    const quantity = optionalNumber(object(spec, `formation.${process}`).quantity, `formation.${process}.quantity`);
    if (quantity !== undefined) out[process] = quantity;
  }
  return out;
}

function object(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'an object');
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'a string');
  return value;
}

function optionalNumber(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(field, 'a number ≥ 0');
  return value;
}

function invalid(field: string, expected: string): StageError {
  return new StageError('release', `app.json: ${field} must be ${expected}`);
}
