import { UserError } from '../core/errors.js';
import { haproxyVersion } from '../router/haproxy.js';
import { masterPid } from '../router/process.js';
import { ask, follow, parseInfo } from '../router/runtime.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

/** Dokku's haproxy plugin commands, for berth's one HAProxy (the router of this home). */
export const commands: CommandDef[] = [
  {
    name: 'haproxy:report',
    summary: "Show the router's state (HAProxy)",
    usage: '[--format json]',
    appScoped: false,
    flags: { format: 'string' },
    async run({ flags, out, services }) {
      const router = services.router;
      const running = await router.running();
      const info = running ? parseInfo(await ask(router.files.adminSocket, 'show info')) : {};
      const model = router.state();
      const report = {
        'Haproxy running': running,
        'Haproxy version': await haproxyVersion().catch(() => 'not installed'),
        'Haproxy pid': (await masterPid(router.files)) ?? '',
        'Haproxy worker pid': info.Pid ?? '',
        'Haproxy uptime': info.Uptime ?? '',
        'Haproxy current connections': info.CurrConns ?? '',
        'Haproxy http port': model.httpPort,
        'Haproxy https port': model.httpsPort,
        'Haproxy config': router.files.config,
        'Haproxy admin socket': router.files.adminSocket,
        'Haproxy routed apps': model.backends.filter((b) => b.app).map((b) => b.app as string),
        'Haproxy backend slots': model.backends.length,
        'Haproxy certificates': Object.keys(model.certs),
      };
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, 'haproxy information', report);
    },
  },
  {
    name: 'haproxy:start',
    summary: "Start the router if it isn't running",
    usage: '',
    appScoped: false,
    async run({ out, services }) {
      out.step((await services.router.startProcess()) ? 'Starting haproxy' : 'haproxy is already running');
    },
  },
  {
    name: 'haproxy:stop',
    summary: 'Stop the router (every app stops answering)',
    usage: '',
    appScoped: false,
    async run({ out, services }) {
      out.step((await services.router.stopProcess()) ? 'Stopped haproxy' : 'haproxy is not running');
    },
  },
  {
    name: 'haproxy:show-config',
    summary: "Print the router's haproxy.cfg",
    usage: '',
    appScoped: false,
    async run({ out, services }) {
      out.line((await services.router.configText()).trimEnd());
    },
  },
  {
    name: 'haproxy:logs',
    summary: "Show the router's log (-t follows it until you leave)",
    usage: '[-t|--tail] [-n NUM]',
    appScoped: false,
    flags: { tail: 'boolean', num: 'string' },
    aliases: { '-t': 'tail', '-n': 'num' },
    async run({ flags, out, services, signal }) {
      const sock = services.router.files.adminSocket;
      if (!(await services.router.running())) throw new UserError('haproxy is not running (haproxy:start)');
      const num = flags.num === undefined ? 100 : Number(flags.num);
      if (!Number.isInteger(num) || num < 0) throw new UserError(`-n: '${String(flags.num)}' is not a number of lines`);
      const lines = (await ask(sock, 'show events berth')).split('\n').filter(Boolean);
      for (const line of lines.slice(-num || lines.length)) out.line(line);
      if (!flags.tail) return;
      let rest = '';
      await follow(sock, 'show events berth -w -n', (text) => {
        const parts = (rest + text).split('\n');
        rest = parts.pop() ?? '';
        for (const line of parts) if (line) out.line(line);
      }, signal);
    },
  },
];
