import ssh2 from 'ssh2';
import { createHash } from 'node:crypto';
import { UserError } from '../core/errors.js';

export interface PublicKey {
  type: string;
  /** The key in wire format, as clients offer it. */
  blob: Buffer;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** `TYPE BASE64`, without comment or options. */
  line: string;
}

const KEY_TYPE = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)$/;

/** Parses one authorized_keys-style line; options before the key are refused. */
export function parsePublicKey(text: string): PublicKey {
  const line = text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  if (!line) throw new UserError('no public key given');
  const [type = '', data = ''] = line.split(/\s+/);
  if (!KEY_TYPE.test(type)) {
    if (/^[a-z-]+(=|,|\s)/i.test(line) && /(ssh-|ecdsa-)/.test(line)) {
      throw new UserError('authorized_keys options (command=, no-pty, …) are not supported: give the bare public key');
    }
    throw new UserError('not an SSH public key: expected a line like "ssh-ed25519 AAAA… comment"');
  }
  const parsed = ssh2.utils.parseKey(`${type} ${data}`);
  if (parsed instanceof Error || Array.isArray(parsed)) throw new UserError(`not a valid ${type} public key`);
  if (parsed.isPrivateKey()) throw new UserError('that is a private key: give the public one (.pub)');
  const blob = parsed.getPublicSSH();
  return { type, blob, fingerprint: fingerprintOf(blob), line: `${type} ${blob.toString('base64')}` };
}

export function fingerprintOf(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Checks a publickey authentication attempt. With a signature the client
 * must prove it holds the private key; comparing the offered public key is
 * not enough. Without one it only asks whether the key would do.
 */
export function verifyAttempt(stored: string, attempt: { blob?: Buffer; signature?: Buffer; hashAlgo?: string }): boolean {
  if (!attempt.signature) return true;
  if (!attempt.blob) return false;
  const key = ssh2.utils.parseKey(stored);
  if (key instanceof Error || Array.isArray(key)) return false;
  return key.verify(attempt.blob, attempt.signature, attempt.hashAlgo);
}
