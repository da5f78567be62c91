import { freeFormObject, isFloatLiteral, markFloatLiteral } from './free-form-object.js';

it('keeps the parsed object and its float marks', () => {
  const source = { k: 1 };
  markFloatLiteral(source, 'k');
  const parsed = freeFormObject().parse(source);
  expect(parsed).toBe(source);
  expect(isFloatLiteral(parsed, 'k')).toBe(true);
  expect(isFloatLiteral(parsed, 'other')).toBe(false);
  expect(() => freeFormObject().parse([1])).toThrow('expected an object');
});
