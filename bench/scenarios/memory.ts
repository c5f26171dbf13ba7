// Scenario 4: memory. The service's RSS (from /proc) and, with Redis, what one
// pending login (started, never finished) costs there: INFO used_memory before and
// after starting many, divided by how many were started.

import { setTimeout as sleep } from 'node:timers/promises';
import { cannon } from '../lib/cannon.js';
import type { BenchContext } from '../lib/context.js';
import { rssBytes } from '../lib/proc.js';
import type { MemoryFigures } from '../lib/report.js';
import type { RunningService } from '../lib/service.js';
import { usedMemory } from '../lib/stores.js';

export const MB = 1024 * 1024;

export async function pendingLogins(ctx: BenchContext, service: RunningService): Promise<MemoryFigures> {
  const redis = ctx.stores.redis;
  const before = redis ? await usedMemory(redis) : Number.NaN;
  const result = await cannon({
    url: `${service.child.url}/v1/logins`,
    method: 'POST',
    headers: { authorization: service.client.authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ return_to: service.client.returnTo }),
    connections: ctx.options.startConnections,
    amount: ctx.options.pendingLogins,
    maxMs: ctx.options.pendingMaxSeconds * 1000,
  });
  // Let the last writes land and short-lived garbage go before reading.
  await sleep(500);
  const after = redis ? await usedMemory(redis) : Number.NaN;
  return {
    pendingLogins: result.ok,
    rssWithPendingMb: rssBytes(service.child.pid) / MB,
    ...(redis && result.ok > 0 ? { redisBytesPerPendingLogin: (after - before) / result.ok } : {}),
  };
}
