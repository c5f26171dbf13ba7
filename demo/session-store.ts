// Where the demo keeps its sessions: in this process's memory, so one instance only
// and nothing survives a restart. An integrator keeps them in Redis or its database;
// this store only adds what the plugin's default lacks: idle expiry and a size cap.

import type { Session } from 'fastify';

type Done = (err?: Error | null) => void;
type Found = (err: Error | null, session?: Session | null) => void;

export class BoundedMemoryStore {
  private readonly sessions = new Map<string, { session: Session; expires: number }>();

  constructor(
    private readonly idleMs: number,
    private readonly max: number,
    private readonly now: () => number = Date.now,
  ) {}

  set(id: string, session: Session, callback: Done): void {
    this.sessions.delete(id);
    this.sessions.set(id, { session, expires: this.now() + this.idleMs });
    // Map keeps insertion order: the first entries are the least recently written.
    for (const oldest of this.sessions.keys()) {
      if (this.sessions.size <= this.max) break;
      this.sessions.delete(oldest);
    }
    callback();
  }

  get(id: string, callback: Found): void {
    const entry = this.sessions.get(id);
    if (entry && entry.expires <= this.now()) this.sessions.delete(id);
    callback(null, entry && entry.expires > this.now() ? entry.session : undefined);
  }

  destroy(id: string, callback: Done): void {
    this.sessions.delete(id);
    callback();
  }

  get size(): number {
    return this.sessions.size;
  }
}
