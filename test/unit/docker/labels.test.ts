import { describe, expect, test } from 'vitest';
import {
  appLabels,
  cacheVolumeName,
  imageLabels,
  imageRepo,
  imageTag,
  imageTagOwner,
  networkName,
  processContainerName,
  runContainerName,
  runLabels,
  taskContainerName,
  taskLabels,
} from '../../../src/docker/labels.js';
import { appNetworkSpec, freeSubnet } from '../../../src/apps/network.js';

describe('engine names carry the instance', () => {
  test('images, containers, volumes and networks', () => {
    expect(imageRepo('a1b2c3', 'web')).toBe('berth-a1b2c3/web');
    expect(imageTag('a1b2c3', 'web', 7, '0123456789abcdef')).toBe('berth-a1b2c3/web:7-0123456789abcdef');
    expect(processContainerName('a1b2c3', 'web', 'worker', 2, 7)).toBe('berth-a1b2c3.web.worker.2.7');
    expect(taskContainerName('a1b2c3', 'web', 'release', 7)).toBe('berth-a1b2c3.web.release.7');
    expect(runContainerName('a1b2c3', 'web', 'ff00aa')).toBe('berth-a1b2c3.web.run.ff00aa');
    expect(cacheVolumeName('a1b2c3', 'web')).toBe('berth-a1b2c3.web.cache');
    expect(networkName('a1b2c3', 'web')).toBe('berth-a1b2c3.web');
  });

  test('two homes never share a name', () => {
    expect(imageRepo('aaaaaa', 'web')).not.toBe(imageRepo('bbbbbb', 'web'));
    expect(processContainerName('aaaaaa', 'web', 'web', 1, 1)).not.toBe(processContainerName('bbbbbb', 'web', 'web', 1, 1));
    expect(cacheVolumeName('aaaaaa', 'web')).not.toBe(cacheVolumeName('bbbbbb', 'web'));
  });

  test('labels', () => {
    expect(appLabels('i1', 'web')).toEqual({ 'berth.instance': 'i1', 'berth.app': 'web' });
    expect(imageLabels('i1', 'web', 'dockerfile')).toEqual({ 'berth.instance': 'i1', 'berth.app': 'web' });
    expect(imageLabels('i1', 'web', 'herokuish')).toEqual({ 'berth.instance': 'i1', 'berth.app': 'web', 'berth.builder': 'herokuish' });
    expect(taskLabels('i1', 'web', 3, 'release')).toEqual({ 'berth.instance': 'i1', 'berth.app': 'web', 'berth.deploy': '3', 'berth.task': 'release' });
    expect(runLabels('i1', 'web')).toEqual({ 'berth.instance': 'i1', 'berth.app': 'web', 'berth.run': '1' });
  });

  test('the owner of a tag', () => {
    expect(imageTagOwner('berth-a1b2c3/web:7-00ff')).toEqual({ instance: 'a1b2c3', app: 'web' });
    expect(imageTagOwner('berth/web:7')).toBeUndefined();
    expect(imageTagOwner('berth-fixture/busybox:latest')).toBeUndefined();
    expect(imageTagOwner('registry:5000/berth-a1/web:1')).toBeUndefined();
  });
});

describe('app networks', () => {
  test('the spec', () => {
    expect(appNetworkSpec('i1', 'web', '10.200.3.0/24')).toEqual({ Name: 'berth-i1.web', Labels: { 'berth.instance': 'i1', 'berth.app': 'web' }, Subnet: '10.200.3.0/24' });
  });

  test('the first free subnet of the pool', () => {
    expect(freeSubnet('10.200.0.0/14', 24, [])).toBe('10.200.0.0/24');
    expect(freeSubnet('10.200.0.0/14', 24, ['172.17.0.0/16', '10.200.0.0/24', '10.200.1.0/24'])).toBe('10.200.2.0/24');
    expect(freeSubnet('10.200.0.0/14', 24, ['10.200.0.0/16'])).toBe('10.201.0.0/24');
    expect(freeSubnet('10.200.0.0/14', 24, ['10.200.0.7/32'])).toBe('10.200.1.0/24');
    expect(freeSubnet('10.200.0.0/14', 24, ['10.0.0.0/8'])).toBeUndefined();
    expect(freeSubnet('10.203.255.0/24', 24, [])).toBe('10.203.255.0/24');
  });
});
