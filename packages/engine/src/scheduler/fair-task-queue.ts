/** What the fair queue needs to know about a queued item: the group (generator) it belongs to. */
export interface FairQueueItem {
  /** Group index (the generator's node index). */
  readonly node: number;
}

/** Callbacks that let the queue skip items that no longer need to run. */
export interface FairQueueCallbacks<T> {
  /** True when an item should be discarded instead of dispatched (row dropped, group closed). */
  isStale(item: T): boolean;
  /** Called for every discarded item. */
  onDiscard(item: T): void;
}

interface Group<T> {
  items: T[];
  head: number;
  weight: number;
  /** Virtual finish time of the group's last turn. */
  finish: number;
  /** Ordering key while active: virtual start tag, then activation sequence. */
  tag: number;
  seq: number;
  tried: number;
}

/**
 * Virtual-time fair queue over groups (one per generator). Each group is a FIFO; among groups with
 * work, the one with the smallest (tag, activation) whose head passes admission goes next, then
 * `vt = max(vt, tag)` and the group's next tag is `vt + 1/weight`. Equal weights give round-robin
 * across generators; a weight of 3 gets three turns for every one of a weight-1 peer. A group that
 * becomes active starts at `max(its last finish, vt)`, so it cannot bank turns while idle.
 */
export class FairTaskQueue<T extends FairQueueItem> {
  private readonly groups: Group<T>[];
  private readonly callbacks: FairQueueCallbacks<T>;
  private virtualTime = 0;
  private sequence = 0;
  private attempt = 0;
  private count = 0;

  /** One group per entry of `weights` (weights below 1 count as 1). */
  constructor(weights: readonly number[], callbacks: FairQueueCallbacks<T>) {
    this.callbacks = callbacks;
    this.groups = weights.map((weight) => ({
      items: [],
      head: 0,
      weight: Math.max(1, weight),
      finish: 0,
      tag: 0,
      seq: 0,
      tried: 0,
    }));
  }

  /** Items queued, stale ones included until they reach a group's head. */
  get size(): number {
    return this.count;
  }

  /** Items queued in one group. */
  groupSize(node: number): number {
    const group = this.groups[node]!;
    return group.items.length - group.head;
  }

  /** Appends an item to its group's FIFO. */
  enqueue(item: T): void {
    const group = this.groups[item.node]!;
    if (group.head === group.items.length) {
      // Activation: no credit for idle time.
      group.tag = Math.max(group.finish, this.virtualTime);
      group.seq = ++this.sequence;
    }
    group.items.push(item);
    this.count++;
  }

  /**
   * Removes and returns the next item whose group `admit` accepts (`admit` takes the lease as a
   * side effect when it returns true), or undefined when no group with work is admitted.
   */
  dequeue(admit: (node: number) => boolean): T | undefined {
    const attempt = ++this.attempt;
    const groups = this.groups;
    for (;;) {
      let best = -1;
      let bestGroup: Group<T> | undefined;
      for (let node = 0; node < groups.length; node++) {
        const group = groups[node]!;
        if (group.tried === attempt || !this.dropStaleHeads(group)) continue;
        if (
          bestGroup === undefined ||
          group.tag < bestGroup.tag ||
          (group.tag === bestGroup.tag && group.seq < bestGroup.seq)
        ) {
          best = node;
          bestGroup = group;
        }
      }
      if (bestGroup === undefined) return undefined;
      if (!admit(best)) {
        bestGroup.tried = attempt;
        continue;
      }
      const item = this.pop(bestGroup);
      this.virtualTime = Math.max(this.virtualTime, bestGroup.tag);
      bestGroup.finish = this.virtualTime + 1 / bestGroup.weight;
      if (bestGroup.head < bestGroup.items.length) {
        bestGroup.tag = bestGroup.finish;
        bestGroup.seq = ++this.sequence;
      }
      return item;
    }
  }

  /** Removes every item matching `predicate`, returning them (used when a run stops). */
  drain(predicate: (item: T) => boolean = () => true): T[] {
    const removed: T[] = [];
    for (const group of this.groups) {
      const kept: T[] = [];
      for (let i = group.head; i < group.items.length; i++) {
        const item = group.items[i]!;
        (predicate(item) ? removed : kept).push(item);
      }
      group.items = kept;
      group.head = 0;
    }
    this.count -= removed.length;
    return removed;
  }

  /** Pops stale heads; true when the group still has a live head. */
  private dropStaleHeads(group: Group<T>): boolean {
    while (group.head < group.items.length) {
      const item = group.items[group.head]!;
      if (!this.callbacks.isStale(item)) return true;
      this.pop(group);
      this.callbacks.onDiscard(item);
    }
    return false;
  }

  private pop(group: Group<T>): T {
    const item = group.items[group.head]!;
    group.items[group.head] = undefined as unknown as T;
    group.head++;
    this.count--;
    if (group.head === group.items.length) {
      group.items.length = 0;
      group.head = 0;
    } else if (group.head >= 4096 && group.head * 2 >= group.items.length) {
      group.items = group.items.slice(group.head);
      group.head = 0;
    }
    return item;
  }
}
