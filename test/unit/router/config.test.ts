import { describe, expect, test } from 'vitest';
import { commandsBetween, flatFromRuntime, flatten } from '../../../src/router/apply.js';
import { hostsMap, redirectMap, renderConfig, renderCrtList, renderMap, SERVER_CHECKS, type RouterFiles } from '../../../src/router/config.js';
import { emptyModel, structureOf, withBackupSlots, withDraining, withHosts, withRetired, withRoute, withoutRoute, type RouterModel } from '../../../src/router/model.js';
import { parseMap, parseStat } from '../../../src/router/runtime.js';

const files: RouterFiles = {
  dir: '/h/router',
  config: '/h/router/haproxy.cfg',
  pid: '/h/router/haproxy.pid',
  adminSocket: '/h/router/admin.sock',
  masterSocket: '/h/router/master.sock',
  hostsMap: '/h/router/hosts.map',
  redirectMap: '/h/router/redirect.map',
  crtList: '/h/router/crt-list',
  certsDir: '/h/router/certs',
  defaultCert: '/h/router/default.pem',
  notFoundPage: '/h/router/404.html',
};

const base = (): RouterModel => ({ ...emptyModel({ bind: '127.0.0.1', httpPort: 8000, httpsPort: 8443, daemonPort: 8080 }), backends: emptyModel({ bind: '', httpPort: 0, httpsPort: 0, daemonPort: 0 }).backends.slice(0, 1).map((b) => ({ ...b, servers: b.servers.slice(0, 2) })) });
const up = (port: number) => ({ host: '127.0.0.1', port });
/** One backend of two server slots and one backup slot. */
const withBackup = (): RouterModel => {
  const m = base();
  return { ...m, backends: m.backends.map((b) => ({ ...b, servers: [...b.servers, { name: 'b1', upstream: up(9), state: 'maint' as const, backup: true }] })) };
};

