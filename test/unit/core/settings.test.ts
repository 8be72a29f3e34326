import { describe, expect, test } from 'vitest';
import { readSettings } from '../../../src/core/settings.js';

describe('readSettings', () => {
  test('defaults as root', () => {
    const { settings } = readSettings([], {}, 0);
    expect(settings).toMatchObject({
      home: '/var/lib/berth',
      bind: '127.0.0.1',
      httpPort: 8080,
      sshPort: 2222,
      routerPort: 8000,
      routerTlsPort: 8443,
      domain: 'localhost',
      insecureHttp: false,
      socketPath: '/var/lib/berth/berth.sock',
    });
    expect(Object.isFrozen(settings)).toBe(true);
  });

  test('flags win over the environment', () => {
    const env = { BERTH_HOME: '/tmp/a', BERTH_HTTP_PORT: '9000', BERTH_DOMAIN: 'example.org' };
    const { settings, rest } = readSettings(['--home', '/tmp/b', '--http-port=0', 'extra'], env, 0);
    expect(settings.home).toBe('/tmp/b');
    expect(settings.httpPort).toBe(0);
    expect(settings.domain).toBe('example.org');
    expect(rest).toEqual(['extra']);
    expect(readSettings(['--router-tls-port', '443'], { BERTH_ROUTER_TLS_PORT: '9443' }, 0).settings.routerTlsPort).toBe(443);
    expect(readSettings([], { BERTH_ROUTER_TLS_PORT: '9443' }, 0).settings.routerTlsPort).toBe(9443);
  });

  test('leadingOnly leaves flags after the command to the command', () => {
    const { settings, rest } = readSettings(['--home', '/tmp/c', 'apps:destroy', 'x', '--domain', 'y'], {}, 0, { leadingOnly: true });
    expect(settings.home).toBe('/tmp/c');
    expect(settings.domain).toBe('localhost');
    expect(rest).toEqual(['apps:destroy', 'x', '--domain', 'y']);
  });

  test('DOCKER_HOST names the engine socket; only unix sockets', () => {
    expect(readSettings([], {}, 0).settings.dockerSocket).toBe('/var/run/docker.sock');
    expect(readSettings([], { DOCKER_HOST: 'unix:///tmp/d/docker.sock' }, 0).settings.dockerSocket).toBe('/tmp/d/docker.sock');
    expect(() => readSettings([], { DOCKER_HOST: 'tcp://10.0.0.1:2375' }, 0)).toThrow("--docker-host: 'tcp://10.0.0.1:2375' is not unix:///PATH");
  });

  test('bad values are one clear error', () => {
    expect(() => readSettings(['--http-port', 'abc'], {}, 0)).toThrow("--http-port: 'abc' is not a port number");
    expect(() => readSettings(['--router-port', '70000'], {}, 0)).toThrow(/not a port number/);
    expect(() => readSettings(['--domain', 'bad domain'], {}, 0)).toThrow(/not a domain name/);
    expect(() => readSettings(['--home'], {}, 0)).toThrow('--home needs a value');
  });
});
