import type { RandomSource } from './create-random-source.js';

const pad = (n: number): string => String(n).padStart(2, '0');

/** A random ISO birth date (`YYYY-MM-DD`) such that the person is `age` years old today. */
export function generateBirthDate(age: number, random: RandomSource, today: Date = new Date()): string {
  const y = today.getUTCFullYear();
  const m = today.getUTCMonth();
  const d = today.getUTCDate();
  const start = Date.UTC(y - age - 1, m, d);
  const end = Date.UTC(y - age, m, d);
  const days = Math.round((end - start) / 86_400_000);
  const birth = new Date(start + random.integer(0, days + 1) * 86_400_000);
  return `${birth.getUTCFullYear()}-${pad(birth.getUTCMonth() + 1)}-${pad(birth.getUTCDate())}`;
}
