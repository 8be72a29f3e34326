/**
 * Every key berth keeps in `app_settings`, in one place. Keys are
 * `NAMESPACE.PROPERTY`, as Dokku's report fields are; the `--global` row
 * (store/config.ts GLOBAL) holds the global ones under the same keys.
 */
export const SETTING = {
  locked: 'apps.locked',
  deployBranch: 'git.deploy-branch',
  revEnvVar: 'git.rev-env-var',
  portMaps: 'ports.map',
  storageMounts: 'storage.mounts',
  releasesKeep: 'releases.keep',
  httpsRedirect: 'proxy.https-redirect',
  cronEntries: 'cron.entries',
  cronSuspended: 'cron.suspended',
  cacheLastUsed: 'cache.last-used',
  globalDomains: 'domains.global',
  letsencryptActive: 'letsencrypt.active',
  schedulerSelected: 'scheduler.selected',
  registryServer: 'registry.server',
  registryUsername: 'registry.username',
  registryPassword: 'registry.password',
  builderSelected: 'builder.selected',
  buildDir: 'builder.build-dir',
  dockerfilePath: 'builder-dockerfile.dockerfile-path',
  dockerfileCacheBuild: 'builder-dockerfile.cache-build',
  buildpackStack: 'buildpacks.stack',
  checksWait: 'checks.wait',
  checksWaitToRetire: 'checks.wait-to-retire',
  checksDisabled: 'checks.disabled',
  checksSkipped: 'checks.skipped',
  stopTimeout: 'ps.stop-timeout-seconds',
  restartPolicy: 'ps.restart-policy',
} as const;

/** The prefixes of keys that come in families. */
export const SETTING_PREFIX = {
  scale: 'scale.',
  resource: 'resource.',
  ps: 'ps.',
  checks: 'checks.',
  /** Per-app build cache facts; a clone does not copy them. */
  cache: 'cache.',
} as const;

/** `scale.TYPE`: how many containers of a process type (ps:scale). */
export const scaleKey = (process: string): string => `${SETTING_PREFIX.scale}${process}`;
/** `docker-options.PHASE`: the docker options of build, deploy or run. */
export const dockerOptionsKey = (phase: string): string => `docker-options.${phase}`;
/** `network.PROPERTY`: initial-network, attach-post-create, attach-post-deploy, … */
export const networkKey = (property: string): string => `network.${property}`;
/** `letsencrypt.PROPERTY`: email, server, graceperiod, … */
export const letsencryptKey = (property: string): string => `letsencrypt.${property}`;
/** `ps.PROPERTY`: restart-policy, stop-timeout-seconds. */
export const psKey = (property: string): string => `${SETTING_PREFIX.ps}${property}`;
/** `checks.PROPERTY`: wait, wait-to-retire, disabled, skipped. */
export const checksKey = (property: string): string => `${SETTING_PREFIX.checks}${property}`;
/** `resource.KIND.…`: limits and reservations. */
export const resourceKey = (kind: string): string => `${SETTING_PREFIX.resource}${kind}.`;
