import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkCertificate, coveredHosts, nameMatches } from '../../../src/tls/certificate.js';
import { makeTestCa, type TestCa } from '../../helpers/certs.js';

describe('nameMatches', () => {
  test.each([
    ['example.com', 'example.com', true],
    ['Example.COM', 'example.com', true],
    ['*.example.com', 'a.example.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['*.com', 'example.com', false],
    ['a.example.com', 'b.example.com', false],
  ])('%s vs %s', (pattern, host, expected) => {
    expect(nameMatches(pattern, host)).toBe(expected);
  });

  test('coveredHosts keeps only the hosts the names cover', () => {
    expect(coveredHosts(['*.apps.test', 'www.shop.test'], ['shop.apps.test', 'www.shop.test', 'shop.test'])).toEqual(['shop.apps.test', 'www.shop.test']);
  });
});

describe('checkCertificate (openssl-made certificates)', () => {
  let ca: TestCa;
  beforeAll(async () => {
    ca = await makeTestCa();
  }, 60_000);
  afterAll(() => ca?.remove());
  const now = () => new Date();

  test('a matching pair for one of the hosts is accepted, with its chain and info', async () => {
    const { crt, key } = await ca.issue(['shop.test', '*.shop.test']);
    const checked = checkCertificate(crt + ca.caCrt, key, ['shop.apps.test', 'www.shop.test'], now());
    expect(checked.hosts).toEqual(['www.shop.test']);
    expect(checked.info.names).toEqual(['shop.test', '*.shop.test']);
    expect(checked.info.selfSigned).toBe(false);
    expect(checked.bundle.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(checked.bundle).toContain('BEGIN PRIVATE KEY');
  });

  test('a key that does not match is refused', async () => {
    const { crt } = await ca.issue(['shop.test']);
    expect(() => checkCertificate(crt, 'not a key', ['shop.test'], now())).toThrow('the key file holds no valid unencrypted private key');
    const stray = await ca.strayKey();
    expect(() => checkCertificate(crt, stray, ['shop.test'], now())).toThrow('the key does not match the certificate');
  });

  test('a certificate for none of the hosts is refused', async () => {
    const { crt, key } = await ca.issue(['other.test', '*.other.test']);
    expect(() => checkCertificate(crt, key, ['shop.test', 'a.b.other.test'], now())).toThrow('the certificate is for other.test, *.other.test, none of shop.test, a.b.other.test');
  });

  test('the CN counts only when there is no SAN', async () => {
    const { crt, key } = await ca.issue(['cn.test'], { noSan: true });
    expect(checkCertificate(crt, key, ['cn.test'], now()).hosts).toEqual(['cn.test']);
  });

  test('expired and not yet valid certificates are refused', async () => {
    const day = 86400_000;
    const old = await ca.issue(['shop.test'], { start: new Date(Date.now() - 10 * day), end: new Date(Date.now() - day) });
    expect(() => checkCertificate(old.crt, old.key, ['shop.test'], now())).toThrow(/^the certificate expired at /);
    const early = await ca.issue(['shop.test'], { start: new Date(Date.now() + day), end: new Date(Date.now() + 10 * day) });
    expect(() => checkCertificate(early.crt, early.key, ['shop.test'], now())).toThrow(/^the certificate is not valid before /);
  });

  test('garbage is refused', () => {
    expect(() => checkCertificate('hello', 'x', ['shop.test'], now())).toThrow('the certificate file holds no PEM certificate');
  });
});
