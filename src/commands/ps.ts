import { requireApp } from '../apps.js';
import { restartApp, rebuildApp, currentDeploy } from '../deploy/redeploy.js';
import { ExitError, UserError, userMessage } from '../errors.js';
import { oomKilled } from '../runtime/oom.js';
import { swapSettings } from '../swap/plan.js';
import { schedulerFor } from '../scheduler/index.js';
import { DOCKER_LOCAL } from '../scheduler/docker-local.js';
import { printJson, printReport, printTable, wantsJson } from './format.js';
import type { CommandDef } from './types.js';
import type { Output } from '../output.js';
import type { Services } from '../services.js';

const PS_PROPERTIES: Record<string, (v: string) => boolean> = {
  'restart-policy': (v) => /^(no|always|unless-stopped|on-failure(:\d+)?)$/.test(v),
  'stop-timeout-seconds': (v) => /^\d+$/.test(v),
};

export const commands: CommandDef[] = [
  {
    name: 'ps:scale',
    summary: 'Show or set how many containers each process type runs (web=2 worker=1)',
    usage: 'APP [TYPE=N…] [--skip-deploy]',
    appScoped: true,
    minArgs: 1,
    flags: { 'skip-deploy': 'boolean' },
    async run({ args, flags, out, services }) {
      const [app, ...pairs] = args as [string, ...string[]];
      requireApp(services, app);
      if (!pairs.length) {
        const scale = swapSettings(services.store.settings.withPrefix(app, 'scale.')).scale;
        out.heading(`Scaling for ${app}`);
        printTable(out, ['proctype', 'qty'], Object.entries(scale).map(([p, n]) => [p, String(n)]));
        return;
      }
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
  {
    name: 'ps:set',
    summary: 'Set restart-policy or stop-timeout-seconds',
    usage: 'APP restart-policy|stop-timeout-seconds [VALUE]',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services }) {
      const [app, key, value] = args as [string, string, string | undefined];
      requireApp(services, app);
      const valid = PS_PROPERTIES[key];
      if (!valid) throw new UserError(`unknown ps property ${key} (restart-policy, stop-timeout-seconds)`);
      if (value === undefined) return services.store.settings.unset(app, `ps.${key}`);
      if (!valid(value)) throw new UserError(`invalid ${key}: ${value}`);
      services.store.settings.set(app, `ps.${key}`, value);
      out.step(`Setting ${key} to ${value}`);
    },
  },
  {
    name: 'ps:report',
    summary: "Show an app's processes and their containers",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ args, flags, out, services }) {
      const app = args[0] as string;
      requireApp(services, app);
      const current = services.store.apps.currentDeploy(app);
      const settings = swapSettings(services.store.settings.withPrefix(app, ''), { waitToRetire: services.settings.drainTimeout });
      // Through the scheduler: on a swarm the instances are tasks, each on its node.
      const scheduler = schedulerFor(services, app);
      const instances = await scheduler.list(app);
      const oom = scheduler.name === DOCKER_LOCAL ? await oomKilled(services.docker, instances) : new Set<string>();
      const rows = instances.map((i) => ({ name: i.name, process: i.process, deploy: i.deployId, state: i.state, node: i.node, oomKilled: oom.has(i.id) }));
      const report = { app, deploy: current, running: rows.some((r) => r.state === 'running'), restartPolicy: settings.restartPolicy, stopTimeoutSeconds: settings.stopTimeout, scale: settings.scale, containers: rows };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} ps information`, { Deploy: current ?? '', Running: report.running, 'Restart policy': settings.restartPolicy, 'Stop timeout': `${settings.stopTimeout}s` });
      printTable(out, ['CONTAINER', 'PROCESS', 'DEPLOY', 'STATE', 'NODE'], rows.map((r) => [r.name, r.process, String(r.deploy), r.oomKilled ? `${r.state} (OOMKilled)` : r.state, r.node]));
    },
  },
  {
    name: 'ps:restart',
    summary: 'Restart the app with a zero-downtime swap of the same image',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ args, out, services }) {
      await restartApp(services, args[0] as string, out);
    },
  },
  {
    name: 'ps:start',
    summary: 'Start a stopped app (a swap of its current image)',
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ args, out, services }) {
      await restartApp(services, args[0] as string, out, 'start');
    },
  },
  {
    name: 'ps:rebuild',
    summary: 'Rebuild the current revision and deploy it (--all: every deployed app)',
    usage: 'APP | --all',
    appScoped: true,
    flags: { all: 'boolean' },
    async run({ args, flags, out, err, services, principal }) {
      if (!flags.all) {
        if (!args[0]) throw new UserError('ps:rebuild needs an APP or --all');
        await rebuildApp(services, args[0], out, principal);
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
    async run({ args, out, services }) {
      const app = args[0] as string;
      currentDeploy(services, app);
      const release = await services.locks.acquire(app, { onWait: () => out.step(`waiting for the deploy of ${app} to finish`) });
      try {
        await services.router.removeRoute(app);
        const timeout = swapSettings(services.store.settings.withPrefix(app, 'ps.')).stopTimeout;
        await schedulerFor(services, app).stop(app, timeout, (i) => out.step(`Stopping ${i.name}`));
      } finally {
        release();
      }
    },
  },
];

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
