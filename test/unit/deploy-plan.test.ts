import { describe, expect, test } from 'vitest';
import { dockerfileRuntime, herokuishRuntime, nullRuntime } from '../../src/build/runtime.js';
import { planDeploy, planRelease, type DeployFacts } from '../../src/deploy/plan.js';
import type { AppFiles } from '../../src/release/app-files.js';

const facts: DeployFacts = {
  app: 'shop',
  rev: 'abc1234def',
  globalConfig: { G: '1', A: 'global' },
  appConfig: { A: 'app' },
  settings: { 'scale.worker': '2', 'checks.wait': '0', 'ps.restart-policy': 'always', 'releases.keep': '3', 'ports.map': '["http:80:3000"]', 'builder.selected': 'dockerfile' },
  globalSettings: { 'domains.global': 'a.test,b.test', 'buildpacks.stack': 'stack:9' },
  domains: ['shop.example'],
  currentRelease: 4,
  daemon: { domain: 'berth.local', drainTimeout: 30, routerPort: 8080 },
};

describe('planDeploy', () => {
  test('one value with config, env, hosts, build and swap settings, retention and scheduler', () => {
    expect(planDeploy(facts)).toEqual({
      app: 'shop',
      rev: 'abc1234def',
      locked: false,
      config: { A: 'app' },
      replaceConfig: false,
      env: { G: '1', A: 'app', GIT_REV: 'abc1234def', SOURCE_VERSION: 'abc1234def' },
      hosts: ['shop.a.test', 'shop.b.test', 'shop.example'],
      url: 'http://shop.a.test:8080',
      build: { selected: 'dockerfile', buildDir: undefined, dockerfilePath: 'Dockerfile', options: { buildargs: {}, labels: {}, nocache: false, target: undefined }, stack: 'stack:9' },
      swap: { scale: { worker: 2 }, checksWait: 0, waitToRetire: 30, stopTimeout: 30, restartPolicy: 'always', unchecked: [] },
      mappedWebPort: 3000,
      retention: { keep: 3 },
      scheduler: 'docker-local',
      currentRelease: 4,
    });
  });

  test("a rollback's config replaces the stored one; defaults without settings", () => {
    const plan = planDeploy({ ...facts, requestConfig: { A: 'old' }, settings: { 'apps.locked': '1', 'scheduler.selected': 'docker-local' }, globalSettings: {}, domains: [], daemon: { ...facts.daemon, routerPort: 80 } });
    expect([plan.locked, plan.config, plan.replaceConfig, plan.env.A, plan.hosts, plan.url, plan.retention, plan.mappedWebPort, plan.build.stack]).toEqual([
      true,
      { A: 'old' },
      true,
      'old',
      ['shop.berth.local'],
      'http://shop.berth.local',
      { keep: 5 },
      undefined,
      'gliderlabs/herokuish:latest-24',
    ]);
  });
});

const check = { type: 'startup' as const, path: '/health', attempts: 3, timeout: 5, wait: 1, initialDelay: 0 };

const files = (over: Partial<AppFiles> = {}): AppFiles => ({
  procfile: new Map([
    ['web', 'node server.js'],
    ['worker', 'node worker.js'],
    ['release', 'node migrate.js'],
  ]),
  appJson: { healthchecks: { web: [check] }, formation: { web: 2 }, predeploy: 'echo pre', postdeploy: 'echo post', cron: [] },
  builder: dockerfileRuntime,
  hasCommand: false,
  exposedPorts: ['4000/tcp'],
  ...over,
});

describe('planRelease', () => {
  test('processes with formation and scale, tasks in order, the mapped web port', () => {
    expect(planRelease(planDeploy(facts), files())).toEqual({
      builder: dockerfileRuntime,
      processes: [
        { process: 'web', count: 2, command: 'node server.js', checks: [check] },
        { process: 'worker', count: 2, command: 'node worker.js', checks: 'default' },
      ],
      webPort: 3000,
      webPortSource: 'ports:set',
      tasks: [
        { name: 'predeploy', command: 'echo pre' },
        { name: 'release', command: 'node migrate.js' },
      ],
      postdeploy: 'echo post',
      cron: [],
    });
  });

  test('the web port follows EXPOSE, else 5000', () => {
    const plan = planDeploy({ ...facts, settings: {} });
    expect([planRelease(plan, files()).webPort, planRelease(plan, files()).webPortSource]).toEqual([4000, 'the image EXPOSEs it']);
    expect([planRelease(plan, files({ exposedPorts: [] })).webPort, planRelease(plan, files({ exposedPorts: [] })).webPortSource]).toEqual([5000, 'the default']);
  });

  test('an image that could not start is refused, unless herokuish starts it', () => {
    const bare = files({ procfile: new Map(), appJson: { healthchecks: {}, formation: {} } });
    const message = 'the image has no command (CMD or ENTRYPOINT) and no Procfile web process: give it one of them';
    expect(() => planRelease(planDeploy(facts), bare)).toThrow(message);
    expect(() => planRelease(planDeploy(facts), { ...bare, builder: nullRuntime })).toThrow(message);
    expect(planRelease(planDeploy(facts), { ...bare, builder: herokuishRuntime }).processes).toEqual([{ process: 'web', count: 1, command: undefined, checks: 'default' }]);
  });
});
