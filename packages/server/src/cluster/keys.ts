/**
 * Where Parley keeps cluster state in Redis. One prefix per deployment (tests use one per
 * test so they can share a redis-server); every key of a deployment starts with it.
 */
export class ClusterKeys {
  constructor(readonly prefix = 'parley:') {}

  /** One room's state (JSON), present while anyone is in it. */
  room(roomId: string): string {
    return `${this.prefix}room:${roomId}`;
  }

  /** Ids of the rooms that exist now (for stats without scanning the key space). */
  get rooms(): string {
    return `${this.prefix}rooms`;
  }

  /** How many participants are in rooms now, across all nodes. */
  get participants(): string {
    return `${this.prefix}participants`;
  }

  /** Nodes that have announced themselves (alive or not yet reaped). */
  get nodes(): string {
    return `${this.prefix}nodes`;
  }

  /** Present (with a TTL) while the node is alive. */
  alive(nodeId: string): string {
    return `${this.prefix}node:${nodeId}:alive`;
  }

  /** Rooms where the node serves at least one participant (what to clean when it dies). */
  nodeRooms(nodeId: string): string {
    return `${this.prefix}node:${nodeId}:rooms`;
  }

  /** Public URL of each node → when it last beat (ms); kept after a node dies so its pages stay trusted. */
  get nodeUrls(): string {
    return `${this.prefix}node-urls`;
  }

  /** Names the current room data: a new value means Redis lost its data (restarted without persistence). */
  get epoch(): string {
    return `${this.prefix}epoch`;
  }

  /** Held by the one node that cleans up after a dead node, so two do not race. */
  reaping(nodeId: string): string {
    return `${this.prefix}node:${nodeId}:reaping`;
  }
}
