/**
 * Git's ref rules as pure functions, apart from src/git.ts so that the hooks'
 * thin clients (run on every push) do not load the process-spawning side.
 */

export const ZERO_SHA = '0000000000000000000000000000000000000000';

export function isZeroSha(sha: string): boolean {
  return /^0+$/.test(sha);
}

/** Longest ref name berth accepts: every component must also fit a file name. */
export const MAX_REF_LENGTH = 1024;

/** Git's check-ref-format rules (for a full `refs/…` name), with bounded length. */
export function isValidRefName(ref: string): boolean {
  if (!ref.startsWith('refs/') || Buffer.byteLength(ref) > MAX_REF_LENGTH) return false;
  // eslint-disable-next-line no-control-regex -- git refuses control characters in ref names
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(ref) || ref.includes('..') || ref.includes('@{') || ref.includes('//')) return false;
  if (ref.endsWith('/') || ref.endsWith('.') || ref === '@') return false;
  return ref.split('/').every((part) => part.length > 0 && Buffer.byteLength(part) <= 200 && !part.startsWith('.') && !part.endsWith('.lock'));
}
