/**
 * What the certificate code needs from the router. The HAProxy router
 * (src/router/) implements it; this is the one place it is wired to
 * `s.router`, so the certificate code needs nothing else of the router.
 */
import type { Services } from '../core/services.js';

export interface CertificateSink {
  /** Loads or replaces a certificate (PEM chain + key) served by SNI for `hosts`, without a reload. */
  setCertificate(name: string, hosts: string[], pemBundle: string): Promise<void> | void;
  removeCertificate(name: string): Promise<void> | void;
  /** HTTP requests for the app's hosts are redirected to HTTPS (ACME challenges excepted). */
  setHttpsRedirect(app: string, on: boolean): Promise<void> | void;
}

export function certificateSink(s: Pick<Services, 'router'>): CertificateSink {
  return s.router;
}
