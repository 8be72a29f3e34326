import { describe, expect, test } from 'vitest';
import { builderRuntime, dockerfileRuntime, herokuishRuntime, nullRuntime, runtimeOfImage } from '../../../src/build/runtime.js';

describe('builder runtimes', () => {
  test('chosen from the image label; an image berth did not build is null', () => {
    expect(runtimeOfImage({ 'berth.builder': 'herokuish' })).toBe(herokuishRuntime);
    expect(runtimeOfImage({ 'berth.builder': 'dockerfile' })).toBe(dockerfileRuntime);
    expect(runtimeOfImage({})).toBe(nullRuntime);
    expect(runtimeOfImage({ 'berth.instance': 'i1', 'berth.app': 'web' })).toBe(dockerfileRuntime);
    expect(runtimeOfImage({ 'berth.builder': 'something' })).toBe(nullRuntime);
    expect(builderRuntime('null')).toBe(nullRuntime);
  });

  test('how each starts a process and runs a task', () => {
    expect([dockerfileRuntime, herokuishRuntime, nullRuntime].map((r) => [r.name, r.processCmd('web', 'npm start'), r.processCmd('web', undefined), r.taskCmd('rake db:migrate')])).toEqual([
      ['dockerfile', ['/bin/sh', '-c', 'npm start'], undefined, ['/bin/sh', '-c', 'rake db:migrate']],
      ['herokuish', ['/start', 'web'], ['/start', 'web'], ['/exec', 'sh', '-c', 'rake db:migrate']],
      ['null', ['/bin/sh', '-c', 'npm start'], undefined, ['/bin/sh', '-c', 'rake db:migrate']],
    ]);
  });

  test('only dockerfile and herokuish build; only herokuish keeps a cache and needs no CMD', () => {
    expect([dockerfileRuntime, herokuishRuntime, nullRuntime].map((r) => [r.name, Boolean(r.build), r.usesCache, r.needsCommand])).toEqual([
      ['dockerfile', true, false, true],
      ['herokuish', true, true, false],
      ['null', false, false, true],
    ]);
  });
});
