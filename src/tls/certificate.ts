/**
 * Certificates as values: parse a PEM certificate chain and key, and check
 * them against the hostnames they are meant for. Pure, except for the clock,
 * which is passed in.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { UserError } from '../core/errors.js';

export interface CertificateInfo {
  /** DNS names the leaf certificate is for (SAN, or the CN when it has no SAN). */
  names: string[];
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  fingerprint: string;
  /** Issued by someone else than itself. */
  selfSigned: boolean;
}

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** The certificates of a PEM chain, leaf first. */
export function parseChain(pem: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERT) ?? [];
  if (!blocks.length) throw new UserError('the certificate file holds no PEM certificate');
  return blocks.map((b) => {
    try {
      return new X509Certificate(b);
    } catch (err) {
      throw new UserError('the certificate file holds a PEM block that is not a valid certificate', { cause: err });
    }
  });
}

export function parseKey(pem: string): KeyObject {
  try {
    return createPrivateKey(pem);
  } catch (err) {
    throw new UserError('the key file holds no valid unencrypted private key', { cause: err });
  }
}

export function describe(leaf: X509Certificate): CertificateInfo {
  return {
    names: dnsNames(leaf),
    subject: leaf.subject.replace(/\n/g, ', '),
    issuer: leaf.issuer.replace(/\n/g, ', '),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
    fingerprint: leaf.fingerprint256,
    selfSigned: leaf.checkIssued(leaf),
  };
}

/** The leaf's DNS names: its SAN DNS entries, else its CN (as old clients did). */
export function dnsNames(leaf: X509Certificate): string[] {
  const san = leaf.subjectAltName;
  if (san) {
    return san
      .split(', ')
      .filter((entry) => entry.startsWith('DNS:'))
      .map((entry) => entry.slice(4).toLowerCase());
  }
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(leaf.subject)?.[1];
  return cn ? [cn.toLowerCase()] : [];
}

/** RFC 6125: `*` stands for exactly one whole left-most label, never more. */
export function nameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (!p.startsWith('*.')) return p === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2) && p.slice(2).includes('.');
}

/** The hosts among `hosts` that the certificate's names cover. */
export function coveredHosts(names: readonly string[], hosts: readonly string[]): string[] {
  return hosts.filter((h) => names.some((n) => nameMatches(n, h)));
}

export interface Checked {
  info: CertificateInfo;
  /** Which of the wanted hosts it serves. */
  hosts: string[];
  /** Leaf, chain and key as one PEM bundle (what the router loads). */
  bundle: string;
  crt: string;
  key: string;
}

/**
 * Refuses, with one line, a key that does not match the certificate, a
 * certificate for none of `hosts`, or one outside its validity period.
 */
export function checkCertificate(crtPem: string, keyPem: string, hosts: readonly string[], now: Date): Checked {
  const chain = parseChain(crtPem);
  const leaf = chain[0] as X509Certificate;
  const key = parseKey(keyPem);
  if (!leaf.checkPrivateKey(key)) throw new UserError('the key does not match the certificate');
  const info = describe(leaf);
  if (now < info.notBefore) throw new UserError(`the certificate is not valid before ${info.notBefore.toISOString()}`);
  if (now > info.notAfter) throw new UserError(`the certificate expired at ${info.notAfter.toISOString()}`);
  const served = coveredHosts(info.names, hosts);
  if (!served.length) throw new UserError(`the certificate is for ${info.names.join(', ') || 'no DNS name'}, none of ${hosts.join(', ')}`);
  const crt = `${chain.map((c) => c.toString().trim()).join('\n')}\n`;
  const keyText = key.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { info, hosts: served, bundle: `${crt}${keyText}`, crt, key: keyText };
}
