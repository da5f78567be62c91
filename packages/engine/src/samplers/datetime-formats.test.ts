import { formatIsoSeconds, formatStrftime } from './format-strftime.js';
import { parseDatetime } from './parse-datetime.js';

const iso = (text: string): string | null => {
  const s = parseDatetime(text);
  return s === null ? null : formatIsoSeconds(s);
};

describe('parseDatetime', () => {
  test.each([
    ['2024', '2024-01-01T00:00:00'],
    ['2024-03', '2024-03-01T00:00:00'],
    ['2024-03-05', '2024-03-05T00:00:00'],
    ['2024-03-05 10:30', '2024-03-05T10:30:00'],
    ['2024-03-05T10:30:15.250', '2024-03-05T10:30:15'],
    ['2024-03-05T10:30:15+02:00', '2024-03-05T08:30:15'],
    ['2024-03-05T10:30:15Z', '2024-03-05T10:30:15'],
    ['20240305', '2024-03-05T00:00:00'],
    ['2024/03/05', '2024-03-05T00:00:00'],
    ['03/05/2024', '2024-03-05T00:00:00'],
    ['Jan 1 2024', '2024-01-01T00:00:00'],
    ['1 March 2024 10:00', '2024-03-01T10:00:00'],
  ])('%s', (text, expected) => expect(iso(text)).toBe(expected));

  test.each(['not a date', '2024-13-01', '2024-02-30', '', 'yyyy'])('rejects %j', (text) => expect(parseDatetime(text)).toBeNull());
});

describe('formatStrftime', () => {
  const t = parseDatetime('2012-12-21 15:04:05') as number;
  test('common directives', () => {
    expect(formatStrftime(t, '%Y-%m-%d %H:%M:%S')).toBe('2012-12-21 15:04:05');
    expect(formatStrftime(t, '%y %b %B %a %A %j %I%p %%')).toBe('12 Dec December Fri Friday 356 03PM %');
    expect(formatStrftime(t, '%F %T')).toBe('2012-12-21 15:04:05');
  });
});
