/**
 * resource:limit and resource:reserve: memory and CPU per process type
 * (`_default_` for every type without its own), as engine HostConfig.
 */
import { UserError } from '../core/errors.js';
import type { SpecFragment } from './fragment.js';

export type ResourceKind = 'limit' | 'reserve';
export const RESOURCES = ['memory', 'cpu'] as const;
export type Resource = (typeof RESOURCES)[number];
export const DEFAULT_TYPE = '_default_';

/** Stored settings keys: `resource.limit.web.memory` … */
export function resourceKey(kind: ResourceKind, process: string, resource: Resource): string {
  return `resource.${kind}.${process}.${resource}`;
}

const UNITS: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** `512`, `512m`, `1g`, `64mb` → bytes; a bare number is megabytes, as Dokku's. */
export function parseMemory(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(text.trim());
  if (!m) throw new UserError(`invalid memory ${text}: use a number of megabytes or a size such as 512m or 1g`);
  const bytes = Math.round(Number(m[1]) * (UNITS[(m[2] ?? 'm').toLowerCase()] as number));
  if (bytes < 6 * 1024 ** 2) throw new UserError(`memory ${text} is below the engine's minimum of 6m`);
  return bytes;
}

export function parseCpu(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > 1024) throw new UserError(`invalid cpu ${text}: use a number of CPUs such as 0.5 or 2`);
  return n;
}

/** The settings for one process type: its own values over `_default_`'s. */
export function resourcesFor(stored: Record<string, string>, kind: ResourceKind, process: string): Partial<Record<Resource, string>> {
  const out: Partial<Record<Resource, string>> = {};
  for (const r of RESOURCES) {
    const v = stored[resourceKey(kind, process, r)] ?? stored[resourceKey(kind, DEFAULT_TYPE, r)];
    if (v !== undefined && v !== '') out[r] = v;
  }
  return out;
}

export function resourcesFragment(stored: Record<string, string>, process: string): SpecFragment {
  const limit = resourcesFor(stored, 'limit', process);
  const reserve = resourcesFor(stored, 'reserve', process);
  const host: NonNullable<SpecFragment['HostConfig']> = {};
  if (limit.memory) host.Memory = parseMemory(limit.memory);
  if (limit.cpu) host.NanoCpus = Math.round(parseCpu(limit.cpu) * 1e9);
  if (reserve.memory) host.MemoryReservation = parseMemory(reserve.memory);
  // The engine has no CPU reservation on one host: shares weigh CPU under contention (1024 = one CPU).
  if (reserve.cpu) host.CpuShares = Math.max(2, Math.round(parseCpu(reserve.cpu) * 1024));
  return Object.keys(host).length ? { HostConfig: host } : {};
}
