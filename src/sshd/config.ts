/**
 * What sshd needs from berth to hand port-22 sessions of one system user to
 * the daemon: the sshd_config block and the authorized_keys lines.
 */
import { UserError } from '../errors.js';

export interface BridgeCommand {
  /** The node that runs berth, and berth's cli.js (absolute paths). */
  node: string;
  cli: string;
  /** The bridge socket. */
  socket: string;
}

/** sshd parses command="…" itself; a path with quotes or spaces would break out of it. */
function checkPath(path: string): string {
  if (!/^\/[A-Za-z0-9._/+-]*$/.test(path)) throw new UserError(`cannot use ${path} in sshd's configuration: only plain absolute paths work there`);
  return path;
}

function base(cmd: BridgeCommand): string {
  return `${checkPath(cmd.node)} ${checkPath(cmd.cli)} --sshd-socket ${checkPath(cmd.socket)}`;
}

/**
 * One authorized_keys line per berth key. The forced command carries the
 * key's fingerprint: whatever the client asks for arrives in
 * SSH_ORIGINAL_COMMAND and goes to the daemon under that key's identity.
 * `restrict` turns off forwarding, ~/.ssh/rc and X11; `pty` gives back
 * the terminal `ssh -t … enter APP` asks for (the forced command still runs).
 */
export function authorizedKeyLine(cmd: BridgeCommand, key: { fingerprint: string; publicKey: string; name: string }): string {
  if (!/^SHA256:[A-Za-z0-9+/]+$/.test(key.fingerprint)) throw new UserError(`bad fingerprint ${key.fingerprint}`);
  return `command="${base(cmd)} sshd:session ${key.fingerprint}",restrict,pty ${key.publicKey} berth:${key.name}`;
}

/** The Match block for sshd_config (no ForceCommand: it would override each key's command=). */
export function sshdConfigLines(cmd: BridgeCommand, user: string): string[] {
  return [
    `# berth: pushes and commands on port 22 as ${user}@HOST (keys come from berth)`,
    `Match User ${user}`,
    `    AuthorizedKeysFile none`,
    `    AuthorizedKeysCommand ${base(cmd)} sshd:keys`,
    `    AuthorizedKeysCommandUser ${user}`,
    `    PasswordAuthentication no`,
    `    KbdInteractiveAuthentication no`,
    `    PubkeyAuthentication yes`,
    `    AllowTcpForwarding no`,
    `    AllowAgentForwarding no`,
    `    AllowStreamLocalForwarding no`,
    `    X11Forwarding no`,
    `    PermitTTY yes`,
    `    PermitTunnel no`,
    `    PermitUserRC no`,
  ];
}
