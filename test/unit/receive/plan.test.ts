import { describe, expect, test } from 'vitest';
import { parseRefUpdates, planPush } from '../../../src/receive/plan.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const Z = '0'.repeat(40);

describe('parseRefUpdates', () => {
  test('reads old new ref lines, ignoring blank lines', () => {
    expect(parseRefUpdates(`${A} ${B} refs/heads/main\n\n${Z} ${A} refs/tags/v1\n`)).toEqual([
      { old: A, new: B, ref: 'refs/heads/main' },
      { old: Z, new: A, ref: 'refs/tags/v1' },
    ]);
  });

  test('refuses malformed lines', () => {
    expect(() => parseRefUpdates(`${A} refs/heads/main`)).toThrow(/malformed/);
    expect(() => parseRefUpdates(`xyz ${B} refs/heads/main`)).toThrow(/malformed/);
  });
});

describe('planPush', () => {
  const branches = ['main', 'master'];

  test('a push to main deploys it', () => {
    const u = { old: A, new: B, ref: 'refs/heads/main' };
    expect(planPush([u], branches)).toEqual({ deploy: u, stored: [], refused: [] });
  });

  test('other branches and tags are stored, not deployed', () => {
    const feature = { old: Z, new: A, ref: 'refs/heads/feature' };
    const tag = { old: Z, new: A, ref: 'refs/tags/v1' };
    const notes = { old: Z, new: A, ref: 'refs/notes/commits' };
    expect(planPush([feature, tag, notes], branches)).toEqual({ stored: [feature, tag, notes], refused: [] });
  });

  test('deleting the deploy branch is refused', () => {
    const del = { old: A, new: Z, ref: 'refs/heads/main' };
    const plan = planPush([del], branches);
    expect(plan.deploy).toBeUndefined();
    expect(plan.refused).toEqual([{ update: del, reason: 'deleting the deploy branch main is not allowed' }]);
  });

  test('when main and master are both pushed, main deploys and master is stored', () => {
    const master = { old: Z, new: A, ref: 'refs/heads/master' };
    const main = { old: Z, new: B, ref: 'refs/heads/main' };
    expect(planPush([master, main], branches)).toEqual({ deploy: main, stored: [master], refused: [] });
  });
});
