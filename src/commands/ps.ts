import { restartApp, rebuildApp, currentDeploy } from '../deploy/redeploy.js';
import { ExitError, UserError, userMessage } from '../core/errors.js';
import { SWAP_DEFAULTS, swapSettings } from '../swap/plan.js';
import { schedulerFor } from '../scheduler/index.js';
import { propertySetter } from './properties.js';
import { globalSetting, layeredSetting, reportCommand } from './report.js';
import type { CommandDef } from './types.js';
import type { Output } from '../core/output.js';
import type { Services } from '../core/services.js';
import { SETTING_PREFIX } from '../store/setting-keys.js';

const RESTART_POLICY = /^(no|always|unless-stopped|on-failure(:\d+)?)$/;

export const commands: CommandDef[] = [
  {
    name: 'ps:scale',
    summary: 'Show or set how many containers each process type runs (web=2 worker=1)',
    usage: 'APP [TYPE=N…] [--skip-deploy] [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { 'skip-deploy': 'boolean', format: 'string' },
    async run({ app, args, flags, out, services }) {
      const pairs = args.slice(1);
      if (!pairs.length) return scaleReport(services, app, out, flags.format as string | undefined);
      for (const pair of pairs) {
        const m = /^([A-Za-z0-9_-]+)=(\d+)$/.exec(pair);
        if (!m || m[1] === 'release') throw new UserError(`'${pair}' is not TYPE=N (release is a task and cannot be scaled)`);
      }
      for (const pair of pairs) {
        const [type, n] = pair.split('=') as [string, string];
        services.store.settings.set(app, `scale.${type}`, n);
      }
      out.step(`Scaling ${app} processes: ${pairs.join(' ')}`);
      if (!flags['skip-deploy'] && services.store.apps.currentDeploy(app) !== null) await restartApp(services, app, out, 'scale');
    },
  },
  propertySetter({
    name: 'ps:set',
    summary: 'Set restart-policy or stop-timeout-seconds (of an app or --global)',
    global: true,
    properties: {
      'restart-policy': (v) => RESTART_POLICY.test(v) || 'Invalid restart-policy specified',
      'stop-timeout-seconds': (v) => /^\d+$/.test(v) || 'Invalid stop-timeout-seconds specified',
    },
  }),
  reportCommand({
    name: 'ps:report',
    type: 'ps',
    summary: "Show an app's processes, their containers and settings",
    async app({ services }, app) {
      const current = services.store.apps.currentDeploy(app);
      // Through the scheduler: on a swarm the instances are tasks, each on its node.
      const scheduler = schedulerFor(services, app);
      const instances = await scheduler.list(app);
      const running = instances.filter((i) => i.state === 'running').length;
      const where = (node: string | undefined) => (node ? `, node ${node}` : '');
      const status = Object.fromEntries(instances.map((i) => [`status-${i.name}`, `${i.oomKilled ? `${i.state} (OOMKilled)` : i.state} (CID: ${i.id.slice(0, 12)}${where(i.node)})`]));
      return {
        deployed: String(current !== null),
        processes: String(instances.length),
        'ps-can-scale': 'true',
        running: instances.length === 0 ? 'false' : running === instances.length ? 'true' : 'mixed',
        ...layeredSetting(services, app, 'ps', 'restart-policy', SWAP_DEFAULTS.restartPolicy),
        ...layeredSetting(services, app, 'ps', 'stop-timeout-seconds', String(SWAP_DEFAULTS.stopTimeout)),
        ...status,
      };
    },
    global: ({ services }) => ({
      ...globalSetting(services, 'ps', 'restart-policy', SWAP_DEFAULTS.restartPolicy),
      ...globalSetting(services, 'ps', 'stop-timeout-seconds', String(SWAP_DEFAULTS.stopTimeout)),
    }),
  }),
  {
    name: 'ps:restart',
    summary: 'Restart the app with a zero-downtime swap of the same image',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      await restartApp(services, app, out);
    },
  },
  {
    name: 'ps:start',
    summary: 'Start a stopped app (a swap of its current image)',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      await restartApp(services, app, out, 'start');
    },
  },
  {
    name: 'ps:rebuild',
    summary: 'Rebuild the current revision and deploy it (--all: every deployed app)',
    usage: 'APP | --all',
    appScoped: true,
    appOptional: true,
    flags: { all: 'boolean' },
    async run({ app, args, flags, out, err, services, principal }) {
      if (!flags.all) {
        if (!app) throw new UserError('ps:rebuild needs an APP or --all');
        await rebuildApp(services, app, out, principal);
        return;
      }
      if (args.length) throw new UserError('ps:rebuild takes an APP or --all, not both');
      return rebuildAll(services, out, err);
    },
  },
  {
    name: 'ps:stop',
    summary: "Stop the app's containers (it stops answering)",
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      currentDeploy(services, app);
      const release = await services.locks.acquire(app, { onWait: () => out.step(`waiting for the deploy of ${app} to finish`) });
      try {
        await services.router.removeRoute(app);
        const timeout = swapSettings(services.store.settings.effective(app, SETTING_PREFIX.ps)).stopTimeout;
        await schedulerFor(services, app).stop(app, timeout, (i) => out.step(`Stopping ${i.name}`));
      } finally {
        release();
      }
    },
  },
];

// Dokku's formation table (`web:  1`), or `[{"process_type":"web","quantity":1}]`.
function scaleReport(s: Services, app: string, out: Output, format: string | undefined): void {
  const stored = swapSettings(s.store.settings.withPrefix(app, SETTING_PREFIX.scale)).scale;
  const scale = Object.entries({ web: 1, ...stored }).sort(([a], [b]) => a.localeCompare(b));
  if (format === 'json') return out.line(JSON.stringify(scale.map(([type, n]) => ({ process_type: type, quantity: n }))));
  if (format !== undefined && format !== 'stdout') throw new UserError('Invalid --format value specified');
  out.step(`Scaling for ${app}`);
  const rows = [['proctype', 'qty'], ['--------', '---']];
  for (const row of out.quiet ? [] : rows) out.line(`${`${row[0]}:`.padEnd(5)} ${row[1]}`);
  for (const [type, n] of scale) out.line(`${`${type}:`.padEnd(5)} ${n}`);
}

// One app after another, as Dokku does; a failure is reported and the rest still rebuild.
async function rebuildAll(services: Services, out: Output, err: Output): Promise<number> {
  const apps = services.store.apps.list().filter((a) => services.store.apps.currentDeploy(a.name) !== null);
  const failed: string[] = [];
  for (const { name } of apps) {
    out.heading(`Rebuilding ${name}`);
    await rebuildApp(services, name, out).catch((e: unknown) => {
      // The pipeline has shown its own failures; anything earlier is shown here.
      if (!(e instanceof ExitError)) out.error(userMessage(e));
      failed.push(name);
    });
  }
  if (failed.length) err.error(`rebuilding failed for ${failed.join(', ')}`);
  return failed.length ? 1 : 0;
}
