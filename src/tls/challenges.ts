/**
 * HTTP-01 challenge answers the daemon serves at
 * `/.well-known/acme-challenge/TOKEN` while an order is in progress. Only
 * tokens registered here are answered; everything else is a 404.
 */
export class Challenges {
  private readonly answers = new Map<string, string>();

  add(token: string, keyAuthorization: string): void {
    this.answers.set(token, keyAuthorization);
  }

  remove(token: string): void {
    this.answers.delete(token);
  }

  answer(token: string): string | undefined {
    return this.answers.get(token);
  }
}

const PREFIX = '/.well-known/acme-challenge/';

/** The token of a challenge path, or undefined for any other path. */
export function challengeToken(url: string): string | undefined {
  const path = url.split('?')[0] ?? '';
  if (!path.startsWith(PREFIX)) return undefined;
  const token = path.slice(PREFIX.length);
  return /^[A-Za-z0-9_-]{1,256}$/.test(token) ? token : '';
}
