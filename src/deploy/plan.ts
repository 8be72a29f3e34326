/**
 * The deploy plan: everything a deploy needs, computed under the lock by pure
 * functions from what the store holds, so the pipeline only applies it.
 * `planDeploy` runs before anything is built (config and env, hosts, build
 * settings, swap settings, retention, the scheduler); `planRelease` runs once
 * the image's files are read (processes and formation, checks, release
 * tasks, the builder runtime, the web port).
 */
import { buildSettingsFrom, type BuildSettings } from '../build/settings.js';
import type { BuilderRuntime } from '../build/runtime.js';
import type { CronEntry } from '../cron/entries.js';
import { StageError } from '../core/errors.js';
import type { AppFiles } from '../release/app-files.js';
import { exposedPort, parsePortMap, webPort } from '../runtime/ports.js';
import { SETTING } from '../store/setting-keys.js';
import { planProcesses, swapSettings, type ProcessPlan, type SwapSettings } from '../swap/plan.js';
import { selectedScheduler } from '../scheduler/index.js';
import { DEFAULT_KEEP } from './retention.js';

/** What the store and the daemon's settings say, read once under the lock (deploy/facts.ts). */
export interface DeployFacts {
  app: string;
  rev: string;
  /** The `--global` config and the app's own. */
  globalConfig: Record<string, string>;
  appConfig: Record<string, string>;
  /** A rollback's config, to run with and store once live. */
  requestConfig?: Record<string, string>;
  /** Every app setting, and the `--global` row's. */
  settings: Record<string, string>;
  globalSettings: Record<string, string>;
  /** The app's own domains (domains:add). */
  domains: string[];
  /** The number of the release serving now, if any. */
  currentRelease?: number;
  /** The daemon's --domain, its drain timeout (s) and the router's HTTP port. */
  daemon: { domain: string; drainTimeout: number; routerPort: number };
}

export interface DeployPlan {
  app: string;
  rev: string;
  locked: boolean;
  /** The app config the release runs with and records. */
  config: Record<string, string>;
  /** Whether `config` replaces the stored one once live (a rollback). */
  replaceConfig: boolean;
  /** What every container gets: global config, app config, GIT_REV and SOURCE_VERSION. */
  env: Record<string, string>;
  hosts: string[];
  url: string;
  build: BuildSettings;
  swap: SwapSettings;
  /** The container port mapped by ports:set, if any (it wins over EXPOSE). */
  mappedWebPort?: number;
  retention: { keep: number };
  scheduler: string;
  /** The release serving now: what traffic goes back to if the new one fails in its uptime window. */
  currentRelease?: number;
}

export interface ReleasePlan {
  builder: BuilderRuntime;
  processes: ProcessPlan[];
  webPort: number;
  webPortSource: 'ports:set' | 'the image EXPOSEs it' | 'the default';
  /** Before the swap, in order: app.json predeploy, then the Procfile's release. */
  tasks: { name: 'predeploy' | 'release'; command: string }[];
  postdeploy?: string;
  cron: CronEntry[];
}

/** `APP.DOMAIN` for each global domain (domains:set-global, else the daemon's), then the app's own. */
export function hostsFor(app: string, globalDomains: string[], own: string[]): string[] {
  return [...globalDomains.map((d) => `${app}.${d}`), ...own];
}

export function urlFor(hosts: string[], routerPort: number): string {
  return `http://${hosts[0]}${routerPort === 80 ? '' : `:${routerPort}`}`;
}

export function planDeploy(f: DeployFacts): DeployPlan {
  const config = f.requestConfig ?? f.appConfig;
  const stored = f.globalSettings[SETTING.globalDomains];
  const hosts = hostsFor(f.app, stored ? stored.split(',') : [f.daemon.domain], f.domains);
  const maps = (JSON.parse(f.settings[SETTING.portMaps] ?? '[]') as string[]).map(parsePortMap);
  // An app's own setting, else the `--global` one (ps:set, checks:set --global).
  const layered = { ...f.globalSettings, ...f.settings };
  return {
    app: f.app,
    rev: f.rev,
    locked: f.settings[SETTING.locked] === '1',
    config,
    replaceConfig: f.requestConfig !== undefined,
    // git:set rev-env-var names the revision's variable (GIT_REV unless set).
    env: { ...f.globalConfig, ...config, [layered[SETTING.revEnvVar] || 'GIT_REV']: f.rev, SOURCE_VERSION: f.rev },
    hosts,
    url: urlFor(hosts, f.daemon.routerPort),
    build: buildSettingsFrom(f.settings, f.globalSettings),
    swap: swapSettings(layered, { waitToRetire: f.daemon.drainTimeout }),
    ...(maps[0] ? { mappedWebPort: maps[0].containerPort } : {}),
    retention: { keep: Number(f.settings[SETTING.releasesKeep] ?? DEFAULT_KEEP) },
    scheduler: selectedScheduler(f.app, { app: f.settings[SETTING.schedulerSelected], global: f.globalSettings[SETTING.schedulerSelected] }),
    ...(f.currentRelease !== undefined ? { currentRelease: f.currentRelease } : {}),
  };
}

/** What the release runs, from the plan and the image's files; refuses an image that could not start. */
export function planRelease(plan: DeployPlan, files: AppFiles): ReleasePlan {
  // The engine would answer a raw 400 ("No command specified") at swap time.
  if (files.builder.needsCommand && !files.hasCommand && !files.procfile.has('web')) {
    throw new StageError('release', 'the image has no command (CMD or ENTRYPOINT) and no Procfile web process: give it one of them');
  }
  const exposed = exposedPort(files.exposedPorts);
  const predeploy = files.appJson.predeploy;
  const release = files.procfile.get('release');
  return {
    builder: files.builder,
    processes: planProcesses(files, plan.swap),
    webPort: plan.mappedWebPort ?? webPort([], files.exposedPorts),
    webPortSource: plan.mappedWebPort !== undefined ? 'ports:set' : exposed !== undefined ? 'the image EXPOSEs it' : 'the default',
    tasks: [...(predeploy ? [{ name: 'predeploy' as const, command: predeploy }] : []), ...(release ? [{ name: 'release' as const, command: release }] : [])],
    ...(files.appJson.postdeploy ? { postdeploy: files.appJson.postdeploy } : {}),
    cron: files.appJson.cron ?? [],
  };
}
