import { describe, expect, test } from 'vitest';
import { splitWords } from '../../../src/server/words.js';

describe('splitWords', () => {
  test.each([
    ['apps:list', ['apps:list']],
    ['  config:set  app  K=V  ', ['config:set', 'app', 'K=V']],
    [`config:set app 'A=hello world' "B=two words"`, ['config:set', 'app', 'A=hello world', 'B=two words']],
    [`x "a \\"quoted\\" word" 'it'\\''s'`, ['x', 'a "quoted" word', "it's"]],
    [`x a\\ b ''`, ['x', 'a b', '']],
    [`git-receive-pack '/my app.git'`, ['git-receive-pack', '/my app.git']],
  ])('%s', (line, words) => {
    expect(splitWords(line)).toEqual(words);
  });

  test('shell metacharacters are literal text', () => {
    expect(splitWords('apps:create a;rm -rf / $(id) `id` | cat && x > y')).toEqual([
      'apps:create', 'a;rm', '-rf', '/', '$(id)', '`id`', '|', 'cat', '&&', 'x', '>', 'y',
    ]);
    expect(splitWords(`x "$(id)" '\`id\`'`)).toEqual(['x', '$(id)', '`id`']);
  });

  test('an unterminated quote is one clear error', () => {
    expect(() => splitWords(`x 'abc`)).toThrow('unterminated single quote in command');
  });
});
