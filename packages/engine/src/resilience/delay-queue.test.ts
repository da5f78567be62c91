import { describe, expect, it } from '@jest/globals';
import { DelayQueue } from './delay-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DelayQueue', () => {
  it('releases items in due order after their delay, with one timer', async () => {
    const released: Array<[string, number]> = [];
    const start = performance.now();
    const queue = new DelayQueue<string>((item) => released.push([item, performance.now() - start]));
    queue.schedule('late', 40);
    queue.schedule('early', 10);
    queue.schedule('middle', 25);
    expect(queue.size).toBe(3);
    await sleep(70);
    expect(released.map(([item]) => item)).toEqual(['early', 'middle', 'late']);
    expect(released[0]![1]).toBeGreaterThanOrEqual(9);
    expect(released[2]![1]).toBeGreaterThanOrEqual(39);
    expect(queue.size).toBe(0);
  });

  it('removes items and stops its timer', async () => {
    const released: string[] = [];
    const queue = new DelayQueue<string>((item) => released.push(item));
    queue.schedule('a', 5);
    queue.schedule('b', 5);
    expect(queue.remove((item) => item === 'a')).toEqual(['a']);
    await sleep(20);
    expect(released).toEqual(['b']);
    queue.schedule('c', 5);
    expect(queue.remove()).toEqual(['c']);
    await sleep(15);
    expect(released).toEqual(['b']);
  });
});
