import { chmod, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const HOOK_CLIENT = fileURLToPath(new URL('./pre-receive.js', import.meta.url));

/**
 * The pre-receive script written into every bare repo: it runs berth's thin
 * hook client with the same node that runs the daemon.
 */
export function hookScript(nodePath: string, clientPath: string, socketPath: string): string {
  return [
    '#!/bin/sh',
    '# Installed by berth: hands the pushed refs to the berth daemon.',
    `BERTH_SOCKET="\${BERTH_SOCKET:-${socketPath}}"`,
    'export BERTH_SOCKET',
    `exec ${shellQuote(nodePath)} ${shellQuote(clientPath)}`,
    '',
  ].join('\n');
}

export async function installHooks(repo: string, socketPath: string): Promise<void> {
  const file = join(repo, 'hooks', 'pre-receive');
  await writeFile(file, hookScript(process.execPath, HOOK_CLIENT, socketPath));
  await chmod(file, 0o755);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
