/**
 * Git runs this in the bare repo with `old new ref` lines on stdin and the new
 * objects in quarantine. It forwards both to the daemon, relays the daemon's
 * output to stderr (git shows it as `remote:` lines), and exits with the
 * daemon's verdict. It decides nothing itself.
 */
import { callDaemon } from '../control/client.js';
import { userMessage } from '../core/errors.js';
import { parseRefUpdates } from '../receive/plan.js';

const QUARANTINE_VARS = ['GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_QUARANTINE_PATH'];

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<number> {
  const env = process.env;
  const gitEnv: Record<string, string> = {};
  for (const name of QUARANTINE_VARS) if (env[name]) gitEnv[name] = env[name] as string;
  const updates = parseRefUpdates(await readStdin());
  return callDaemon(
    env.BERTH_SOCKET ?? '',
    {
      kind: 'receive',
      app: env.BERTH_APP ?? '',
      pushId: env.BERTH_PUSH_ID ?? '',
      pusher: env.BERTH_PUSHER ?? '',
      updates,
      gitEnv,
    },
    { stdout: (t) => process.stderr.write(t), stderr: (t) => process.stderr.write(t) },
  );
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(` !     ${userMessage(err)}\n`);
    process.exitCode = 1;
  },
);
