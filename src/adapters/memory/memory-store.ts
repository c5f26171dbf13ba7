// The in-process SessionStore for development: the same contract as Redis on one
// instance. JavaScript runs one callback at a time, so each method is atomic.

import type { Logger } from 'pino';
import type { SessionStore } from '../../ports/session-store.js';

interface Entry {
  value: string;
  expiresAt: number;
}

const SWEEP_INTERVAL_MS = 60_000;

export class MemoryStore implements SessionStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    logger: Logger,
    private readonly now: () => number = Date.now,
  ) {
    logger.warn(
      { event: 'store.memory' },
      'login state is kept in process memory: it serves a single instance only and is lost on restart (set REDIS_URL)',
    );
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS).unref();
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.entries.set(key, { value, expiresAt: this.expiry(ttlMs) });
  }

  async setIfAbsent(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)) return false;
    this.entries.set(key, { value, expiresAt: this.expiry(ttlMs) });
    return true;
  }

  async compareAndSet(key: string, expected: string, next: string, ttlMs: number): Promise<boolean> {
    if (this.live(key)?.value !== expected) return false;
    this.entries.set(key, { value: next, expiresAt: this.expiry(ttlMs) });
    return true;
  }

  async take(key: string): Promise<string | null> {
    const entry = this.live(key);
    this.entries.delete(key);
    return entry?.value ?? null;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async increment(key: string, ttlMs: number): Promise<number> {
    const entry = this.live(key);
    const count = entry ? Number(entry.value) + 1 : 1;
    this.entries.set(key, { value: String(count), expiresAt: entry?.expiresAt ?? this.expiry(ttlMs) });
    return count;
  }

  async addMember(key: string, member: string, ttlMs: number): Promise<void> {
    const entry = this.live(key);
    const members = new Set<string>(entry ? (JSON.parse(entry.value) as string[]) : []).add(member);
    const expiresAt = Math.max(entry?.expiresAt ?? 0, this.expiry(ttlMs));
    this.entries.set(key, { value: JSON.stringify([...members]), expiresAt });
  }

  async members(key: string): Promise<string[]> {
    const entry = this.live(key);
    return entry ? (JSON.parse(entry.value) as string[]) : [];
  }

  async ttl(key: string): Promise<number | null> {
    const entry = this.live(key);
    return entry ? entry.expiresAt - this.now() : null;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.sweeper);
    this.entries.clear();
  }

  private expiry(ttlMs: number): number {
    if (!(ttlMs > 0)) throw new RangeError('every key needs a positive TTL');
    return this.now() + ttlMs;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    for (const key of this.entries.keys()) this.live(key);
  }
}
