import { UserError } from './errors.js';

// Dokku's rule: lowercase letters, digits and dashes, starting with a letter.
const APP_NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Throws a UserError unless `name` is a valid app name. */
export function validateAppName(name: string): string {
  if (!APP_NAME.test(name) || name.endsWith('-')) {
    throw new UserError(
      `invalid app name '${printable(name)}': use lowercase letters, digits and dashes, starting with a letter`,
    );
  }
  return name;
}

export function isValidAppName(name: string): boolean {
  return APP_NAME.test(name) && !name.endsWith('-');
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
