/** Per-resource FIFO queues served in virtual-time order (weight 1 each), so no resource starves another. */
export class FairWaiterQueue<W> {
  private readonly queues = new Map<string, { vtime: number; items: Array<{ seq: number; item: W }> }>();
  private virtualTime = 0;
  private seq = 0;

  /** Adds `item` at the back of `resource`'s queue; a queue that was idle catches up to the current virtual time. */
  push(resource: string, item: W): void {
    let queue = this.queues.get(resource);
    if (queue === undefined) {
      queue = { vtime: this.virtualTime, items: [] };
      this.queues.set(resource, queue);
    } else if (queue.items.length === 0) {
      queue.vtime = Math.max(queue.vtime, this.virtualTime);
    }
    queue.items.push({ seq: this.seq++, item });
  }

  /** Removes `item` wherever it waits; false when it was not queued. */
  remove(resource: string, item: W): boolean {
    const queue = this.queues.get(resource);
    const index = queue?.items.findIndex((entry) => entry.item === item) ?? -1;
    if (queue === undefined || index < 0) return false;
    queue.items.splice(index, 1);
    return true;
  }

  /** Heads of the non-empty queues, in service order (lowest virtual time, then oldest head). */
  heads(): Array<{ resource: string; item: W }> {
    const heads: Array<{ resource: string; item: W; vtime: number; seq: number }> = [];
    for (const [resource, queue] of this.queues) {
      const head = queue.items[0];
      if (head !== undefined) heads.push({ resource, item: head.item, vtime: queue.vtime, seq: head.seq });
    }
    heads.sort((a, b) => a.vtime - b.vtime || a.seq - b.seq);
    return heads.map(({ resource, item }) => ({ resource, item }));
  }

  /** Takes the head of `resource` (it was served) and charges the resource one unit of virtual time. */
  shift(resource: string): W | undefined {
    const queue = this.queues.get(resource);
    const head = queue?.items.shift();
    if (queue === undefined || head === undefined) return undefined;
    this.virtualTime = Math.max(this.virtualTime, queue.vtime);
    queue.vtime += 1;
    return head.item;
  }

  /** Removes and returns every waiting item. */
  clear(): W[] {
    const items: W[] = [];
    for (const queue of this.queues.values()) items.push(...queue.items.map((entry) => entry.item));
    this.queues.clear();
    return items;
  }

  /** Items waiting on `resource`. */
  size(resource: string): number {
    return this.queues.get(resource)?.items.length ?? 0;
  }

  /** Items waiting in all queues. */
  get total(): number {
    let total = 0;
    for (const queue of this.queues.values()) total += queue.items.length;
    return total;
  }
}
