#!/usr/bin/env node
/**
 * The `berth` executable: `berth serve` runs the daemon; anything else is a
 * command sent to the running daemon over its control socket.
 */
import { callDaemon } from './control/client.js';
import { streamStdin, terminalRequest } from './control/local-terminal.js';
import { userMessage, UserError } from './errors.js';
import { createInterface } from 'node:readline';
import { readSettings } from './settings.js';

const SERVE_HELP = `Usage: berth serve [options]

  --home DIR          state directory (BERTH_HOME; /var/lib/berth as root, else ~/.berth)
  --host ADDR         address to bind (BERTH_BIND; 127.0.0.1)
  --http-port N       git over HTTP (BERTH_HTTP_PORT; 8080; 0 picks a free port)
  --ssh-port N        git and commands over SSH (BERTH_SSH_PORT; 2222)
  --router-port N     the apps' HTTP router (BERTH_ROUTER_PORT; 8000)
  --router-tls-port N the apps' HTTPS router (BERTH_ROUTER_TLS_PORT; 8443)
  --domain NAME       apps answer at APP.NAME (BERTH_DOMAIN; localhost)
  --insecure-http     accept git over HTTP without credentials (tests only)
  --ready-timeout S   seconds a new web container has to answer (60)
  --drain-timeout S   seconds old containers may finish requests (60)
  --sshd-user NAME    answer port-22 sessions of this system user (BERTH_SSHD_USER; none)
  --sshd-socket PATH  their socket (BERTH_SSHD_SOCKET; /run/berth/sshd.sock)
`;

async function main(argv: string[]): Promise<number> {
  const { settings, rest } = readSettings(argv, process.env, process.getuid?.(), { leadingOnly: true });
  if (rest[0] === 'serve') return serve([...argv.slice(0, argv.length - rest.length), ...rest.slice(1)]);
  if (rest[0] === 'sshd:keys' || rest[0] === 'sshd:session') return sshdSide(rest, settings.sshdSocket);
  return callDaemon(
    settings.socketPath,
    { kind: 'command', argv: rest, tty: Boolean(process.stdin.isTTY), cwd: process.cwd(), terminal: terminalRequest(process.stdin, process.stdout, process.env.TERM) },
    { stdout: (t) => process.stdout.write(t), stdoutBytes: (b) => process.stdout.write(b), stderr: (t) => process.stderr.write(t), stderrBytes: (b) => process.stderr.write(b), readStdin, attach: (sink) => streamStdin(process.stdin, process.stdout, sink) },
  );
}

/** Run by sshd as the ssh user: never the control socket, only the sshd bridge. */
async function sshdSide(rest: string[], socket: string): Promise<number> {
  const { printAuthorizedKeys, relaySession } = await import('./sshd/client.js');
  if (rest[0] === 'sshd:keys') return printAuthorizedKeys(socket, process.stdout);
  if (rest.length !== 2) throw new UserError('usage: berth sshd:session FINGERPRINT (run by sshd, from berth sshd:keys)');
  const command = process.env.SSH_ORIGINAL_COMMAND ?? '';
  return relaySession(socket, rest[1] as string, command, { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, term: process.env.TERM });
}

async function readStdin(what: 'stdin' | 'line'): Promise<Buffer> {
  if (what === 'line') {
    const rl = createInterface({ input: process.stdin, terminal: false });
    const line = await new Promise<string>((resolve) => {
      rl.once('line', resolve);
      rl.once('close', () => resolve(''));
    });
    rl.close();
    return Buffer.from(line);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function serve(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const { settings, rest } = readSettings(argv, process.env);
  if (rest.length) throw new UserError(`unknown option for serve: ${rest[0]} (see berth serve --help)`);
  const { startDaemon } = await import('./server/daemon.js');
  const daemon = await startDaemon(settings);
  const { http, ssh, router } = daemon.services.ports;
  process.stdout.write(
    `berth: serving git on http://${settings.bind}:${http} and ssh://${settings.bind}:${ssh}, apps on http://*.${settings.domain}:${router}, home ${settings.home}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('berth: stopping\n');
  await daemon.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(` !     ${userMessage(err)}\n`);
    process.exitCode = 1;
  },
);
