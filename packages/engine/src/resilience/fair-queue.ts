import { definedOrThrow, missingInvariant } from '@dd/config';

/** What the scheduler's fair queue needs to know about a queued item: the group (generator) it belongs to. */
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

/** Options of a `FairQueue`. */
export interface FairQueueOptions<T> extends Partial<FairQueueCallbacks<T>> {
  /** Group index of an item. */
  groupOf(item: T): number;
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

const newGroup = <T>(weight: number): Group<T> => ({ items: [], head: 0, weight: Math.max(1, weight), finish: 0, tag: 0, seq: 0, tried: 0 });

/**
 * The engine's one virtual-time fair queue (scheduler tasks per generator, admission waiters per
 * resource). Each group is a FIFO; among groups with work, the one with the smallest (tag, activation)
 * whose head passes admission goes next, then `vt = max(vt, tag)` and the group's next tag is
 * `vt + 1/weight`. Equal weights give round-robin across groups; a weight of 3 gets three turns for
 * every one of a weight-1 peer. A group that becomes active starts at `max(its last finish, vt)`, so it
 * cannot bank turns while idle. Stale items (per `isStale`) are discarded when they reach a head.
 */
export class FairQueue<T> {
  private readonly groups: Group<T>[];
  private readonly groupOf: (item: T) => number;
  private readonly isStale: (item: T) => boolean;
  private readonly onDiscard: (item: T) => void;
  private virtualTime = 0;
  private sequence = 0;
  private attempt = 0;
  private count = 0;

  /** One group per entry of `weights` (weights below 1 count as 1); more with `addGroup`. */
  constructor(weights: readonly number[], options: FairQueueOptions<T>) {
    this.groupOf = options.groupOf;
    this.isStale = options.isStale ?? (() => false);
    this.onDiscard = options.onDiscard ?? (() => undefined);
    this.groups = weights.map((weight) => newGroup<T>(weight));
  }

  /** Adds a group and returns its index. */
  addGroup(weight = 1): number {
    this.groups.push(newGroup<T>(weight));
    return this.groups.length - 1;
  }

  /** Items queued, stale ones included until they reach a group's head. */
  get size(): number {
    return this.count;
  }

  /** Items queued in one group. */
  groupSize(node: number): number {
    const group = this.group(node);
    return group.items.length - group.head;
  }

  /** Appends an item to its group's FIFO. */
  enqueue(item: T): void {
    const group = this.group(this.groupOf(item));
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
        const group = this.group(node);
        if (group.tried === attempt || !this.dropStaleHeads(group)) continue;
        if (bestGroup === undefined || group.tag < bestGroup.tag || (group.tag === bestGroup.tag && group.seq < bestGroup.seq)) {
          best = node;
          bestGroup = group;
        }
      }
      if (bestGroup === undefined) return undefined;
      if (!admit(best)) {
        bestGroup.tried = attempt;
        continue;
      }
      return this.serve(bestGroup);
    }
  }

  /** Live heads of the groups with work, in service order (stale heads are discarded first). */
  heads(): Array<{ group: number; item: T }> {
    const live: Array<{ group: number; item: T; tag: number; seq: number }> = [];
    this.groups.forEach((group, index) => {
      if (this.dropStaleHeads(group)) live.push({ group: index, item: headOf(group), tag: group.tag, seq: group.seq });
    });
    live.sort((a, b) => a.tag - b.tag || a.seq - b.seq);
    return live.map(({ group, item }) => ({ group, item }));
  }

  /** Takes the head of `group` (it is being served) and charges the group one turn. */
  take(group: number): T | undefined {
    const state = this.groups[group];
    if (state === undefined || !this.dropStaleHeads(state)) return undefined;
    return this.serve(state);
  }

  private serve(group: Group<T>): T {
    const item = this.pop(group);
    this.virtualTime = Math.max(this.virtualTime, group.tag);
    group.finish = this.virtualTime + 1 / group.weight;
    if (group.head < group.items.length) {
      group.tag = group.finish;
      group.seq = ++this.sequence;
    }
    return item;
  }

  /** Removes every item matching `predicate`, returning them (used when a run stops). */
  drain(predicate: (item: T) => boolean = () => true): T[] {
    const removed: T[] = [];
    for (const group of this.groups) {
      const kept: T[] = [];
      for (let i = group.head; i < group.items.length; i++) {
        const item = group.items[i];
        if (item === undefined) missingInvariant(`queued item ${i}`);
        (predicate(item) ? removed : kept).push(item);
      }
      group.items = kept;
      group.head = 0;
    }
    this.count -= removed.length;
    return removed;
  }

  /** The group at `node`, an index this queue handed out through `addGroup`. */
  private group(node: number): Group<T> {
    const group = this.groups[node];
    if (group === undefined) missingInvariant(`fair queue group ${node}`);
    return group;
  }

  /** Pops stale heads; true when the group still has a live head. */
  private dropStaleHeads(group: Group<T>): boolean {
    while (group.head < group.items.length) {
      const item = headOf(group);
      if (!this.isStale(item)) return true;
      this.pop(group);
      this.onDiscard(item);
    }
    return false;
  }

  private pop(group: Group<T>): T {
    const item = headOf(group);
    (group.items as Array<T | undefined>)[group.head] = undefined;
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

/** The scheduler's fair queue: one group per generator node (`item.node`). */
export class FairTaskQueue<T extends FairQueueItem> extends FairQueue<T> {
  /** One group per entry of `weights`, in node order. */
  constructor(weights: readonly number[], callbacks: FairQueueCallbacks<T>) {
    super(weights, { ...callbacks, groupOf: (item) => item.node });
  }
}

/** The item at the head of a group that has one (`head < items.length`). */
function headOf<T>(group: Group<T>): T {
  return definedOrThrow(group.items[group.head], `the head of a fair queue group`);
}
