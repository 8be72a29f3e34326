import { describe, expect, test } from 'vitest';
import { dockerfileImages } from '../../../src/build/dockerfile-refs.js';

describe('dockerfileImages', () => {
  test('FROM and COPY --from, stages and scratch left out', () => {
    const text = [
      '# syntax is not used',
      'FROM --platform=linux/amd64 node:20 AS deps',
      'RUN echo hi',
      'FROM deps AS build',
      'COPY --from=deps /a /b',
      'COPY --from=0 /a /b',
      'COPY --from=berth-abc/other:1-ff /app /stolen',
      'FROM scratch',
      'ADD --chown=1 --from=busybox:1 /bin/sh /sh',
    ].join('\n');
    expect(dockerfileImages(text)).toEqual(['node:20', 'berth-abc/other:1-ff', 'busybox:1']);
  });

  test('global ARGs, with build args over defaults', () => {
    const text = 'ARG BASE=busybox\nARG TAG="1.36"\nFROM ${BASE}:$TAG\nFROM ${MISSING:-alpine}\nFROM x${NONE:+y}z\n';
    expect(dockerfileImages(text)).toEqual(['busybox:1.36', 'alpine', 'xz']);
    expect(dockerfileImages(text, { BASE: 'berth-abc/other' })).toEqual(['berth-abc/other:1.36', 'alpine', 'xz']);
  });

  test('continuation lines, lowercase keywords and the escape directive', () => {
    expect(dockerfileImages('from \\\n  busybox \\\n  as base\nFROM base\n')).toEqual(['busybox']);
    expect(dockerfileImages('# escape=`\nFROM `\n  busybox\n')).toEqual(['busybox']);
  });

  test('an image name berth cannot work out is refused', () => {
    expect(() => dockerfileImages('FROM ${X:?missing}\n')).toThrow(/cannot work out/);
  });
});
