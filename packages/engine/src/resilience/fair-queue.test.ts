import { describe, expect, it } from '@jest/globals';
import { FairTaskQueue } from './fair-queue.js';

interface Item {
  node: number;
  id: string;
  stale?: boolean;
}

const makeQueue = (weights: number[], discarded: Item[] = []) =>
  new FairTaskQueue<Item>(weights, { isStale: (item) => item.stale === true, onDiscard: (item) => discarded.push(item) });

const drain = (queue: FairTaskQueue<Item>, admit: (node: number) => boolean = () => true): string[] => {
  const order: string[] = [];
  for (let item = queue.dequeue(admit); item !== undefined; item = queue.dequeue(admit)) order.push(item.id);
  return order;
};

describe('FairTaskQueue', () => {
  it('round-robins across groups of equal weight, FIFO inside a group', () => {
    const queue = makeQueue([1, 1, 1]);
    for (const id of ['a1', 'a2', 'a3']) queue.enqueue({ node: 0, id });
    for (const id of ['b1', 'b2']) queue.enqueue({ node: 1, id });
    queue.enqueue({ node: 2, id: 'c1' });
    expect(drain(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('gives proportionally more turns to heavier groups', () => {
    const queue = makeQueue([2, 1]);
    for (let i = 0; i < 6; i++) queue.enqueue({ node: 0, id: 'A' });
    for (let i = 0; i < 3; i++) queue.enqueue({ node: 1, id: 'B' });
    // After the first exchange, A gets two turns for each of B's.
    expect(drain(queue).join('')).toBe('ABABAABAA');
  });

  it('skips groups admission denies and keeps their turn', () => {
    const queue = makeQueue([1, 1]);
    queue.enqueue({ node: 0, id: 'a1' });
    queue.enqueue({ node: 0, id: 'a2' });
    queue.enqueue({ node: 1, id: 'b1' });
    expect(queue.dequeue((node) => node === 1)?.id).toBe('b1');
    expect(queue.dequeue((node) => node === 1)).toBeUndefined();
    expect(drain(queue)).toEqual(['a1', 'a2']);
  });

  it('does not let an idle group bank credit', () => {
    const queue = makeQueue([1, 1]);
    for (let i = 1; i <= 4; i++) queue.enqueue({ node: 0, id: `a${i}` });
    expect(drain(queue)).toEqual(['a1', 'a2', 'a3', 'a4']);
    for (let i = 5; i <= 7; i++) queue.enqueue({ node: 0, id: `a${i}` });
    for (let i = 1; i <= 3; i++) queue.enqueue({ node: 1, id: `b${i}` });
    // b starts at the current virtual time (one turn ahead of a, whose last turn ended later), then
    // alternates: it did not bank the turns it missed while idle.
    expect(drain(queue)).toEqual(['b1', 'a5', 'b2', 'a6', 'b3', 'a7']);
  });

  it('discards stale heads and reports them', () => {
    const discarded: Item[] = [];
    const queue = makeQueue([1], discarded);
    queue.enqueue({ node: 0, id: 'x', stale: true });
    queue.enqueue({ node: 0, id: 'y' });
    expect(drain(queue)).toEqual(['y']);
    expect(discarded.map((item) => item.id)).toEqual(['x']);
    expect(queue.size).toBe(0);
  });
});

describe('FairQueue (generic groups, heads and take)', () => {
  it('serves dynamically added groups round-robin through heads/take, and discards stale heads', async () => {
    const { FairQueue } = await import('./fair-queue.js');
    const discarded: string[] = [];
    const queue = new FairQueue<{ group: number; id: string }>([], {
      groupOf: (item) => item.group,
      isStale: (item) => item.id.startsWith('stale'),
      onDiscard: (item) => discarded.push(item.id),
    });
    const a = queue.addGroup();
    const b = queue.addGroup();
    for (const id of ['a1', 'a2', 'a3']) queue.enqueue({ group: a, id });
    for (const id of ['stale-b', 'b1', 'b2']) queue.enqueue({ group: b, id });
    const served: string[] = [];
    for (;;) {
      const [head] = queue.heads();
      if (head === undefined) break;
      served.push(queue.take(head.group)!.id);
    }
    expect(served).toEqual(['a1', 'b1', 'a2', 'b2', 'a3']);
    expect(discarded).toEqual(['stale-b']);
    expect(queue.size).toBe(0);
  });
});
