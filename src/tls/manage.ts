/**
 * Installing, removing and reloading certificates: checked, handed to the
 * router, then stored. A refused certificate changes nothing.
 */
import { appHosts, globalDomains } from '../deploy/hosts.js';
import type { Services } from '../core/services.js';
import { GLOBAL } from '../store/config.js';
import { checkCertificate, coveredHosts, describe, parseChain, type Checked } from './certificate.js';
import { certificateSink } from './sink.js';
import { GLOBAL_CERT, readPair, removePair, storedNames, writePair } from './store.js';
import { SETTING } from '../store/setting-keys.js';

type Deps = Pick<Services, 'store' | 'settings' | 'router' | 'log'>;

/** The hostnames a certificate name may serve: the app's hosts, or the global domains for the host's own name. */
export function wantedHosts(s: Deps, name: string): string[] {
  return name === GLOBAL_CERT ? globalDomains(s) : appHosts(s, name);
}

/** `proxy:set APP https-redirect false` turns the redirect off; it is on by default once the app has a certificate. */
export function redirectWanted(s: Pick<Services, 'store'>, app: string): boolean {
  return s.store.settings.get(app, SETTING.httpsRedirect) !== 'false';
}

/**
 * Checks the pair against the name's hosts, loads it into the router and
 * stores it. Only the hosts the certificate covers are given to SNI, so a
 * wildcard certificate cannot capture another app's hosts.
 */
export async function installCertificate(s: Deps, name: string, crt: string, key: string): Promise<Checked> {
  const checked = checkCertificate(crt, key, wantedHosts(s, name), new Date());
  const sink = certificateSink(s);
  await sink.setCertificate(name, checked.hosts, checked.bundle);
  await writePair(s.settings.home, name, { crt: checked.crt, key: checked.key });
  if (name !== GLOBAL_CERT) await sink.setHttpsRedirect(name, redirectWanted(s, name));
  s.log({ event: 'certificate-installed', name, hosts: checked.hosts, notAfter: checked.info.notAfter.toISOString() });
  return checked;
}

export async function removeCertificate(s: Deps, name: string): Promise<void> {
  const sink = certificateSink(s);
  if (name !== GLOBAL_CERT) await sink.setHttpsRedirect(name, false);
  await sink.removeCertificate(name);
  await removePair(s.settings.home, name);
  s.log({ event: 'certificate-removed', name });
}

/** Removes the app's certificate, if it has one (the app is being destroyed). */
export async function forgetCertificate(s: Deps, name: string): Promise<void> {
  if (await readPair(s.settings.home, name)) await removeCertificate(s, name);
}

/** Loads every stored certificate into the router (at start, and after a domain change). */
export async function loadCertificates(s: Deps): Promise<void> {
  for (const name of await storedNames(s.settings.home)) {
    await reloadCertificate(s, name).catch((err: unknown) => s.log({ event: 'certificate-load-failed', name, error: String(err) }));
  }
}

export async function reloadCertificate(s: Deps, name: string): Promise<void> {
  const pair = await readPair(s.settings.home, name);
  if (!pair) return;
  if (name !== GLOBAL_CERT && !s.store.apps.get(name)) return;
  const info = describe(parseChain(pair.crt)[0] as NonNullable<ReturnType<typeof parseChain>[0]>);
  const hosts = coveredHosts(info.names, wantedHosts(s, name));
  const sink = certificateSink(s);
  // Covering none of the current hosts, it is kept on disk but served for nothing.
  if (hosts.length) await sink.setCertificate(name, hosts, `${pair.crt}${pair.key}`);
  else await sink.removeCertificate(name);
  if (name !== GLOBAL_CERT) await sink.setHttpsRedirect(name, hosts.length > 0 && redirectWanted(s, name));
  if (info.notAfter < new Date()) s.log({ event: 'certificate-expired', name, notAfter: info.notAfter.toISOString() });
}

/** The store key for a name's settings: the app, or the global row. */
export function settingsOwner(name: string): string {
  return name === GLOBAL_CERT ? GLOBAL : name;
}
