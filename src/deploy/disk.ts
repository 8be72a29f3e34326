import { statfs } from 'node:fs/promises';
import { UserError } from '../core/errors.js';

/**
 * Room a deploy needs in the berth home: the database's journal, the deploy
 * log and git's ref updates. Checked before anything is recorded, so a full
 * disk fails the push with one line instead of half-way through.
 */
export const MIN_FREE_BYTES = 16 * 1024 ** 2;

export async function requireFreeSpace(home: string, min = MIN_FREE_BYTES): Promise<void> {
  const fs = await statfs(home);
  const free = fs.bavail * fs.bsize;
  if (free < min) {
    throw new UserError(`the disk holding ${home} is full (${mib(free)} free, a deploy needs ${mib(min)}); free some space and push again`);
  }
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
