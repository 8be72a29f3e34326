import { describe, expect, test } from 'vitest';
import { appFromRepoPath, isValidAppName, validateAppName } from '../../../src/apps/names.js';

describe('app names', () => {
  test.each(['myapp', 'a', 'my-app-2', 'x1', '1994testapp', 'test.dokku.test', 'a--b'])('%s is valid', (name) => {
    expect(validateAppName(name)).toBe(name);
  });

  test.each(['MyApp', '-app', 'app-', 'app.', 'a..b', 'a.-b', 'my_app', '..', 'a/b', 'testapp:latest', 'test;id', 'a'.repeat(64), 'app\n'])(
    '%j is refused with one clear line',
    (name) => {
      expect(isValidAppName(name)).toBe(false);
      expect(() => validateAppName(name)).toThrow(/^App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens \(got '.*'\)$/);
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
    expect(() => appFromRepoPath('../etc/passwd')).toThrow(/App name must begin/);
    expect(() => appFromRepoPath('/a/../b')).toThrow(/App name must begin/);
  });
});
