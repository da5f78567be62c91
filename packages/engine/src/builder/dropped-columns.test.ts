import { matchesColumnGlob } from './dropped-columns.js';

describe('matchesColumnGlob', () => {
  it.each([
    ['a', 'a', true],
    ['a', 'ab', false],
    ['*__trace', 'answer__trace', true],
    ['*__trace', 'answer', false],
    ['col?', 'col1', true],
    ['col[12]', 'col2', true],
    ['col[!12]', 'col2', false],
    ['a.b', 'axb', false],
  ])('%s vs %s → %s', (pattern, name, expected) => {
    expect(matchesColumnGlob(pattern, name)).toBe(expected);
  });
});
