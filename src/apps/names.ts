import { UserError } from '../core/errors.js';

// Dokku's rule (lowercase alphanumerics, dots and dashes, starting with an alphanumeric),
// narrowed to what Docker takes in an image name: no trailing, doubled or mixed dots and
// dashes (`a.`, `a..b`, `a.-b`). 63 characters at most, one DNS label's worth.
const APP_NAME = /^(?=.{1,63}$)[a-z0-9]+(?:(?:\.|-+)[a-z0-9]+)*$/;

/** Throws a UserError unless `name` is a valid app name. */
export function validateAppName(name: string): string {
  if (!name) throw new UserError('Please specify an app to run the command on');
  if (!APP_NAME.test(name)) {
    throw new UserError(
      `App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens (got '${printable(name)}')`,
    );
  }
  return name;
}

export function isValidAppName(name: string): boolean {
  return APP_NAME.test(name);
}

/** Reads an app name from a git path: `myapp`, `/myapp.git`, `'myapp'`. */
export function appFromRepoPath(path: string): string {
  let name = path.trim();
  if (name.startsWith("'") && name.endsWith("'") && name.length >= 2) name = name.slice(1, -1);
  name = name.replace(/^\/+/, '').replace(/\/+$/, '');
  if (name.endsWith('.git')) name = name.slice(0, -4);
  return validateAppName(name);
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?').slice(0, 80);
}
