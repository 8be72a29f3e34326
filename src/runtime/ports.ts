/**
 * ports:*: which container port the router targets. `http:80:3000` maps the
 * router's HTTP side to container port 3000; without a mapping the image's
 * single EXPOSEd port is used, else 5000. $PORT is set to match.
 */
import { UserError } from '../core/errors.js';

export interface PortMap {
  scheme: 'http' | 'https';
  hostPort: number;
  containerPort: number;
}

export const DEFAULT_PORT = 5000;

function port(text: string, what: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) throw new UserError(`invalid ${what} port ${text} in a port mapping`);
  return n;
}

export function parsePortMap(text: string): PortMap {
  const parts = text.split(':');
  if (parts.length !== 3 || (parts[0] !== 'http' && parts[0] !== 'https')) throw new UserError(`invalid port mapping ${text}: use SCHEME:HOST_PORT:CONTAINER_PORT, e.g. http:80:3000`);
  return { scheme: parts[0], hostPort: port(parts[1] as string, 'host'), containerPort: port(parts[2] as string, 'container') };
}

export function formatPortMap(p: PortMap): string {
  return `${p.scheme}:${p.hostPort}:${p.containerPort}`;
}

/** The one TCP port an image EXPOSEs, if exactly one. */
export function exposedPort(exposed: readonly string[]): number | undefined {
  const tcp = exposed.filter((e) => e.endsWith('/tcp') || !e.includes('/')).map((e) => Number(e.split('/')[0]));
  return tcp.length === 1 ? tcp[0] : undefined;
}

/** The web container's port: the first mapping, else the image's EXPOSE, else 5000. */
export function webPort(maps: readonly PortMap[], exposed: readonly string[]): number {
  return maps[0]?.containerPort ?? exposedPort(exposed) ?? DEFAULT_PORT;
}
