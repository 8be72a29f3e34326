import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory (a berth home, a work tree). */
export function tmpHome(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'berth-t-'));
}
