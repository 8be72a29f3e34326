/**
 * The networks an admin makes for apps to join (`network:create`,
 * `network:set`), apart from each app's own (network.ts). Apps join only
 * networks this berth home made: never the engine's host or default bridge,
 * which would reach the host or every container.
 */
import type { Docker } from '../docker.js';
import { NotFoundError, UserError } from '../core/errors.js';
import { instanceLabels, LABEL } from '../docker/labels.js';

export type NetworkInfo = NonNullable<Awaited<ReturnType<Docker['networkInfo']>>>;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}$/;
const RESERVED = ['host', 'bridge', 'none', 'default'];

export function validNetworkName(name: string): string {
  if (!NAME.test(name) || RESERVED.includes(name)) throw new UserError(`invalid network name ${name}`);
  return name;
}

export async function createUserNetwork(docker: Docker, instance: string, name: string): Promise<void> {
  validNetworkName(name);
  if (!(await docker.createNetwork(name, { ...instanceLabels(instance), [LABEL.network]: name }))) throw new UserError(`network ${name} already exists`);
}

export async function removeUserNetwork(docker: Docker, name: string): Promise<void> {
  await docker.removeNetwork(name);
}

/** Any network on the engine, by name: `network:exists` and `network:info` answer for Dokku's too. */
export async function networkInfo(docker: Docker, name: string): Promise<NetworkInfo> {
  const info = await docker.networkInfo(name);
  if (!info) throw new NotFoundError(`Network ${name} does not exist`);
  return info;
}

/** A network this home made, else a one-line refusal. */
export async function ownNetwork(docker: Docker, instance: string, name: string): Promise<NetworkInfo> {
  const info = await networkInfo(docker, validNetworkName(name));
  if (info.labels[LABEL.instance] !== instance) throw new UserError(`network ${name} was not made by berth (network:create it)`);
  return info;
}

export function listUserNetworks(docker: Docker, instance: string): Promise<string[]> {
  return docker.listNetworks(instanceLabels(instance));
}
