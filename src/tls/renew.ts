/**
 * Renewal: a certificate is due when a third of its life is left, or when
 * less than its `graceperiod` (seconds, `letsencrypt:set`) is left.
 */
import { inBackground, type Services } from '../core/services.js';
import { describe, parseChain } from './certificate.js';
import { issue, property, type AcmeDeps } from './acme.js';
import { readPair } from './store.js';
import { SETTING } from '../store/setting-keys.js';

export function renewalDue(notBefore: Date, notAfter: Date, graceSeconds?: number): Date {
  const before = graceSeconds !== undefined ? graceSeconds * 1000 : (notAfter.getTime() - notBefore.getTime()) / 3;
  return new Date(notAfter.getTime() - before);
}

/** Names with letsencrypt on (apps, and `_global` for the host's own name). */
export function letsencryptNames(s: Pick<Services, 'store'>): string[] {
  const apps = s.store.apps.list().map((a) => a.name).filter((a) => s.store.settings.get(a, SETTING.letsencryptActive) === 'true');
  return s.store.settings.get('--global', SETTING.letsencryptActive) === 'true' ? ['_global', ...apps] : apps;
}

export async function certificateDates(s: Pick<Services, 'settings' | 'store'>, name: string): Promise<{ notBefore: Date; notAfter: Date; renewAt: Date } | undefined> {
  const pair = await readPair(s.settings.home, name);
  const leaf = pair && parseChain(pair.crt)[0];
  if (!leaf) return undefined;
  const { notBefore, notAfter } = describe(leaf);
  const grace = property(s, name, 'graceperiod');
  return { notBefore, notAfter, renewAt: renewalDue(notBefore, notAfter, grace === undefined ? undefined : Number(grace)) };
}

/** Renews the due ones among `names`; returns what happened to each. */
export async function renewDue(s: AcmeDeps, names: string[], now = new Date()): Promise<{ name: string; result: 'renewed' | 'not due' | string }[]> {
  const results = [];
  for (const name of names) {
    const dates = await certificateDates(s, name);
    if (dates && dates.renewAt > now) {
      results.push({ name, result: 'not due' });
      continue;
    }
    const result = await issue(s, name).then(
      () => 'renewed',
      (err: unknown) => `failed: ${(err as Error).message}`,
    );
    s.log({ event: 'letsencrypt-renew', name, result });
    results.push({ name, result });
  }
  return results;
}

/** Checks now and then every `everyMs`; unref'd, so it never keeps the daemon alive. Returns the stop function. */
export function startRenewals(s: AcmeDeps & Pick<Services, 'background'>, everyMs = 12 * 3600_000): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    const work = renewDue(s, letsencryptNames(s)).finally(() => (running = false));
    inBackground(s, 'letsencrypt-renewals', work);
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
