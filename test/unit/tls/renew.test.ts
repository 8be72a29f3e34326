import { describe, expect, test } from 'vitest';
import { acmeReason, directoryUrl } from '../../../src/tls/acme.js';
import { challengeToken } from '../../../src/tls/challenges.js';
import { renewalDue } from '../../../src/tls/renew.js';

describe('renewalDue', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  const to = new Date('2026-04-01T00:00:00Z'); // 90 days
  test('a third of the life before expiry', () => {
    expect(renewalDue(from, to).toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });
  test('or the grace period, in seconds', () => {
    expect(renewalDue(from, to, 86400).toISOString()).toBe('2026-03-31T00:00:00.000Z');
  });
});

describe('challengeToken', () => {
  test.each([
    ['/.well-known/acme-challenge/abc_DEF-1', 'abc_DEF-1'],
    ['/.well-known/acme-challenge/abc?x=1', 'abc'],
    ['/.well-known/acme-challenge/../x', ''],
    ['/.well-known/acme-challenge/', ''],
    ['/app.git/info/refs', undefined],
  ])('%s', (url, token) => {
    expect(challengeToken(url)).toBe(token);
  });
});

describe('directoryUrl', () => {
  test('names and URLs', () => {
    expect(directoryUrl(undefined)).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(directoryUrl('staging')).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(directoryUrl('https://localhost:14000/dir')).toBe('https://localhost:14000/dir');
    expect(() => directoryUrl('prod')).toThrow("letsencrypt server must be default, staging or a directory URL, not 'prod'");
  });
});

describe('acmeReason', () => {
  const url = 'https://acme.test/dir';
  test.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'the ACME server at https://acme.test/dir does not answer (ECONNREFUSED)'],
    [new Error('Error creating new order :: too many certificates already issued'), 'rate limited by the ACME server: Error creating new order :: too many certificates already issued'],
    [new Error('DNS problem: NXDOMAIN looking up A for x.test'), 'no DNS record points at this host: DNS problem: NXDOMAIN looking up A for x.test'],
    [new Error('dial tcp 127.0.0.2:80: connect: connection refused'), 'the challenge at /.well-known/acme-challenge/ was not reachable: dial tcp 127.0.0.2:80: connect: connection refused'],
  ])('%s', (err, line) => {
    expect(acmeReason(err, url)).toBe(line);
  });
});
