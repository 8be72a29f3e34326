import { createHash, randomBytes } from 'node:crypto';
import { UserError } from '../core/errors.js';

/** A new HTTP token: 192 random bits, shown once; only its hash is stored. */
export function newToken(): string {
  return `berth_${randomBytes(24).toString('base64url')}`;
}

// Tokens are long and random, so a plain SHA-256 is a fine one-way store.
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const CREDENTIAL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

export function validateCredentialName(name: string): string {
  if (!CREDENTIAL_NAME.test(name)) throw new UserError(`invalid name '${name.slice(0, 64)}': use letters, digits, '.', '_', '@' and '-'`);
  return name;
}
