import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * Hands a fixed set of DuckDB connections to queries, one query (or fallback chain) per connection at a
 * time, first come first served: independent statistics then run side by side on the instance, each
 * connection's query on its own thread.
 */
export class ConnectionPool {
  private readonly idle: DuckDBConnection[];
  private readonly waiting: Array<(connection: DuckDBConnection) => void> = [];

  constructor(connections: readonly DuckDBConnection[]) {
    if (connections.length === 0) throw new RangeError('ConnectionPool needs at least one connection.');
    this.idle = [...connections];
  }

  /** Runs `work` on a free connection (waiting for one), then hands the connection to the next waiter. */
  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = this.idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.waiting.shift();
      if (next) next(connection);
      else this.idle.push(connection);
    }
  }
}
