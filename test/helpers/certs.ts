/**
 * Test certificates made by the real openssl: a throwaway CA and leaves
 * signed by it with chosen names and validity dates (`openssl ca` takes
 * explicit start and end dates, which `req -x509` cannot).
 */
import { execa } from 'execa';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCa {
  dir: string;
  caCrt: string;
  /** A leaf for `names` (DNS SANs), valid from `start` to `end` (default: now-1h to now+90d). */
  issue(names: string[], opts?: { start?: Date; end?: Date; cn?: string; noSan?: boolean }): Promise<{ crt: string; key: string; crtPath: string; keyPath: string }>;
  /** A fresh key that matches nothing. */
  strayKey(): Promise<string>;
  remove(): Promise<void>;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  await execa('openssl', args, { cwd, timeout: 30_000, env: {}, extendEnv: true, stdin: 'ignore' });
}

function asn1(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export async function makeTestCa(): Promise<TestCa> {
  const dir = await mkdtemp(join(tmpdir(), 'berth-ca-'));
  await writeFile(join(dir, 'index.txt'), '');
  await writeFile(join(dir, 'serial'), '1000\n');
  await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=berth test CA'], dir);
  let n = 0;
  const ca: TestCa = {
    dir,
    caCrt: await readFile(join(dir, 'ca.crt'), 'utf8'),
    async issue(names, opts = {}) {
      const id = `leaf${++n}`;
      const start = opts.start ?? new Date(Date.now() - 3600_000);
      const end = opts.end ?? new Date(Date.now() + 90 * 86400_000);
      const san = opts.noSan ? '' : `subjectAltName = ${names.map((x) => `DNS:${x}`).join(', ')}\n`;
      await writeFile(join(dir, `${id}.cnf`), caConfig(dir, san));
      await openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${id}.key`, '-out', `${id}.csr`, '-subj', `/CN=${opts.cn ?? names[0]}`], dir);
      await openssl(['ca', '-batch', '-config', `${id}.cnf`, '-in', `${id}.csr`, '-out', `${id}.crt`, '-startdate', asn1(start), '-enddate', asn1(end), '-notext'], dir);
      const crtPath = join(dir, `${id}.crt`);
      const keyPath = join(dir, `${id}.key`);
      return { crt: await readFile(crtPath, 'utf8'), key: await readFile(keyPath, 'utf8'), crtPath, keyPath };
    },
    async strayKey() {
      const id = `stray${++n}`;
      await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', `${id}.key`], dir);
      return readFile(join(dir, `${id}.key`), 'utf8');
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  return ca;
}

function caConfig(dir: string, san: string): string {
  return `[ca]
default_ca = test
[test]
dir = ${dir}
database = ${dir}/index.txt
serial = ${dir}/serial
new_certs_dir = ${dir}
certificate = ${dir}/ca.crt
private_key = ${dir}/ca.key
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
x509_extensions = leaf
[any]
commonName = supplied
[leaf]
basicConstraints = CA:FALSE
${san}`;
}
