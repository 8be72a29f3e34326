/**
 * Each app's own bridge network: its process, release-task, one-off and
 * build containers join it, so apps cannot reach each other directly (Docker
 * isolates bridge networks from one another). The router, on the host,
 * reaches web containers at their address on it (swap/endpoint.ts).
 *
 * Subnets come from berth's own pool: Docker's default pools hold about 30
 * networks, far fewer than the apps of one engine.
 */
import { networkInterfaces } from 'node:os';
import type { Docker } from '../docker.js';
import type { NetworkSpec } from '../docker/networks.js';
import { UserError } from '../core/errors.js';
import { appLabels, networkName } from '../docker/labels.js';

/** 1,024 networks of 254 addresses each. */
export const NETWORK_POOL = '10.200.0.0/14';
export const SUBNET_PREFIX = 24;

export function appNetworkSpec(instance: string, app: string, subnet: string): NetworkSpec {
  return { Name: networkName(instance, app), Labels: appLabels(instance, app), Subnet: subnet };
}

/** The first /`prefix` subnet of `pool` that overlaps none of `taken` (CIDRs or plain addresses). */
export function freeSubnet(pool: string, prefix: number, taken: readonly string[]): string | undefined {
  const [base, bits] = parseCidr(pool);
  const size = 2 ** (32 - prefix);
  const used = taken.map(parseCidr).map(([a, b]) => [a, a + 2 ** (32 - b) - 1] as const);
  for (let start = base; start + size <= base + 2 ** (32 - bits); start += size) {
    const end = start + size - 1;
    if (!used.some(([a, b]) => a <= end && start <= b)) return `${formatIp(start)}/${prefix}`;
  }
  return undefined;
}

function parseCidr(cidr: string): [number, number] {
  const [ip = '', bits = '32'] = cidr.split('/');
  const n = ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const prefix = Number(bits);
  const block = 2 ** (32 - prefix);
  return [Math.floor(n / block) * block, prefix];
}

function formatIp(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/** Creates the app's network unless it exists; races with other homes over a subnet are retried. */
export async function ensureAppNetwork(docker: Docker, instance: string, app: string): Promise<string> {
  const name = networkName(instance, app);
  if (await docker.networks.exists(name)) return name;
  // A subnet another network is being created on may not be listed yet: skip it on the next try.
  const overlapped: string[] = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    const taken = [...(await docker.networks.subnets()), ...hostAddresses(), ...overlapped];
    const subnet = freeSubnet(NETWORK_POOL, SUBNET_PREFIX, taken);
    if (!subnet) break;
    if ((await docker.networks.create(appNetworkSpec(instance, app, subnet))) !== 'overlap') return name;
    overlapped.push(subnet);
  }
  throw new UserError(`no free subnet left in ${NETWORK_POOL} for the network of ${app}`);
}

/** Removes every network of the app (its containers must be gone). */
export async function removeAppNetworks(docker: Docker, instance: string, app: string): Promise<void> {
  for (const name of await docker.networks.list(appLabels(instance, app))) await docker.networks.remove(name);
}

// The host's own addresses: a subnet over one of them would cut the host off from that network.
function hostAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((list) => (list ?? []).flatMap((i) => (i.family === 'IPv4' ? [i.cidr ?? i.address] : [])));
}
