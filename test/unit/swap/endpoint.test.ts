import { expect, test } from 'vitest';
import { pickAddress } from '../../../src/swap/endpoint.js';

test("the router goes to the app network's address, else the first a network gave, else none (host network)", () => {
  expect(pickAddress({ 'berth-i1.web': '10.200.0.2', shared: '10.200.9.3' }, 'berth-i1.web')).toBe('10.200.0.2');
  expect(pickAddress({ host: '', shared: '10.200.9.3' }, 'berth-i1.web')).toBe('10.200.9.3');
  expect(pickAddress({ host: '' }, 'berth-i1.web')).toBeUndefined();
  expect(pickAddress({}, 'berth-i1.web')).toBeUndefined();
});
