/**
 * Git and berth commands over SSH (ssh2). Public keys only, with the
 * signature checked; any user name, the key decides. Exec requests run git's
 * own receive-pack/upload-pack or a berth command; there is never a shell.
 */
import ssh2 from 'ssh2';
import type { AddressInfo } from 'node:net';
import type { Principal } from '../../access/principal.js';
import type { Services } from '../../core/services.js';
import { verifyAttempt, fingerprintOf } from '../ssh-keys.js';
import { loadHostKey } from './host-key.js';
import { serveSession } from './session.js';

export async function listenSsh(s: Services, port: number, host: string): Promise<{ server: ssh2.Server; port: number }> {
  const hostKey = await loadHostKey(s.settings.home);
  const server = new ssh2.Server({ hostKeys: [hostKey], ident: 'berth' }, (client) => {
    let principal: Principal | undefined;
    client.on('error', (err) => s.log({ event: 'ssh-client-error', error: err.message }));
    client.on('authentication', (ctx) => {
      if (ctx.method !== 'publickey') return ctx.reject(['publickey']);
      const key = s.store.credentials.keyByFingerprint(fingerprintOf(ctx.key.data));
      if (!key || !verifyAttempt(key.publicKey, ctx)) {
        if (ctx.signature) s.log({ event: 'auth-failed', transport: 'ssh', user: ctx.username, fingerprint: fingerprintOf(ctx.key.data) });
        return ctx.reject(['publickey']);
      }
      if (ctx.signature) principal = { name: key.name, kind: 'key', apps: key.apps };
      ctx.accept();
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        if (principal) serveSession(accept(), principal, s);
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return { server, port: (server.address() as AddressInfo).port };
}