describe('router model', () => {
  test('a route takes a free slot; a switch keeps shared upstreams, adds new ones ready and drains the rest', () => {
    const one = withRoute(base(), 'web', ['Web.test.'], [up(5001)]);
    expect(one.backends[0]).toEqual({ name: 'app1', app: 'web', hosts: ['web.test'], servers: [{ name: 's1', upstream: up(5001), state: 'ready' }, { name: 's2', upstream: up(9), state: 'maint' }] });
    const two = withRoute(one, 'web', ['web.test'], [up(5002)]);
    expect(two.backends[0]?.servers).toEqual([{ name: 's1', upstream: up(5001), state: 'drain' }, { name: 's2', upstream: up(5002), state: 'ready' }]);
    expect(withRetired(two, [up(5001)]).backends[0]?.servers[0]).toEqual({ name: 's1', upstream: up(9), state: 'maint' });
  });

  test('a switch back takes the draining servers again and drains the new ones', () => {
    const two = withRoute(withRoute(base(), 'web', ['web.test'], [up(5001)]), 'web', ['web.test'], [up(5002)]);
    const back = withRoute(two, 'web', ['web.test'], [up(5001)]);
    expect(back.backends[0]?.servers).toEqual([{ name: 's1', upstream: up(5001), state: 'ready' }, { name: 's2', upstream: up(5002), state: 'drain' }]);
    expect(withRetired(back, [up(5002)]).backends[0]?.servers[1]).toEqual({ name: 's2', upstream: up(9), state: 'maint' });
  });

  test('the replaced release waits in backup slots; a switch back takes its servers again and frees them', () => {
    const one = withRoute(withBackup(), 'web', ['web.test'], [up(5001)]);
    const two = withRoute(one, 'web', ['web.test'], [up(5002)], [up(5001)]);
    expect(two.backends[0]?.servers).toEqual([
      { name: 's1', upstream: up(5001), state: 'drain' },
      { name: 's2', upstream: up(5002), state: 'ready' },
      { name: 'b1', upstream: up(5001), state: 'ready', backup: true },
    ]);
    const back = withRoute(two, 'web', ['web.test'], [up(5001)]);
    expect(back.backends[0]?.servers).toEqual([
      { name: 's1', upstream: up(5001), state: 'ready' },
      { name: 's2', upstream: up(5002), state: 'drain' },
      { name: 'b1', upstream: up(9), state: 'maint', backup: true },
    ]);
  });

  test('after the uptime window the backups drain with the old release and their slots come back', () => {
    const two = withRoute(withRoute(withBackup(), 'web', ['web.test'], [up(5001)]), 'web', ['web.test'], [up(5002)], [up(5001)]);
    const draining = withDraining(two, [up(5001)]);
    expect(draining.backends[0]?.servers.map((s) => s.state)).toEqual(['drain', 'ready', 'drain']);
    expect(withRetired(draining, [up(5001)]).backends[0]?.servers.map((s) => [s.name, s.upstream.port, s.state])).toEqual([
      ['s1', 9, 'maint'],
      ['s2', 5002, 'ready'],
      ['b1', 9, 'maint'],
    ]);
  });

  test('backup slots: new backends have four, saved ones without get them, and running out grows them', () => {
    expect(emptyModel({ bind: '', httpPort: 0, httpsPort: 0, daemonPort: 0 }).backends[0]?.servers.filter((s) => s.backup).map((s) => s.name)).toEqual(['b1', 'b2', 'b3', 'b4']);
    const saved = base();
    const upgraded = withBackupSlots(saved);
    expect(upgraded.backends[0]?.servers.map((s) => s.name)).toEqual(['s1', 's2', 'b1', 'b2', 'b3', 'b4']);
    expect(structureOf(upgraded)).not.toBe(structureOf(saved));
    expect(withBackupSlots(upgraded)).toEqual(upgraded);
    const grown = withRoute(withBackup(), 'web', ['web.test'], [up(3)], [up(1), up(2)]);
    expect(grown.backends[0]?.servers.filter((s) => s.backup).map((s) => [s.name, s.upstream.port, s.state])).toEqual([
      ['b1', 1, 'ready'],
      ['b2', 2, 'ready'],
      ['b3', 9, 'maint'],
      ['b4', 9, 'maint'],
      ['b5', 9, 'maint'],
    ]);
  });

  test('slots running out grow the model: a structural change', () => {
    const full = withRoute(withRoute(base(), 'web', ['web.test'], [up(1), up(2)]), 'web', ['web.test'], [up(3)]);
    expect(full.backends[0]?.servers.length).toBe(10);
    expect(structureOf(full)).not.toBe(structureOf(base()));
    const other = withRoute(full, 'api', ['api.test'], [up(4)]);
    expect(other.backends.map((b) => b.app)).toEqual(['web', 'api', ...Array(15).fill(undefined)]);
  });

  test('removing a route frees its slot and hosts; hosts changes keep servers; drain marks ready servers', () => {
    const one = withRoute(base(), 'web', ['web.test'], [up(5001)]);
    expect(withHosts(one, 'web', ['a.test']).backends[0]?.hosts).toEqual(['a.test']);
    expect(withoutRoute(one, 'web').backends[0]).toEqual({ name: 'app1', hosts: [], servers: [{ name: 's1', upstream: up(5001), state: 'maint' }, { name: 's2', upstream: up(9), state: 'maint' }] });
    expect(withDraining(one, [up(5001)]).backends[0]?.servers[0]?.state).toBe('drain');
  });
});

