/**
 * Git runs this once per ref (berth's update script calls it for deletions
 * only). It asks the daemon whether the ref may go, and exits with the answer.
 */
import { callDaemon } from '../control/client.js';
import { userMessage } from '../core/errors.js';

const [ref = '', oldSha = '', newSha = ''] = process.argv.slice(2);
callDaemon(
  process.env.BERTH_SOCKET ?? '',
  { kind: 'update', app: process.env.BERTH_APP ?? '', update: { ref, old: oldSha, new: newSha } },
  { stdout: (t) => process.stderr.write(t), stderr: (t) => process.stderr.write(t) },
).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(` !     ${userMessage(err)}\n`);
    process.exitCode = 1;
  },
);
