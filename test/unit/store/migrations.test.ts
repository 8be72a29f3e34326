import Database from 'better-sqlite3';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { openStore } from '../../../src/store/db.js';
import { LATEST, migrate, MIGRATIONS } from '../../../src/store/migrations.js';
import { tmpHome } from '../../helpers/engine.js';
import { repoRoot } from '../../helpers/root.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function dbPath(): Promise<string> {
  const dir = await tmpHome();
  dirs.push(dir);
  return join(dir, 'berth.db');
}

function schemaOf(path: string): string[] {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { sql: string }[];
  db.close();
  return rows.map((r) => JSON.stringify(r));
}

async function previousSchemaDb(): Promise<string> {
  const path = await dbPath();
  const db = new Database(path);
  db.exec(await readFile(join(repoRoot(), 'test', 'fixtures', 'schema-v5.sql'), 'utf8'));
  db.close();
  return path;
}

describe('versioned migrations', () => {
  test('migrations are numbered 1..N in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
  });

  test('a database made by the previous schema (5) opens, migrates and keeps its data', async () => {
    const path = await previousSchemaDb();
    const store = openStore(path);
    expect(store.db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(store.instance).toBe('a1b2c3d4e5f6');
    expect(store.apps.list().map((a) => a.name)).toEqual(['shop']);
    expect(store.apps.currentDeploy('shop')).toBe(2);
    expect(store.deploys.list('shop').map((d) => [d.id, d.release, d.image, d.status])).toEqual([
      [1, 1, 'berth/shop:1', 'succeeded'],
      [2, 2, 'berth/shop:2', 'succeeded'],
    ]);
    expect(store.deploys.configOf(2)).toEqual({ A: '2' });
    expect(store.config.all('shop')).toEqual({ A: '2' });
    expect(store.credentials.tokens().map((t) => [t.name, t.apps])).toEqual([['ci', ['shop']]]);
    expect(store.credentials.keys().map((k) => k.name)).toEqual(['laptop']);
    expect(store.domains.of('shop')).toEqual(['shop.example.org']);
    const recorded = store.db.prepare(`SELECT version, applied_at IS NOT NULL AS timed FROM schema_migrations ORDER BY version`).all();
    expect(recorded).toEqual(MIGRATIONS.map((m) => ({ version: m.version, timed: m.version > 5 ? 1 : 0 })));
    // New ids continue after the old ones.
    expect(store.deploys.start('shop', 'c'.repeat(40), 'test', () => '/x.log').id).toBe(3);
    store.close();
  });

  test('a migrated database has the same schema as a new one', async () => {
    const migrated = await previousSchemaDb();
    openStore(migrated).close();
    const fresh = await dbPath();
    openStore(fresh).close();
    expect(schemaOf(migrated)).toEqual(schemaOf(fresh));
  });

  test('opening again applies nothing', async () => {
    const path = await dbPath();
    openStore(path).close();
    const db = new Database(path);
    expect(migrate(db)).toBe(0);
    db.close();
  });

  test('a database from a newer berth is refused, untouched', async () => {
    const path = await dbPath();
    const db = new Database(path);
    db.pragma(`user_version = ${LATEST + 1}`);
    db.close();
    expect(() => openStore(path)).toThrow(`the database is at schema ${LATEST + 1}, newer than this berth knows (${LATEST}); upgrade berth`);
  });

  test('a failing migration leaves the database as it was', async () => {
    const path = await dbPath();
    const db = new Database(path);
    const broken = [...MIGRATIONS.slice(0, 1), { version: 2, name: 'broken', sql: 'CREATE TABLE t (x); INSERT INTO nowhere VALUES (1);' }];
    expect(() => migrate(db, broken)).toThrow(/no such table: nowhere/);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 't'`).get()).toBeUndefined();
    db.close();
  });
});
