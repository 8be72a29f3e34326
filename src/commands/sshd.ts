import { UserError } from '../core/errors.js';
import { bridgeCommand } from '../server/sshd-bridge.js';
import { sshdConfigLines } from '../sshd/config.js';
import type { CommandDef } from './types.js';

export const commands: CommandDef[] = [
  {
    name: 'sshd:config',
    summary: 'Print the sshd_config lines that hand port-22 sessions of USER (dokku) to berth',
    usage: '[--user NAME]',
    appScoped: false,
    flags: { user: 'string' },
    async run({ flags, out, err, services }) {
      const user = typeof flags.user === 'string' ? flags.user : services.settings.sshdUser || 'dokku';
      if (!/^[a-z_][a-z0-9_-]{0,31}$/.test(user)) throw new UserError(`--user: '${user}' is not a user name`);
      if (services.settings.sshdUser && services.settings.sshdUser !== user) {
        throw new UserError(`this daemon serves sshd sessions for ${services.settings.sshdUser}, not ${user} (start it with --sshd-user ${user})`);
      }
      for (const line of sshdConfigLines(bridgeCommand(services), user)) out.line(line);
      if (!services.settings.sshdUser) err.line(`note: start berth serve with --sshd-user ${user} (BERTH_SSHD_USER) so that it answers these sessions`);
    },
  },
];
