/**
 * Let's Encrypt (any ACME server) through acme-client: HTTP-01 challenges
 * answered by the daemon's own HTTP server, where the router sends every
 * `/.well-known/acme-challenge/*` request. The ACME server's CA is trusted
 * through Node's standard NODE_EXTRA_CA_CERTS.
 */
import acme from 'acme-client';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../core/errors.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { installCertificate, settingsOwner, wantedHosts } from './manage.js';
import { tlsDir } from './store.js';
import { letsencryptKey } from '../store/setting-keys.js';

export type AcmeDeps = Pick<Services, 'store' | 'settings' | 'router' | 'log' | 'challenges'>;

/** `letsencrypt:set` properties, looked up on the app, then globally. */
export const PROPERTIES = ['email', 'server', 'graceperiod'] as const;
export type Property = (typeof PROPERTIES)[number];

export function property(s: Pick<Services, 'store'>, name: string, key: Property): string | undefined {
  return s.store.settings.get(settingsOwner(name), letsencryptKey(key)) ?? s.store.settings.get(GLOBAL, letsencryptKey(key));
}

/** `default` and `staging` are Let's Encrypt's; anything else must be a directory URL. */
export function directoryUrl(server: string | undefined): string {
  if (!server || server === 'default' || server === 'production') return acme.directory.letsencrypt.production;
  if (server === 'staging') return acme.directory.letsencrypt.staging;
  if (/^https?:\/\/\S+$/.test(server)) return server;
  throw new UserError(`letsencrypt server must be default, staging or a directory URL, not '${server}'`);
}

/** Orders a certificate for the name's hosts and installs it; a failure leaves the current certificate serving. */
export async function issue(s: AcmeDeps, name: string): Promise<{ hosts: string[]; notAfter: Date }> {
  const email = property(s, name, 'email');
  if (!email) throw new UserError(`cannot request a certificate without an e-mail address: berth letsencrypt:set ${name === '_global' ? '--global' : name} email ADDRESS`);
  const url = directoryUrl(property(s, name, 'server'));
  const hosts = wantedHosts(s, name);
  const client = new acme.Client({ directoryUrl: url, accountKey: await accountKey(s.settings.home, url), backoffAttempts: 12, backoffMin: 250, backoffMax: 8000 });
  const [key, csr] = await acme.crypto.createCsr({ commonName: hosts[0], altNames: hosts });
  const started = Date.now();
  const crt = await client
    .auto({
      csr,
      email,
      termsOfServiceAgreed: true,
      // acme-client's own probe of the challenge URL hangs unless it is reachable on the port it
      // assumes (80); the ACME server validates anyway and says why when it cannot.
      skipChallengeVerification: true,
      challengePriority: ['http-01'],
      challengeCreateFn: async (_authz, challenge, keyAuthorization) => s.challenges.add(challenge.token, keyAuthorization),
      challengeRemoveFn: async (_authz, challenge) => s.challenges.remove(challenge.token),
    })
    .catch((err: unknown) => {
      throw new UserError(`the certificate order for ${hosts.join(', ')} failed: ${acmeReason(err, url)}`, { cause: err });
    });
  const checked = await installCertificate(s, name, crt, key.toString());
  s.log({ event: 'letsencrypt-issued', name, hosts, ms: Date.now() - started });
  return { hosts: checked.hosts, notAfter: checked.info.notAfter };
}

/** Revokes the stored certificate with the ACME account that ordered it. */
export async function revoke(s: AcmeDeps, name: string, crt: string): Promise<void> {
  const url = directoryUrl(property(s, name, 'server'));
  const client = new acme.Client({ directoryUrl: url, accountKey: await accountKey(s.settings.home, url), backoffAttempts: 3 });
  // The account that ordered it: found again by its key, never created here.
  const revoked = client.createAccount({ onlyReturnExisting: true }).then(() => client.revokeCertificate(crt));
  await revoked.catch((err: unknown) => {
    throw new UserError(`revoking the certificate failed: ${acmeReason(err, url)}`, { cause: err });
  });
}

/** One line saying why an order failed: no DNS, challenge not reachable, rate limit, server down. */
export function acmeReason(err: unknown, url: string): string {
  const e = err as { code?: string; message?: string };
  const detail = (e.message ?? String(err)).replace(/\s+/g, ' ').trim().slice(0, 300);
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT') return `the ACME server at ${url} does not answer (${e.code})`;
  if (/certificate|self.signed|UNABLE_TO_VERIFY/i.test(e.code ?? '')) return `the ACME server's TLS certificate is not trusted (set NODE_EXTRA_CA_CERTS): ${detail}`;
  if (/rate.?limit|too many/i.test(detail)) return `rate limited by the ACME server: ${detail}`;
  if (/DNS|NXDOMAIN|SERVFAIL|no such host|no valid A records|lookup/i.test(detail)) return `no DNS record points at this host: ${detail}`;
  if (/connect|refused|timeout|fetching|unauthorized|invalid response|404/i.test(detail)) return `the challenge at /.well-known/acme-challenge/ was not reachable: ${detail}`;
  return detail;
}

// One account key per ACME directory, kept with the certificates (0600).
async function accountKey(home: string, url: string): Promise<Buffer> {
  const dir = join(tlsDir(home), 'acme');
  const path = join(dir, `account-${createHash('sha256').update(url).digest('hex').slice(0, 16)}.key`);
  const existing = await readFile(path).catch(() => undefined);
  if (existing) return existing;
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const key = await acme.crypto.createPrivateKey();
  await writeFile(path, key, { mode: 0o600 });
  return key;
}
