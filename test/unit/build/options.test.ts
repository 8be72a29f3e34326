import { describe, expect, test } from 'vitest';
import { parseBuildOptions, resolveBuildArgs } from '../../../src/build/options.js';
import { selectBuilder } from '../../../src/build/select.js';

describe('parseBuildOptions', () => {
  test("reads Dokku's docker-options for builds", () => {
    expect(parseBuildOptions(['--build-arg GREETING=hello', '--build-arg "MSG=two words" --label team=web', '--target=prod', '--no-cache'])).toEqual({
      buildargs: { GREETING: 'hello', MSG: 'two words' },
      envArgs: [],
      labels: { team: 'web' },
      target: 'prod',
      nocache: true,
    });
  });

  test('refuses what it does not support, in one line', () => {
    expect(() => parseBuildOptions(['--memory 2g'])).toThrow('unsupported build option --memory: berth supports --build-arg, --label, --target and --no-cache');
    expect(() => parseBuildOptions(['--build-arg not-a-name'])).toThrow("--build-arg needs KEY=VALUE, not 'not-a-name'");
    expect(() => parseBuildOptions(['--target'])).toThrow('--target needs a value');
  });
});

describe('--build-arg NAME', () => {
  test("takes the value from the app's config at build time; an explicit value wins", () => {
    const options = parseBuildOptions(['--build-arg TOKEN', '--build-arg MODE', '--build-arg MODE=prod', '--build-arg ABSENT']);
    expect(options.envArgs).toEqual(['TOKEN', 'MODE', 'ABSENT']);
    expect(resolveBuildArgs(options, { TOKEN: 's3cret', MODE: 'dev' })).toEqual({ TOKEN: 's3cret', MODE: 'prod' });
  });
});

describe('selectBuilder', () => {
  test('auto-detects like Dokku, and a choice wins', () => {
    expect(selectBuilder(undefined, true)).toBe('dockerfile');
    expect(selectBuilder(undefined, false)).toBe('herokuish');
    expect(selectBuilder('herokuish', true)).toBe('herokuish');
    expect(selectBuilder('null', false)).toBe('null');
    expect(() => selectBuilder('pack', true)).toThrow('unknown builder pack (dockerfile, herokuish, null)');
  });
});
