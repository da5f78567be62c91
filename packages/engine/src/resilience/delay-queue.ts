import { missingInvariant } from '@dd/config/core';

interface Entry<T> {
  due: number;
  seq: number;
  item: T;
}

/**
 * Timer-based delay queue: items come back through `onDue` once their delay has passed. One timer
 * serves the earliest item; nothing else waits, so retries never block the frontier.
 */
export class DelayQueue<T> {
  private readonly heap: Entry<T>[] = [];
  private readonly onDue: (item: T) => void;
  private readonly now: () => number;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerDue = Number.POSITIVE_INFINITY;
  private sequence = 0;

  /** `onDue` receives each item when its time comes; `now` is a millisecond clock. */
  constructor(onDue: (item: T) => void, now: () => number = () => performance.now()) {
    this.onDue = onDue;
    this.now = now;
  }

  /** Items waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** Queues `item` to come back after `delayMs`. */
  schedule(item: T, delayMs: number): void {
    const entry = { due: this.now() + Math.max(0, delayMs), seq: ++this.sequence, item };
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    this.arm();
  }

  /** Removes items matching `predicate` (all by default) and returns them; stops the timer if empty. */
  remove(predicate: (item: T) => boolean = () => true): T[] {
    const kept: Entry<T>[] = [];
    const removed: T[] = [];
    for (const entry of this.heap) predicate(entry.item) ? removed.push(entry.item) : kept.push(entry);
    this.heap.length = 0;
    for (const entry of kept) {
      this.heap.push(entry);
      this.siftUp(this.heap.length - 1);
    }
    this.disarm();
    this.arm();
    return removed;
  }

  private arm(): void {
    const first = this.heap[0];
    if (first === undefined) return;
    if (this.timer !== undefined && this.timerDue <= first.due) return;
    this.disarm();
    this.timerDue = first.due;
    this.timer = setTimeout(() => this.fire(), Math.max(0, first.due - this.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
  }

  private fire(): void {
    this.timer = undefined;
    this.timerDue = Number.POSITIVE_INFINITY;
    const now = this.now() + 1; // timers may fire a hair early
    const due: T[] = [];
    while ((this.heap[0]?.due ?? Number.POSITIVE_INFINITY) <= now) due.push(this.popMin());
    this.arm();
    for (const item of due) this.onDue(item);
  }

  private popMin(): T {
    const heap = this.heap;
    const top = this.entry(0);
    const last = this.entry(heap.length - 1);
    heap.pop();
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top.item;
  }

  /** The heap entry at `index`, which callers keep within the heap's length. */
  private entry(index: number): Entry<T> {
    const entry = this.heap[index];
    if (entry === undefined) missingInvariant(`delay queue heap entry ${index}`);
    return entry;
  }

  private swap(a: number, b: number): void {
    const entryA = this.entry(a);
    this.heap[a] = this.entry(b);
    this.heap[b] = entryA;
  }

  private less(a: Entry<T>, b: Entry<T>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private siftUp(index: number): void {
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.less(this.entry(index), this.entry(parent))) return;
      this.swap(index, parent);
      index = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.less(this.entry(left), this.entry(smallest))) smallest = left;
      if (right < heap.length && this.less(this.entry(right), this.entry(smallest))) smallest = right;
      if (smallest === index) return;
      this.swap(index, smallest);
      index = smallest;
    }
  }
}
