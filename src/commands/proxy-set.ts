import { UserError } from '../core/errors.js';
import { redirectWanted } from '../tls/manage.js';
import { certificateSink } from '../tls/sink.js';
import { readPair } from '../tls/store.js';
import type { CommandDef } from './types.js';
import { SETTING } from '../store/setting-keys.js';

/** Proxy properties berth's TLS code owns; unset means the default. */
export const commands: CommandDef[] = [
  {
    name: 'proxy:set',
    summary: 'Set a proxy property of an app: https-redirect true|false (default true once it has a certificate)',
    usage: 'APP https-redirect [true|false]',
    appScoped: true,
    minArgs: 2,
    async run({ args, out, services }) {
      const [app, key, value] = args as [string, string, string | undefined];
      if (key !== 'https-redirect') throw new UserError(`unknown proxy property ${key} (https-redirect)`);
      if (value !== undefined && value !== 'true' && value !== 'false') throw new UserError('https-redirect is true or false');
      const hasCert = Boolean(await readPair(services.settings.home, app));
      const on = (value ?? 'true') === 'true';
      if (hasCert) await certificateSink(services).setHttpsRedirect(app, on);
      if (value === undefined) services.store.settings.unset(app, SETTING.httpsRedirect);
      else services.store.settings.set(app, SETTING.httpsRedirect, value);
      out.step(`HTTP requests to ${app} ${redirectWanted(services, app) && hasCert ? 'redirect to HTTPS' : hasCert ? 'are served over HTTP' : 'are served over HTTP (it has no certificate)'}`);
    },
  },
];
