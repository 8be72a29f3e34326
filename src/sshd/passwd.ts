import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';

/** The user's primary group id from passwd(5) text (node has no getpwnam). */
export function groupOf(passwd: string, user: string): number | undefined {
  for (const line of passwd.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === user && fields.length >= 7) return Number(fields[3]);
  }
  return undefined;
}

export async function systemUserGroup(user: string, file = '/etc/passwd'): Promise<number> {
  const gid = groupOf(await readFile(file, 'utf8'), user);
  if (gid === undefined || !Number.isInteger(gid)) throw new UserError(`--sshd-user: no system user ${user} in ${file} (create it, or run scripts/install.sh --sshd)`);
  return gid;
}
