import { definedOrThrow } from '@dd/config';
import { FairQueue } from '../../resilience/fair-queue.js';

interface Entry<W> {
  readonly group: number;
  readonly item: W;
}

/**
 * Per-resource FIFO queues of admission waiters served in virtual-time order (weight 1 each), so no
 * resource starves another: the engine's one fair queue (`FairQueue`) keyed by resource name.
 */
export class FairWaiterQueue<W> {
  private readonly groups = new Map<string, number>();
  private readonly queue = new FairQueue<Entry<W>>([], { groupOf: (entry) => entry.group });
  private readonly sizes: number[] = [];

  private groupOf(resource: string): number {
    let group = this.groups.get(resource);
    if (group === undefined) {
      group = this.queue.addGroup(1);
      this.groups.set(resource, group);
      this.sizes[group] = 0;
    }
    return group;
  }

  /** Adds `item` at the back of `resource`'s queue; a queue that was idle catches up to the current virtual time. */
  push(resource: string, item: W): void {
    const group = this.groupOf(resource);
    this.queue.enqueue({ group, item });
    this.sizes[group] = (this.sizes[group] ?? 0) + 1;
  }

  /** Removes `item` wherever it waits; false when it was not queued. */
  remove(resource: string, item: W): boolean {
    const group = this.groups.get(resource);
    if (group === undefined) return false;
    let removed = false;
    this.queue.drain((entry) => {
      if (removed || entry.group !== group || entry.item !== item) return false;
      removed = true;
      return true;
    });
    if (removed) this.sizes[group] = (this.sizes[group] ?? 0) - 1;
    return removed;
  }

  /** Heads of the non-empty queues, in service order (lowest virtual time, then oldest head). */
  heads(): Array<{ resource: string; item: W }> {
    const names = this.names();
    return this.queue.heads().map(({ group, item }) => ({ resource: definedOrThrow(names[group], `the name of waiter queue ${group}`), item: item.item }));
  }

  /** Takes the head of `resource` (it was served) and charges the resource one unit of virtual time. */
  shift(resource: string): W | undefined {
    const group = this.groups.get(resource);
    const entry = group === undefined ? undefined : this.queue.take(group);
    if (entry === undefined) return undefined;
    this.sizes[entry.group] = (this.sizes[entry.group] ?? 0) - 1;
    return entry.item;
  }

  /** Removes and returns every waiting item. */
  clear(): W[] {
    this.sizes.fill(0);
    return this.queue.drain().map((entry) => entry.item);
  }

  /** Items waiting on `resource`. */
  size(resource: string): number {
    const group = this.groups.get(resource);
    return group === undefined ? 0 : (this.sizes[group] ?? 0);
  }

  /** Items waiting in all queues. */
  get total(): number {
    return this.queue.size;
  }

  private names(): string[] {
    const names: string[] = [];
    for (const [name, group] of this.groups) names[group] = name;
    return names;
  }
}
