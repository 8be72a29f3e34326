import { describe, expect, test } from 'vitest';
import { AppLocks } from '../../../src/deploy/lock.js';

describe('AppLocks', () => {
  test('one holder per app, waiters served in order, other apps independent', async () => {
    const locks = new AppLocks();
    const order: string[] = [];
    const r1 = await locks.acquire('a');
    let waited = 0;
    const p2 = locks.acquire('a', { onWait: () => waited++ }).then((r) => (order.push('second'), r));
    const p3 = locks.acquire('a', { onWait: () => waited++ }).then((r) => (order.push('third'), r));
    const other = await locks.acquire('b');
    expect(waited).toBe(2);
    expect(order).toEqual([]);
    r1();
    const r2 = await p2;
    expect(order).toEqual(['second']);
    r2();
    r2(); // releasing twice must not free the lock for a third holder early
    const r3 = await p3;
    expect(order).toEqual(['second', 'third']);
    expect(locks.isHeld('a')).toBe(true);
    r3();
    other();
    expect(locks.isHeld('a')).toBe(false);
    expect(locks.isHeld('b')).toBe(false);
  });

  test('a waiter that gives up leaves the queue', async () => {
    const locks = new AppLocks();
    const r1 = await locks.acquire('a');
    const abort = new AbortController();
    const gaveUp = locks.acquire('a', { signal: abort.signal });
    const next = locks.acquire('a');
    abort.abort(new Error('client left'));
    await expect(gaveUp).rejects.toThrow('client left');
    r1();
    const r3 = await next;
    r3();
    expect(locks.isHeld('a')).toBe(false);
  });
});
