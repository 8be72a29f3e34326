import { describe, expect, test } from 'vitest';
import { appFromRepoPath, isValidAppName, validateAppName } from '../../src/names.js';

describe('app names', () => {
  test.each(['myapp', 'a', 'my-app-2', 'x1'])('%s is valid', (name) => {
    expect(validateAppName(name)).toBe(name);
  });

  test.each(['MyApp', '1app', '-app', 'app-', 'my_app', 'my.app', '..', 'a/b', '', 'a'.repeat(64), 'app\n'])(
    '%j is refused with one clear line',
    (name) => {
      expect(isValidAppName(name)).toBe(false);
      expect(() => validateAppName(name)).toThrow(/^invalid app name '.*': use lowercase letters, digits and dashes, starting with a letter$/);
    },
  );

  test.each([
    ['myapp', 'myapp'],
    ['/myapp.git', 'myapp'],
    ["'myapp'", 'myapp'],
    ["'/myapp.git'", 'myapp'],
    ['myapp.git/', 'myapp'],
  ])('repo path %s is app %s', (path, app) => {
    expect(appFromRepoPath(path)).toBe(app);
  });

  test('path tricks are refused', () => {
    expect(() => appFromRepoPath('../etc/passwd')).toThrow(/invalid app name/);
    expect(() => appFromRepoPath('/a/../b')).toThrow(/invalid app name/);
  });
});
