import { missingInvariant } from '@dd/config';
import type { GraphNode } from '../dag/graph-node.js';
import type { AdmissionStore } from './admission-store.js';

/**
 * Per generator node: its admission resource, whether it is a root, and, during one dispatch pass, which
 * resources already refused (a resource that refused once is not asked again in that pass).
 */
export class NodeResources {
  /** Resource name and id per node. */
  private readonly nodeResource: string[];
  private readonly nodeResourceId: Int32Array;
  private readonly resourceDeniedPass: Int32Array;
  private readonly nodeIsRoot: boolean[];
  private pass = 0;

  constructor(
    nodes: readonly GraphNode[],
    private readonly store: AdmissionStore,
  ) {
    const resourceIds = new Map<string, number>();
    this.nodeResource = nodes.map((node) => node.resource);
    this.nodeResourceId = Int32Array.from(nodes, (node) => {
      let id = resourceIds.get(node.resource);
      if (id === undefined) {
        id = resourceIds.size;
        resourceIds.set(node.resource, id);
      }
      return id;
    });
    this.resourceDeniedPass = new Int32Array(resourceIds.size);
    this.nodeIsRoot = nodes.map((node) => node.isRoot);
  }

  /** The admission resource of a node (set for every node in the constructor). */
  resourceOf(node: number): string {
    const resource = this.nodeResource[node];
    if (resource === undefined) missingInvariant(`the resource of node ${node}`);
    return resource;
  }

  /** True for a root generator (no upstreams: never parked for the pre-batch hook). */
  isRoot(node: number): boolean {
    return this.nodeIsRoot[node] === true;
  }

  /** Starts a dispatch pass; the returned check takes one unit of the node's resource, or says no. */
  startPass(): (node: number) => boolean {
    this.pass++;
    return (node: number): boolean => {
      const resourceId = this.nodeResourceId[node] ?? -1;
      if (this.resourceDeniedPass[resourceId] === this.pass) return false;
      if (this.store.tryAcquire(this.resourceOf(node))) return true;
      this.resourceDeniedPass[resourceId] = this.pass;
      return false;
    };
  }
}
