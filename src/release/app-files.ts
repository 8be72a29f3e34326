import type { Docker, Labels } from '../docker.js';
import { runtimeOfImage, type BuilderRuntime } from '../build/runtime.js';
import { parseAppJson, type AppJson } from './app-json.js';
import { parseProcfile, type Procfile } from './procfile.js';

export interface AppFiles {
  procfile: Procfile;
  appJson: AppJson;
  /** How the image was built, from its builder label: how its processes start and its tasks run. */
  builder: BuilderRuntime;
  /** The image has a CMD or ENTRYPOINT of its own. */
  hasCommand: boolean;
  /** The ports the image EXPOSEs (`5000/tcp`). */
  exposedPorts: string[];
}

const EMPTY_APP_JSON: AppJson = { healthchecks: {}, formation: {} };

/** app.json and Procfile are small; a bigger one is refused while it streams. */
export const MAX_APP_FILE = 1024 * 1024;

/**
 * Reads Procfile and app.json from the built image (its WORKDIR, else /app),
 * as Dokku does, so Dockerfile and buildpack apps behave the same.
 */
export async function readAppFiles(docker: Docker, image: string, labels: Labels = {}): Promise<AppFiles> {
  const config = await docker.imageConfig(image);
  const workdir = config.workdir.replace(/\/$/, '');
  const dirs = [...new Set([workdir, '/app'])];
  const texts = await docker.readFiles(image, dirs.flatMap((dir) => [`${dir}/Procfile`, `${dir}/app.json`]), MAX_APP_FILE, labels);
  // The first directory that has the file wins.
  const pick = (offset: number) => texts.filter((_, i) => i % 2 === offset).find((t) => t !== undefined);
  const [procfile, appJson] = [pick(0), pick(1)];
  return {
    procfile: procfile === undefined ? new Map() : parseProcfile(procfile),
    appJson: appJson === undefined ? EMPTY_APP_JSON : parseAppJson(appJson),
    builder: runtimeOfImage(config.labels),
    hasCommand: config.hasCommand,
    exposedPorts: config.exposedPorts,
  };
}
