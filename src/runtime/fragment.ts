/**
 * What storage, resources, ports, networks and docker options add to a
 * container spec: small fragments merged into the specs the stages build,
 * so each feature stays a pure function tested by equality.
 */
import type { ContainerSpec } from '../docker.js';

export type HostConfig = NonNullable<ContainerSpec['HostConfig']>;

export interface SpecFragment {
  Env?: Record<string, string>;
  Labels?: Record<string, string>;
  HostConfig?: HostConfig;
  /** Networks joined at create time: name → aliases. */
  networks?: Record<string, string[]>;
}

/** Merges fragments left to right: lists (Binds, Tmpfs …) are joined, scalars overridden. */
export function mergeFragments(...parts: SpecFragment[]): SpecFragment {
  const out: SpecFragment = {};
  for (const p of parts) {
    if (p.Env) out.Env = { ...out.Env, ...p.Env };
    if (p.Labels) out.Labels = { ...out.Labels, ...p.Labels };
    if (p.HostConfig) out.HostConfig = mergeHostConfig(out.HostConfig ?? {}, p.HostConfig);
    if (p.networks) out.networks = { ...out.networks, ...p.networks };
  }
  return out;
}

function mergeHostConfig(a: HostConfig, b: HostConfig): HostConfig {
  const merged: HostConfig = { ...a, ...b };
  if (a.Binds || b.Binds) merged.Binds = [...(a.Binds ?? []), ...(b.Binds ?? [])];
  if (a.Ulimits || b.Ulimits) merged.Ulimits = [...(a.Ulimits ?? []), ...(b.Ulimits ?? [])];
  if (a.Tmpfs || b.Tmpfs) merged.Tmpfs = { ...a.Tmpfs, ...b.Tmpfs };
  if (a.LogConfig || b.LogConfig) merged.LogConfig = { Type: b.LogConfig?.Type ?? a.LogConfig?.Type ?? '', Config: { ...a.LogConfig?.Config, ...b.LogConfig?.Config } };
  return merged;
}

/** The spec with the fragment applied; the fragment's Env wins over the spec's. */
export function applyFragment(spec: ContainerSpec, f: SpecFragment | undefined): ContainerSpec {
  if (!f) return spec;
  const env = f.Env ? [...(spec.Env ?? []).filter((e) => !(e.split('=')[0] as string in (f.Env as object))), ...Object.entries(f.Env).map(([k, v]) => `${k}=${v}`)] : spec.Env;
  const hostConfig = f.HostConfig ? mergeHostConfig(spec.HostConfig ?? {}, f.HostConfig) : spec.HostConfig;
  const out: ContainerSpec = { ...spec, Env: env, HostConfig: hostConfig };
  // Berth's own labels (app, process, instance) always win over a user's.
  if (f.Labels) out.Labels = { ...f.Labels, ...spec.Labels };
  const nets = Object.entries(f.networks ?? {});
  if (nets.length) {
    const [first, aliases] = nets[0] as [string, string[]];
    out.HostConfig = { ...out.HostConfig, NetworkMode: first };
    out.NetworkingConfig = { EndpointsConfig: { [first]: { Aliases: aliases } } };
  }
  return out;
}
