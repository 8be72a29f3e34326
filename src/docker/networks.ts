/**
 * Network calls for src/docker.ts, which stays the only module importing
 * dockerode: this one sees the client through the few methods it uses.
 */
import type { Labels } from '../docker.js';

export interface NetworkSpec {
  Name: string;
  Labels: Labels;
  Subnet: string;
}

interface NetworkApi {
  createNetwork(opts: object): Promise<unknown>;
  getNetwork(name: string): { inspect(): Promise<unknown>; remove(): Promise<unknown> };
  listNetworks(opts?: object): Promise<{ Name: string; IPAM?: { Config?: { Subnet?: string }[] } }[]>;
}

export class DockerNetworks {
  constructor(private readonly api: NetworkApi) {}

  /**
   * Creates a bridge network unless one of that name exists: 'created',
   * 'exists', or 'overlap' when another network took the subnet meanwhile.
   */
  async create(spec: NetworkSpec): Promise<'created' | 'exists' | 'overlap'> {
    try {
      await this.api.createNetwork({
        Name: spec.Name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: spec.Labels,
        IPAM: { Driver: 'default', Config: [{ Subnet: spec.Subnet }] },
      });
      return 'created';
    } catch (err) {
      if (statusOf(err) === 409) return 'exists';
      if (statusOf(err) === 403 && /overlap/i.test(String((err as Error).message))) return 'overlap';
      throw err;
    }
  }

  async exists(name: string): Promise<boolean> {
    try {
      await this.api.getNetwork(name).inspect();
      return true;
    } catch (err) {
      if (statusOf(err) === 404) return false;
      throw err;
    }
  }

  async list(labels: Labels): Promise<string[]> {
    const list = await this.api.listNetworks({ filters: { label: Object.entries(labels).map(([k, v]) => `${k}=${v}`) } });
    return list.map((n) => n.Name);
  }

  /** Every IPv4 subnet any network on the engine holds, berth's or not. */
  async subnets(): Promise<string[]> {
    const list = await this.api.listNetworks();
    return list.flatMap((n) => (n.IPAM?.Config ?? []).flatMap((c) => (c.Subnet && !c.Subnet.includes(':') ? [c.Subnet] : [])));
  }

  async remove(name: string): Promise<void> {
    try {
      await this.api.getNetwork(name).remove();
    } catch (err) {
      if (statusOf(err) !== 404) throw err;
    }
  }
}

function statusOf(err: unknown): number | undefined {
  return (err as { statusCode?: number } | null)?.statusCode;
}