describe('router config', () => {
  test('renders haproxy.cfg exactly', () => {
    const model = { ...withRoute(withBackup(), 'web', ['web.test'], [up(5001)]), ownHosts: ['berth.test'], redirects: ['web'] };
    const text = renderConfig(model, files, { httpRequestMs: 5000, connectionsPerClient: 50 });
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual(['# Written by berth from its state; edits are lost on the next change.', 'global', '  master-worker', '  stats socket /h/router/admin.sock mode 600 level admin expose-fd listeners', '  stats timeout 2m', '  hard-stop-after 10m']);
    expect(lines).toContain('  timeout http-request 5000ms');
    expect(lines).toContain('  tcp-request connection reject if { sc0_conn_cur gt 50 }');
    expect(lines).toContain('  bind 127.0.0.1:8443 ssl crt /h/router/default.pem crt-list /h/router/crt-list alpn h2,http/1.1');
    expect(lines).toContain('  http-request redirect location https://%[var(txn.host)]:8443%[capture.req.uri] code 301 if !acme { var(txn.host),map(/h/router/redirect.map) -m found }');
    expect(lines).toContain('  use_backend %[var(txn.host),map(/h/router/hosts.map)]');
    expect(text.slice(text.indexOf('\nbackend berth_http') + 1)).toBe(
      [
        'backend berth_http',
        '  server daemon 127.0.0.1:8080',
        '',
        'backend app1 # web',
        `  server s1 127.0.0.1:5001 ${SERVER_CHECKS}`,
        `  server s2 127.0.0.1:9 disabled ${SERVER_CHECKS}`,
        `  server b1 127.0.0.1:9 backup disabled ${SERVER_CHECKS}`,
        '',
      ].join('\n'),
    );
    expect(SERVER_CHECKS).toBe('check inter 2s fastinter 250ms downinter 500ms rise 1 fall 2 observe layer4 error-limit 1 on-error mark-down');
    expect(renderMap(hostsMap(model))).toBe('berth.test berth_http\nweb.test app1\n');
    expect(renderMap(redirectMap(model))).toBe('web.test 1\n');
    expect(renderCrtList({ ...model, certs: { web: ['web.test', 'www.web.test'], b: [] } }, files)).toBe('/h/router/certs/b.pem\n/h/router/certs/web.pem web.test www.web.test\n');
  });

  test('an app without a ready server, or disabled, is not in the hosts map', () => {
    const model = withRoute(base(), 'web', ['web.test'], []);
    expect(renderMap(hostsMap(model))).toBe('');
    expect(renderMap(hostsMap({ ...withRoute(base(), 'web', ['web.test'], [up(1)]), disabled: ['web'] }))).toBe('');
  });
});

describe('runtime commands', () => {
  test('new servers first, then maps, then old servers drained', () => {
    const one = withRoute(base(), 'web', ['web.test'], [up(5001)]);
    const two = withRoute(one, 'web', ['web.test', 'www.test'], [up(5002)]);
    expect(commandsBetween(flatten(one), flatten(two), files).map((c) => c.command)).toEqual([
      'set server app1/s2 addr 127.0.0.1 port 5002',
      'set server app1/s2 state ready',
      'add map /h/router/hosts.map www.test app1',
      'set server app1/s1 state drain',
    ]);
    expect(commandsBetween(flatten(two), flatten(withoutRoute(two, 'web')), files).map((c) => c.command)).toEqual([
      'del map /h/router/hosts.map web.test',
      'del map /h/router/hosts.map www.test',
      'set server app1/s1 state maint',
      'set server app1/s2 state maint',
    ]);
    expect(commandsBetween(flatten(two), flatten(two), files)).toEqual([]);
  });

  test('from the running state read through the socket', () => {
    const stat = '# pxname,svname,qcur,qmax,scur,smax,slim,stot,status,addr\nberth_http,daemon,0,0,0,0,,3,no check,127.0.0.1:8080\napp1,s1,0,0,2,3,,9,DRAIN,127.0.0.1:5001\napp1,BACKEND,0,0,2,3,,9,UP,\napp1,s2,0,0,0,0,,0,MAINT,127.0.0.1:9\n';
    const stats = parseStat(stat);
    expect(stats).toEqual([
      { backend: 'berth_http', server: 'daemon', current: 0, status: 'no check', addr: '127.0.0.1:8080', total: 3 },
      { backend: 'app1', server: 's1', current: 2, status: 'DRAIN', addr: '127.0.0.1:5001', total: 9 },
      { backend: 'app1', server: 's2', current: 0, status: 'MAINT', addr: '127.0.0.1:9', total: 0 },
    ]);
    const hosts = parseMap('0x55d1c0 web.test app1\n0x55d1c8 old.test app1\n\n');
    expect([...hosts]).toEqual([['web.test', 'app1'], ['old.test', 'app1']]);
    const want = withRoute(base(), 'web', ['web.test'], [up(5003)]);
    expect(commandsBetween(flatFromRuntime(stats, hosts, new Map()), flatten(want), files).map((c) => c.command)).toEqual([
      'set server app1/s1 addr 127.0.0.1 port 5003',
      'set server app1/s1 state ready',
      'del map /h/router/hosts.map old.test',
    ]);
  });
});
