// API clients looked up once per `ttlMs` instead of once per request: each request
// of a client backend would otherwise cost a Postgres round trip. The promise to
// operators is the TTL: a client disabled (or re-permissioned) with the CLI is
// refused by every instance within it. Unknown ids are cached too, so a flood of
// made-up ids does not reach the database; the cache holds at most `maxEntries`.

import type { ActiveClient, ClientDirectory } from '../ports/client-directory.js';

export interface ClientCacheOptions {
  ttlMs: number;
  maxEntries?: number;
  now?: () => number;
}

export function cachedClientDirectory(source: ClientDirectory, options: ClientCacheOptions): ClientDirectory {
  const { ttlMs, maxEntries = 1000, now = Date.now } = options;
  if (ttlMs <= 0) return source;
  const entries = new Map<string, { until: number; client: Promise<ActiveClient | null> }>();
  return {
    findActive(id) {
      const hit = entries.get(id);
      if (hit && hit.until > now()) return hit.client;
      const client = source.findActive(id);
      entries.delete(id);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(id, { until: now() + ttlMs, client });
      // A failed lookup (an outage) is not remembered.
      client.catch(() => entries.delete(id));
      return client;
    },
  };
}
