import type { Docker } from '../docker.js';
import { parseAppJson, type AppJson } from './app-json.js';
import { parseProcfile, type Procfile } from './procfile.js';

export interface AppFiles {
  procfile: Procfile;
  appJson: AppJson;
}

const EMPTY_APP_JSON: AppJson = { healthchecks: {}, formation: {} };

/**
 * Reads Procfile and app.json from the built image (its WORKDIR, else /app),
 * as Dokku does, so Dockerfile and buildpack apps behave the same.
 */
export async function readAppFiles(docker: Docker, image: string): Promise<AppFiles> {
  const workdir = await docker.imageWorkdir(image);
  const dirs = [...new Set([workdir, '/app'])];
  const find = async (name: string) => {
    for (const dir of dirs) {
      const text = await docker.readFile(image, `${dir.replace(/\/$/, '')}/${name}`);
      if (text !== undefined) return text;
    }
    return undefined;
  };
  const [procfile, appJson] = await Promise.all([find('Procfile'), find('app.json')]);
  return {
    procfile: procfile === undefined ? new Map() : parseProcfile(procfile),
    appJson: appJson === undefined ? EMPTY_APP_JSON : parseAppJson(appJson),
  };
}
