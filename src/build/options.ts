import { UserError } from '../core/errors.js';
import { splitWords } from '../server/words.js';

/** What `docker-options:add APP build "…"` can say to a Dockerfile build. */
export interface DockerBuildOptions {
  buildargs: Record<string, string>;
  /** `--build-arg NAME`: the value is the app's config var NAME at build time (as docker takes it from the environment). */
  envArgs: string[];
  labels: Record<string, string>;
  target?: string;
  nocache: boolean;
}

/**
 * Parses stored build options (`--build-arg K=V`, `--label K=V`, `--target T`,
 * `--no-cache`), as Dokku users write them. Anything else is refused.
 */
export function parseBuildOptions(entries: readonly string[]): DockerBuildOptions {
  const out: DockerBuildOptions = { buildargs: {}, envArgs: [], labels: {}, nocache: false };
  const words = entries.flatMap((e) => splitWords(e));
  for (let i = 0; i < words.length; i++) {
    const [flag, inline] = splitFlag(words[i] as string);
    const value = () => inline ?? words[++i] ?? missing(flag);
    if (flag === '--build-arg') buildArg(out, value());
    else if (flag === '--label') addPair(out.labels, value(), flag);
    else if (flag === '--target') out.target = value();
    else if (flag === '--no-cache') out.nocache = true;
    else throw new UserError(`unsupported build option ${flag}: berth supports --build-arg, --label, --target and --no-cache`);
  }
  return out;
}

function buildArg(out: DockerBuildOptions, arg: string): void {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(arg)) out.envArgs.push(arg);
  else addPair(out.buildargs, arg, '--build-arg');
}

/** The build args a build gets: `--build-arg NAME` filled from the app's env, explicit values winning. */
export function resolveBuildArgs(options: DockerBuildOptions, env: Record<string, string>): Record<string, string> {
  const fromEnv = options.envArgs.filter((name) => env[name] !== undefined).map((name) => [name, env[name] as string]);
  return { ...Object.fromEntries(fromEnv), ...options.buildargs };
}

function splitFlag(word: string): [string, string | undefined] {
  const eq = word.indexOf('=');
  return word.startsWith('--') && eq > 0 ? [word.slice(0, eq), word.slice(eq + 1)] : [word, undefined];
}

function addPair(into: Record<string, string>, pair: string, flag: string): void {
  const eq = pair.indexOf('=');
  if (eq <= 0) throw new UserError(`${flag} needs KEY=VALUE, not '${pair}'`);
  into[pair.slice(0, eq)] = pair.slice(eq + 1);
}

function missing(flag: string): never {
  throw new UserError(`${flag} needs a value`);
}
