import { parseBuildOptions } from '../build/options.js';
import { dockerOptions } from '../build/settings.js';
import { UserError } from '../core/errors.js';
import { isAdmin } from '../access/principal.js';
import { parseRuntimeOptions } from '../runtime/options.js';
import { reportCommand } from './report.js';
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
    name: 'docker-options:clear',
    summary: 'Clear docker options of every phase, or of the phases given',
    usage: 'APP [PHASE[,PHASE…]]',
    appScoped: true,
    minArgs: 1,
    async run({ app, args, out, services }) {
      const phases = args[1] ? args[1].split(',') : PHASES;
      phases.forEach(checkPhase);
      for (const phase of phases) services.store.settings.unset(app, `docker-options.${phase}`);
      out.step(`Cleared docker-options for ${phases.join(', ')}`);
    },
  },
  reportCommand({
    name: 'docker-options:report',
    type: 'docker-options',
    summary: "Show an app's docker options",
    app: ({ services }, app) => Object.fromEntries(PHASES.map((p) => [`docker-options-${p}`, dockerOptions(services.store.settings, app, p).join(' ')])),
  }),
];

function validate(phase: string, option: string, admin: boolean): void {
  if (phase === 'build') parseBuildOptions([option]);
  else parseRuntimeOptions([option], admin);
}

function checkPhase(phase: string): void {
  if (!PHASES.includes(phase)) throw new UserError(`Phase must be one of ${PHASES.join(', ')} (got ${phase})`);
}
