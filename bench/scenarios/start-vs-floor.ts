// Scenario 1: POST /v1/logins at 50 connections, beside its floor in the same run —
// a bare Fastify process storing one record of the same size the same way (floor.ts)
// — and the ratio of the two.

import { join } from 'node:path';
import { cannon } from '../lib/cannon.js';
import { freePort, startChild } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { measured } from '../lib/measure.js';
import { rowFromCannon, type Row } from '../lib/report.js';
import type { RunningService } from '../lib/service.js';

export interface StartResult {
  rows: Row[];
  ratios: Record<string, number>;
}

export async function startVsFloor(ctx: BenchContext, service: RunningService, recordBytes: number): Promise<StartResult> {
  const body = JSON.stringify({ return_to: service.client.returnTo });
  const headers = { authorization: service.client.authorization, 'content-type': 'application/json' };
  const load = (url: string, pids: Record<string, number>, durationS: number) =>
    measured(pids, () => cannon({ url: `${url}/v1/logins`, method: 'POST', headers, body, connections: ctx.options.startConnections, durationS }));
  // Not measured; none at all when it is 0 (autocannon given 0 s would still connect and send a few).
  const warmUp = async (url: string, pids: Record<string, number>) => {
    if (ctx.options.warmUpSeconds > 0) await load(url, pids, ctx.options.warmUpSeconds);
  };

  const port = await freePort();
  const floor = await startChild({
    name: 'floor',
    args: ['--import', 'tsx', 'bench/floor.ts'],
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      RECORD_BYTES: String(recordBytes),
      ...(ctx.stores.redisUrl ? { REDIS_URL: ctx.stores.redisUrl } : {}),
      REDIS_KEY_PREFIX: `${ctx.stores.redisPrefix}:floor`,
    },
    port,
    readyPath: '/healthz',
    logFile: join(ctx.logDir, 'floor.log'),
  });
  let floorRow: Row;
  try {
    await warmUp(floor.url, { floor: floor.pid });
    floorRow = rowFromCannon('floor', `floor: bare Fastify + one ${ctx.stores.redisUrl ? 'ioredis SET' : 'Map.set'} (${recordBytes} B), ${ctx.options.startConnections} conns`, await load(floor.url, { floor: floor.pid }, ctx.options.startSeconds));
  } finally {
    await floor.stop();
  }
  await warmUp(service.child.url, { service: service.child.pid });
  const startRow = rowFromCannon('start', `POST /v1/logins, ${ctx.options.startConnections} conns`, await load(service.child.url, { service: service.child.pid }, ctx.options.startSeconds));
  return {
    rows: [startRow, floorRow],
    ratios: {
      'POST /v1/logins throughput / floor (target ≥ 0.5)': startRow.perSecond / floorRow.perSecond,
      'POST /v1/logins p99 / floor p99 (target ≤ 2)': startRow.p99Ms / floorRow.p99Ms,
    },
  };
}

/** The size of one pending login as stored (Redis STRLEN); null without Redis. */
export async function loginRecordBytes(ctx: BenchContext, loginId: string): Promise<number | null> {
  if (!ctx.stores.redis) return null;
  try {
    return await ctx.stores.redis.strlen(`${ctx.stores.redisPrefix}:login:{${loginId}}`);
  } catch {
    return null;
  }
}
