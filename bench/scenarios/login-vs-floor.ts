// Scenario 2, beside its floor: the same complete logins (same driver, concurrency,
// time and warm-up) against login-floor.ts — a bare Fastify process making the
// service's hops per login and nothing else — and the ratio of their CPU per login:
// how much of a login's CPU the hops themselves cost on this machine. Twice: as fast
// as the floor goes, and paced to the logins per second the service managed. The
// second is the fair comparison: a hop costs more CPU at a lower rate (a process
// woken from sleep for each message instead of finding the next one waiting), and
// the floor, four times faster than the service, would otherwise look cheaper.

import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startChild } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { LoginBrowser } from '../lib/login-browser.js';
import type { Row } from '../lib/report.js';
import { UPSTREAM_CLIENT_SECRET, type RunningService } from '../lib/service.js';
import { timedLogins } from './logins.js';

export interface LoginFloorResult {
  rows: Row[];
  ratios: Record<string, number>;
}

/** What the floor does per login, as listed in login-floor.ts's head comment; labelled by the stores it runs on. */
function floorTitle(ctx: BenchContext): string {
  const redis = ctx.stores.redisUrl ? '10 Redis round trips' : '12 Map operations';
  const postgres = ctx.stores.databaseUrl ? '2 Postgres' : 'no database';
  return `floor: the same hops, no logic — ${redis}, ${postgres}, 2 upstream calls, 4 requests`;
}

/** `profileDir`: where the floor's CPU profile goes (--profile), to be read beside the service's. */
export async function loginVsFloor(ctx: BenchContext, service: RunningService, login: Row, profileDir?: string): Promise<LoginFloorResult> {
  const port = ctx.loginFloorPort;
  // tsx's loader thread writes a profile too, under the same name if one is given: each
  // thread writes its own file in a directory of the floor's, the main thread's is kept.
  const threads = profileDir ? mkdtempSync(join(profileDir, 'login-floor-')) : undefined;
  const profile = threads ? ['--cpu-prof', '--cpu-prof-dir', threads] : [];
  const floor = await startChild({
    name: 'login-floor',
    args: [...profile, '--import', 'tsx', 'bench/login-floor.ts'],
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      UPSTREAM_URL: ctx.upstream.url,
      CLIENT_SECRET: UPSTREAM_CLIENT_SECRET,
      ...(ctx.stores.redisUrl ? { REDIS_URL: ctx.stores.redisUrl } : {}),
      ...(ctx.stores.databaseUrl ? { DATABASE_URL: ctx.stores.databaseUrl } : {}),
      REDIS_KEY_PREFIX: `${ctx.stores.redisPrefix}:login-floor`,
    },
    port,
    readyPath: '/healthz',
    logFile: join(ctx.logDir, 'login-floor.log'),
  });
  let rows: Row[];
  try {
    const browser = new LoginBrowser(ctx.http, { ...service.client, service: floor.url });
    const pids = { floor: floor.pid, upstream: ctx.upstream.pid };
    const rate = Math.max(1, Math.round(login.perSecond));
    rows = [
      await timedLogins(ctx, browser, pids, 'login-floor', floorTitle(ctx)),
      await timedLogins(ctx, browser, pids, 'login-floor-paced', `${floorTitle(ctx)}, paced to the service's ${rate} logins/s`, rate),
    ];
  } finally {
    await floor.stop();
    if (threads && profileDir) keepMainThreadProfile(threads, join(profileDir, `login-floor-${Date.now()}.cpuprofile`));
  }
  const [fast, paced] = rows;
  return {
    rows,
    ratios: {
      'complete login CPU / hop floor CPU, the floor at its own pace': login.cpuMsPerOp.service! / fast!.cpuMsPerOp.floor!,
      "complete login CPU / hop floor CPU, the floor at the service's rate": login.cpuMsPerOp.service! / paced!.cpuMsPerOp.floor!,
    },
  };
}

/** Node names a thread's profile CPU.<date>.<time>.<pid>.<thread id>.<n>.cpuprofile; the main thread is 0. */
function keepMainThreadProfile(threads: string, to: string): void {
  const main = readdirSync(threads).find((file) => file.split('.')[4] === '0');
  if (main) renameSync(join(threads, main), to);
  rmSync(threads, { recursive: true, force: true });
}
