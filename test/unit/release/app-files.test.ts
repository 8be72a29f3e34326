import { describe, expect, test } from 'vitest';
import { parseAppJson } from '../../../src/release/app-json.js';
import { parseProcfile } from '../../../src/release/procfile.js';

describe('parseProcfile', () => {
  test('reads types and commands; comments and blank lines are fine', () => {
    const p = parseProcfile('# the app\nweb: node server.js --port $PORT\n\nworker:   node worker.js\nrelease: ./migrate\n');
    expect([...p]).toEqual([
      ['web', 'node server.js --port $PORT'],
      ['worker', 'node worker.js'],
      ['release', './migrate'],
    ]);
  });

  test('a bad line names its number', () => {
    expect(() => parseProcfile('web: ok\nthis is not a process\n')).toThrow('Procfile line 2 is not "type: command": "this is not a process"');
    expect(() => parseProcfile('web: a\nweb: b')).toThrow('Procfile line 2: process type web is defined twice');
  });
});

describe('parseAppJson', () => {
  test("reads Dokku's scripts, healthchecks and formation with defaults", () => {
    const json = parseAppJson(
      JSON.stringify({
        scripts: { dokku: { predeploy: 'touch /tmp/x', postdeploy: 'echo done' } },
        healthchecks: { web: [{ type: 'startup', path: '/health', content: 'ok', attempts: 2 }] },
        formation: { web: { quantity: 2 }, worker: { quantity: 1 } },
      }),
    );
    expect(json).toEqual({
      predeploy: 'touch /tmp/x',
      postdeploy: 'echo done',
      healthchecks: { web: [{ type: 'startup', name: undefined, path: '/health', content: 'ok', attempts: 2, timeout: 5, wait: 1, initialDelay: 0, port: undefined, uptime: undefined }] },
      formation: { web: 2, worker: 1 },
    });
  });

  test('bad JSON and bad fields fail naming the field', () => {
    expect(() => parseAppJson('{')).toThrow(/^app.json is not valid JSON/);
    expect(() => parseAppJson('{"scripts":{"dokku":{"predeploy":3}}}')).toThrow('app.json: scripts.dokku.predeploy must be a string');
    expect(() => parseAppJson('{"healthchecks":{"web":{}}}')).toThrow('app.json: healthchecks.web must be a list of checks');
    expect(() => parseAppJson('{"healthchecks":{"web":[{"type":"sometimes"}]}}')).toThrow('app.json: healthchecks.web[0].type must be startup, readiness or liveness');
    expect(() => parseAppJson('{"formation":{"web":{"quantity":-1}}}')).toThrow('app.json: formation.web.quantity must be a number ≥ 0');
  });
});
