import { parseBuildOptions } from '../build/options.js';
import { dockerOptions } from '../build/settings.js';
import { UserError } from '../errors.js';
import { isAdmin } from '../access.js';
import { parseRuntimeOptions } from '../runtime/options.js';
import { printJson, printReport, wantsJson } from './format.js';
import type { CommandDef } from './types.js';

const PHASES = ['build', 'deploy', 'run'];

export const commands: CommandDef[] = [
  {
    name: 'docker-options:add',
    summary: 'Add docker options for phases (build: --build-arg, --label, --target, --no-cache; deploy, run: see README)',
    usage: 'APP PHASE[,PHASE…] OPTION…',
    appScoped: true,
    minArgs: 3,
    rawTail: true,
    async run({ args, out, services, principal }) {
      const [app, phaseList, ...rest] = args as [string, string, ...string[]];
      const phases = phaseList.split(',');
      phases.forEach(checkPhase);
      const option = rest.join(' ');
      // Checked for every phase before any is stored: a refusal changes nothing.
      for (const phase of phases) validate(phase, option, isAdmin(principal));
      for (const phase of phases) {
        const list = [...dockerOptions(services.store.settings, app, phase), option];
        services.store.settings.set(app, `docker-options.${phase}`, JSON.stringify(list));
        out.step(`Added ${option} to the ${phase} options`);
      }
    },
  },
  {
    name: 'docker-options:remove',
    summary: 'Remove docker options for a phase',
    usage: 'APP PHASE[,PHASE…] OPTION…',
    appScoped: true,
    minArgs: 3,
    rawTail: true,
    async run({ args, out, services }) {
      const [app, phaseList, ...rest] = args as [string, string, ...string[]];
      const phases = phaseList.split(',');
      phases.forEach(checkPhase);
      const option = rest.join(' ');
      for (const phase of phases) {
        const list = dockerOptions(services.store.settings, app, phase);
        if (!list.includes(option)) throw new UserError(`${option} is not among the ${phase} options`);
      }
      for (const phase of phases) {
        const list = dockerOptions(services.store.settings, app, phase);
        services.store.settings.set(app, `docker-options.${phase}`, JSON.stringify(list.filter((o) => o !== option)));
        out.step(`Removed ${option} from the ${phase} options`);
      }
    },
  },
  {
    name: 'docker-options:report',
    summary: "Show an app's docker options",
    usage: 'APP [--format json]',
    appScoped: true,
    minArgs: 1,
    flags: { format: 'string' },
    async run({ app, flags, out, services }) {
      const report = Object.fromEntries(PHASES.map((p) => [p, dockerOptions(services.store.settings, app, p)]));
      if (wantsJson(flags)) return printJson(out, report);
      printReport(out, `${app} docker options information`, report);
    },
  },
];

function validate(phase: string, option: string, admin: boolean): void {
  if (phase === 'build') parseBuildOptions([option]);
  else parseRuntimeOptions([option], admin);
}

function checkPhase(phase: string): void {
  if (!PHASES.includes(phase)) throw new UserError(`unsupported phase ${phase}: berth takes docker options for ${PHASES.join(', ')}`);
}
