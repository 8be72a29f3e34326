import { describe, expect, test } from 'vitest';
import { checkHostname, defaultAddressHolder, reservedCandidates, reservedFor } from '../../../src/apps/hostnames.js';

const held: Record<string, string> = { 'shop.example.com': 'shop', 'app3.localhost': 'legacy' };
const facts = (tenant: boolean) => ({ globals: ['localhost', 'apps.example.com'], holder: (d: string) => held[d], tenant, exists: (a: string) => ['app2', 'test.app'].includes(a) });

describe('checkHostname', () => {
  test.each([
    ['app1.localhost', 'app1'],
    ['api.app1.localhost', 'app1'],
    ['app1.apps.example.com', 'app1'],
    ['www.app1.org', 'app1'],
    ['shop.example.com', 'shop'],
  ])('%s may be claimed by %s', (domain, app) => {
    expect(() => checkHostname(domain, app, facts(true))).not.toThrow();
  });

  test.each([
    ['app3.localhost', 'app1', true, 'app3.localhost is already a domain of app legacy'],
    ['app2.localhost', 'app1', true, 'app2.localhost is reserved for app app2'],
    ['x.app2.localhost', 'app1', true, 'x.app2.localhost is reserved for app app2'],
    ['app2.apps.example.com', 'app1', false, 'reserved for app app2'],
    ['shop.example.com', 'app1', false, 'shop.example.com is already a domain of app shop'],
    ['localhost', 'app1', true, 'localhost is the global domain; only an admin may give it to an app'],
    ['apps.example.com', 'app1', true, 'is the global domain'],
    ['*.example.org', 'app1', true, 'wildcard domains (*.example.org) may only be added by an admin'],
    ['*.localhost', 'app1', true, 'wildcard domains'],
    ['*.app2.localhost', 'app1', false, 'reserved for app app2'],
  ])('%s for %s (tenant %s) is refused', (domain, app, tenant, message) => {
    expect(() => checkHostname(domain, app, facts(tenant))).toThrow(message);
  });

  test("admins may take the default address of an app that does not exist; dotted app names own theirs", () => {
    expect(() => checkHostname('www.test.app.localhost', 'app1', facts(false))).toThrow('reserved for app test.app');
    expect(() => checkHostname('www.nope.localhost', 'app1', facts(false))).not.toThrow();
    expect(() => checkHostname('www.nope.localhost', 'app1', facts(true))).toThrow('reserved for app nope');
    expect(() => checkHostname('www.test.app.localhost', 'test.app', facts(true))).not.toThrow();
    expect(reservedCandidates('x.b.c.localhost', 'localhost')).toEqual(['c', 'b.c', 'x.b.c']);
  });

  test('admins may use the global domain and wildcards', () => {
    expect(() => checkHostname('localhost', 'app1', facts(false))).not.toThrow();
    expect(() => checkHostname('*.example.org', 'app1', facts(false))).not.toThrow();
  });

  test('reservedFor and defaultAddressHolder', () => {
    expect(reservedFor('a.b.localhost', 'localhost')).toBe('b');
    expect(reservedFor('localhost', 'localhost')).toBeUndefined();
    expect(reservedFor('notlocalhost', 'localhost')).toBeUndefined();
    expect(defaultAddressHolder('app3', ['localhost'], (d) => held[d])).toEqual({ host: 'app3.localhost', app: 'legacy' });
    expect(defaultAddressHolder('app4', ['localhost'], (d) => held[d])).toBeUndefined();
  });
});
