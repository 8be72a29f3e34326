import { describe, expect, test } from 'vitest';
import { entryTarget } from '../../../src/backup/layout.js';
import { containerFate } from '../../../src/swap/reconcile.js';

const labels = (l: Record<string, string>) => ({ labels: { 'berth.instance': 'i', 'berth.app': 'a', ...l } });

describe('containerFate at start', () => {
  test('processes of the current deploy serve; run one-offs stay; the rest goes', () => {
    expect(containerFate(labels({ 'berth.process': 'web', 'berth.deploy': '7' }), 7)).toBe('serve');
    expect(containerFate(labels({ 'berth.process': 'worker', 'berth.deploy': '7' }), 7)).toBe('serve');
    expect(containerFate(labels({ 'berth.process': 'web', 'berth.deploy': '6' }), 7)).toBe('remove');
    expect(containerFate(labels({ 'berth.process': 'web', 'berth.deploy': '8' }), 7)).toBe('remove');
    expect(containerFate(labels({ 'berth.process': 'web', 'berth.deploy': '1' }), null)).toBe('remove');
    expect(containerFate(labels({ 'berth.task': 'release', 'berth.deploy': '7' }), 7)).toBe('remove');
    expect(containerFate(labels({ 'berth.scratch': '1', 'berth.deploy': '8' }), 7)).toBe('remove');
    expect(containerFate(labels({ 'berth.builder': 'herokuish', 'berth.deploy': '8' }), 7)).toBe('remove');
    // A one-off carries its image's labels (berth.deploy, berth.builder) too.
    expect(containerFate(labels({ 'berth.run': '1', 'berth.deploy': '3', 'berth.builder': 'herokuish' }), 7)).toBe('keep');
  });
});

describe('entryTarget', () => {
  test('maps names inside the root', () => {
    expect(entryTarget('/h/.restore-x', 'repos/a.git/HEAD')).toBe('/h/.restore-x/repos/a.git/HEAD');
    expect(entryTarget('/h/.restore-x', 'repos/a.git/')).toBe('/h/.restore-x/repos/a.git');
    expect(entryTarget('/h/.restore-x', 'berth.db')).toBe('/h/.restore-x/berth.db');
    expect(entryTarget('/h/.restore-x', 'ssh_host_ed25519_key')).toBe('/h/.restore-x/ssh_host_ed25519_key');
  });

  test('refuses escapes and what a running daemon owns', () => {
    for (const name of ['../x', 'repos/../../x', '/etc/passwd', '.', '', 'berth.sock', 'daemon.json', 'berth.db-wal', '.restore-1/x']) {
      expect(() => entryTarget('/h/.restore-x', name), name).toThrow(/the backup holds an entry/);
    }
  });
});
