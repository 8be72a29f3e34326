import { UserError } from '../core/errors.js';

export type BuilderName = 'dockerfile' | 'herokuish' | 'null';
export const BUILDERS: readonly BuilderName[] = ['dockerfile', 'herokuish', 'null'];

/** Like Dokku: the chosen builder, else a Dockerfile means `dockerfile`, else `herokuish`. */
export function selectBuilder(selected: string | undefined, hasDockerfile: boolean): BuilderName {
  if (selected) {
    if (!BUILDERS.includes(selected as BuilderName)) throw new UserError(`unknown builder ${selected} (${BUILDERS.join(', ')})`);
    return selected as BuilderName;
  }
  return hasDockerfile ? 'dockerfile' : 'herokuish';
}

export const DEFAULT_STACK = 'gliderlabs/herokuish:latest-24';
