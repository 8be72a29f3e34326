import { MAX_REF_LENGTH } from '../git/refs.js';
import { chmod, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const PRE_RECEIVE = fileURLToPath(new URL('./pre-receive.js', import.meta.url));
const UPDATE = fileURLToPath(new URL('./update.js', import.meta.url));

/**
 * The pre-receive script written into every bare repo: it runs berth's thin
 * hook client with the same node that runs the daemon.
 */
export function preReceiveScript(nodePath: string, clientPath: string, socketPath: string): string {
  return [
    '#!/bin/sh',
    '# Installed by berth: hands the pushed refs to the berth daemon.',
    `BERTH_SOCKET="\${BERTH_SOCKET:-${socketPath}}"`,
    'export BERTH_SOCKET',
    `exec ${shellQuote(nodePath)} ${shellQuote(clientPath)}`,
    '',
  ].join('\n');
}

/**
 * The update script: git runs it once per ref, so it can refuse one ref (a
 * deletion of the deploy branch) and let the rest of a mirror push land.
 * Only deletions (and overlong names) are asked about, so a push of many refs stays fast.
 */
export function updateScript(nodePath: string, clientPath: string, socketPath: string): string {
  return [
    '#!/bin/sh',
    '# Installed by berth: asks the berth daemon before a ref is deleted, or named past berth\'s length limit.',
    'case "$3" in',
    `  *[!0]*) [ "\${#1}" -le ${MAX_REF_LENGTH} ] && exit 0 ;;`,
    'esac',
    `BERTH_SOCKET="\${BERTH_SOCKET:-${socketPath}}"`,
    'export BERTH_SOCKET',
    `exec ${shellQuote(nodePath)} ${shellQuote(clientPath)} "$@"`,
    '',
  ].join('\n');
}

export async function installHooks(repo: string, socketPath: string): Promise<void> {
  await writeHook(join(repo, 'hooks', 'pre-receive'), preReceiveScript(process.execPath, PRE_RECEIVE, socketPath));
  await writeHook(join(repo, 'hooks', 'update'), updateScript(process.execPath, UPDATE, socketPath));
}

async function writeHook(file: string, script: string): Promise<void> {
  await writeFile(file, script);
  await chmod(file, 0o755);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
