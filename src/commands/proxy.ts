import { requireAppAccess } from '../access/principal.js';
import { requireApp } from '../apps/lifecycle.js';
import { appHosts } from '../deploy/hosts.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandContext, CommandDef } from './types.js';
import { commands as propertyCommands } from './proxy-set.js';

/** Dokku's proxy commands: berth's one proxy type is HAProxy. */
export const commands: CommandDef[] = [
  {
    name: 'proxy:report',
    summary: "Show apps' proxy settings",
    usage: '[APP] [--format json]',
    appScoped: false,
    open: true,
    flags: { format: 'string' },
    async run(ctx) {
      const { args, flags, out, services, principal } = ctx;
      const apps = args[0] ? [args[0]] : services.store.apps.list().map((a) => a.name).filter((a) => principal.apps === null || principal.apps.includes(a));
      if (args[0]) {
        requireAppAccess(principal, args[0]);
        requireApp(services, args[0]);
      }
      const reports = Object.fromEntries(apps.map((app) => [app, report(ctx, app)]));
      if (wantsJson(flags)) return printJson(out, args[0] ? reports[args[0]] : reports);
      for (const app of apps) printReport(out, `${app} proxy information`, reports[app] as Record<string, unknown>);
    },
  },
  toggle('proxy:enable', 'Route the app through the proxy again', true),
  toggle('proxy:disable', "Take the app off the proxy (its hosts answer 404; containers keep running)", false),
  ...propertyCommands,
];

function report({ services }: CommandContext, app: string): Record<string, unknown> {
  const model = services.router.state();
  const backend = model.backends.find((b) => b.app === app);
  return {
    'Proxy enabled': services.router.isEnabled(app),
    'Proxy type': 'haproxy',
    'Proxy port map': `http:${model.httpPort}:5000 https:${model.httpsPort}:5000`,
    'Proxy hosts': appHosts(services, app),
    'Proxy https redirect': model.redirects.includes(app),
    'Proxy upstreams': (backend?.servers ?? []).filter((s) => s.state !== 'maint').map((s) => `${s.upstream.host}:${s.upstream.port}${s.state === 'drain' ? ' (draining)' : ''}`),
  };
}

function toggle(name: string, summary: string, on: boolean): CommandDef {
  return {
    name,
    summary,
    usage: 'APP',
    appScoped: true,
    minArgs: 1,
    async run({ app, out, services }) {
      if (services.router.isEnabled(app) === on) return out.step(`Proxy is already ${on ? 'enabled' : 'disabled'} for ${app}`);
      out.step(`${on ? 'Enabling' : 'Disabling'} proxy for app (${app})`);
      await services.router.setEnabled(app, on);
    },
  };
}
