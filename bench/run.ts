// npm run bench: what one instance of the service carries, measured from outside.
// The service runs as ops run it — `node dist/main.js` in its own process, on
// Postgres and Redis from DATABASE_URL / REDIS_URL (embedded defaults when unset,
// labelled so) — and is driven over loopback only, every phase bounded in time. Its
// CPU time per operation is read from /proc/<pid>/stat, not from the load
// generator. Scenarios (README, "Performance"):
//   1. POST /v1/logins at 50 connections beside its floor (floor.ts), and the ratio;
//   2. complete logins in parallel against an upstream that costs little
//      (upstream.ts), without the code step (LINKED_LOGIN_OTP=never) beside its
//      floor (login-floor.ts: the same hops, no logic) and the ratio, and with the
//      code step (always), the upstream's CPU counted apart;
//   3. wrong codes across many logins;
//   4. memory: RSS idle, after load and with many pending logins; Redis bytes per
//      pending login;
// then the in-process micro-benchmarks (micro.ts). Prints a Markdown table and
// writes bench/results/latest.json. --quick for CI (under a minute, never asserts
// a number); --profile runs the service with --cpu-prof into bench/profiles and
// prints where each scenario's time went (profile-summary.ts).

import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, startChild, type Child } from './lib/child.js';
import type { BenchContext } from './lib/context.js';
import { HttpClient } from './lib/http.js';
import { LoginBrowser } from './lib/login-browser.js';
import { parseOptions, type BenchOptions, type Scenario } from './lib/options.js';
import { procAvailable, rssBytes } from './lib/proc.js';
import { markdown, writeJson, type Report, type Row } from './lib/report.js';
import { imageTuning, redirectUriFor, serviceSecrets, startBenchService, UPSTREAM_CLIENT_SECRET, type RunningService, type ServiceSecrets } from './lib/service.js';
import { prepareStores } from './lib/stores.js';
import { microBenchmarks } from './micro.js';
import { formatSummary, readProfile, summarize } from './profile-summary.js';
import { completeLogins, firstLogins, wrongCodes } from './scenarios/logins.js';
import { MB, pendingLogins } from './scenarios/memory.js';
import { loginVsFloor } from './scenarios/login-vs-floor.js';
import { loginRecordBytes, startVsFloor } from './scenarios/start-vs-floor.js';

const PROFILE_DIR = 'bench/profiles';
/** The floor's record size when the service's cannot be read (no Redis). */
const DEFAULT_RECORD_BYTES = 700;

interface Run {
  ctx: BenchContext;
  report: Report;
  secrets: ServiceSecrets;
  servicePort: number;
  linked: boolean;
  /** Each service's profile name and the rows measured on it. */
  profiled: { name: string; rows: Row[] }[];
}

function buildIfStale(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  if (existsSync('dist/main.js') && statSync('dist/main.js').mtimeMs >= newest('src')) return;
  process.stdout.write('building dist/ (npm run build)…\n');
  const build = spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('npm run build failed');
}

const wants = (options: BenchOptions, ...names: Scenario[]) => names.some((n) => options.only.has(n));

async function withService(run: Run, name: string, linkedLoginOtp: 'always' | 'never', work: (service: RunningService) => Promise<void>): Promise<void> {
  const { ctx } = run;
  const service = await startBenchService(
    {
      name,
      linkedLoginOtp,
      stores: ctx.stores,
      upstreamUrl: ctx.upstream.url,
      dataDir: join(ctx.logDir, 'data'),
      logDir: ctx.logDir,
      secrets: run.secrets,
      ...(ctx.options.profile ? { profileDir: PROFILE_DIR } : {}),
    },
    run.servicePort,
  );
  const rowsBefore = run.report.rows.length;
  try {
    await work(service);
  } finally {
    await service.child.stop();
    // The floors' rows ran in their own processes; the service's profile is idle there.
    run.profiled.push({ name, rows: run.report.rows.slice(rowsBefore).filter((row) => row.cpuMsPerOp.service !== undefined) });
  }
}

async function linkPersons(run: Run, service: RunningService): Promise<void> {
  if (run.linked) return;
  process.stdout.write(`  linking ${run.ctx.options.persons} persons (their first login)…\n`);
  run.report.rows.push(await firstLogins(run.ctx, service));
  run.linked = true;
}

/** Scenarios on a service that asks linked persons for no code: start, logins without code, memory. */
async function withoutCode(run: Run): Promise<void> {
  const { ctx, report } = run;
  const { options } = ctx;
  if (!wants(options, 'start', 'first-login', 'login', 'memory')) return;
  process.stdout.write('service with LINKED_LOGIN_OTP=never\n');
  await withService(run, 'service-never', 'never', async (service) => {
    await sleep(1000);
    report.memory.rssIdleMb = rssBytes(service.child.pid) / MB;
    if (wants(options, 'start')) {
      const first = await new LoginBrowser(ctx.http, service.client).start();
      const recordBytes = await loginRecordBytes(ctx, first.id);
      if (recordBytes !== null) report.memory.loginRecordBytes = recordBytes;
      process.stdout.write('  POST /v1/logins and its floor…\n');
      const start = await startVsFloor(ctx, service, recordBytes ?? DEFAULT_RECORD_BYTES);
      report.rows.push(...start.rows);
      Object.assign(report.ratios, start.ratios);
    }
    if (wants(options, 'first-login', 'login')) await linkPersons(run, service);
    if (wants(options, 'login')) {
      process.stdout.write('  complete logins without the code step…\n');
      const login = await completeLogins(ctx, service, 'login', 'complete login, linked adult, no code');
      report.memory.rssAfterLoadMb = rssBytes(service.child.pid) / MB;
      process.stdout.write('  the same logins against their hop floor…\n');
      const floor = await loginVsFloor(ctx, service, login, ctx.options.profile ? PROFILE_DIR : undefined);
      report.rows.push(login, ...floor.rows);
      run.profiled.push({ name: 'login-floor', rows: floor.rows });
      Object.assign(report.ratios, floor.ratios);
    }
    if (wants(options, 'memory')) {
      process.stdout.write(`  ${options.pendingLogins} pending logins…\n`);
      Object.assign(report.memory, await pendingLogins(ctx, service));
    }
  });
}

/** Scenarios on a service that asks every person for a code: logins with the code step, wrong codes. */
async function withCode(run: Run): Promise<void> {
  const { ctx, report } = run;
  if (!wants(ctx.options, 'login-code', 'wrong-code')) return;
  process.stdout.write('service with LINKED_LOGIN_OTP=always\n');
  await withService(run, 'service-always', 'always', async (service) => {
    await linkPersons(run, service);
    if (wants(ctx.options, 'login-code')) {
      process.stdout.write('  complete logins with the code step…\n');
      report.rows.push(await completeLogins(ctx, service, 'login-code', 'complete login, linked adult, with code'));
    }
    if (wants(ctx.options, 'wrong-code')) {
      process.stdout.write('  wrong codes…\n');
      report.rows.push(await wrongCodes(ctx, service));
    }
  });
}

function printProfiles(run: Run): void {
  const files = existsSync(PROFILE_DIR) ? readdirSync(PROFILE_DIR).filter((f) => f.endsWith('.cpuprofile')) : [];
  for (const { name, rows } of run.profiled) {
    const file = files.filter((f) => f.startsWith(`${name}-`)).sort().at(-1);
    if (!file) {
      process.stdout.write(`no CPU profile of ${name} in ${PROFILE_DIR}\n`);
      continue;
    }
    const profile = readProfile(join(PROFILE_DIR, file));
    process.stdout.write(`\nCPU profile ${join(PROFILE_DIR, file)} (main thread; cut to each scenario)\n\n`);
    for (const row of rows) process.stdout.write(`${formatSummary(row.title, summarize(profile, 20, row.window), row.ops)}\n`);
  }
}

function newReport(options: BenchOptions, stores: string): Report {
  return {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, model: cpuModel(), node: process.version, loadAverageBefore: loadavg()[0]! },
    stores,
    mode: `${options.quick ? 'quick' : 'full'}${options.profile ? ', with --cpu-prof (CPU figures inflated by profiling)' : ''} · ${options.warmUpSeconds} s of unmeasured load before each measured phase of starts and logins · the service with the image's ${Object.entries(imageTuning()).map(([k, v]) => `${k}="${v}"`).join(' ')}`,
    settings: {
      startConnections: options.startConnections,
      startSeconds: options.startSeconds,
      loginConcurrency: options.loginConcurrency,
      loginSeconds: options.loginSeconds,
      warmUpSeconds: options.warmUpSeconds,
      persons: options.persons,
      wrongCodeLogins: options.wrongCodeLogins,
      pendingLogins: options.pendingLogins,
    },
    rows: [],
    ratios: {},
    memory: {},
    micro: [],
  };
}

function cpuModel(): string {
  const text = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return /^model name\s*:\s*(.+)$/m.exec(text)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (!procAvailable()) throw new Error('the benchmark reads CPU time from /proc: it runs on Linux only');
  buildIfStale();
  const runId = randomBytes(4).toString('hex');
  const logDir = mkdtempSync(join(tmpdir(), 'esia-bridge-bench-'));
  if (options.profile) mkdirSync(PROFILE_DIR, { recursive: true });
  const stores = await prepareStores(runId);
  const http = new HttpClient(options.loginConcurrency);
  const servicePort = await freePort();
  const loginFloorPort = await freePort();
  let upstream: Child | undefined;
  let failed = false;
  const report = newReport(options, stores.label);
  try {
    const upstreamPort = await freePort();
    upstream = await startChild({
      name: 'upstream',
      args: ['--import', 'tsx', 'bench/upstream.ts'],
      env: { PATH: process.env.PATH, PORT: String(upstreamPort), CLIENT_ID: 'esia-bridge', CLIENT_SECRET: UPSTREAM_CLIENT_SECRET, REDIRECT_URIS: `${redirectUriFor(servicePort)} ${redirectUriFor(loginFloorPort)}` },
      port: upstreamPort,
      readyPath: '/.well-known/openid-configuration',
      logFile: join(logDir, 'upstream.log'),
    });
    const ctx: BenchContext = { options, stores, runId, upstream, http, logDir, loginFloorPort, subject: (i) => `bench-${runId}-${i % options.persons}` };
    const run: Run = { ctx, report, secrets: await serviceSecrets(), servicePort, linked: false, profiled: [] };
    await withoutCode(run);
    await withCode(run);
    if (wants(options, 'micro')) {
      process.stdout.write('micro-benchmarks…\n');
      report.micro = await microBenchmarks(options.microScale, stores.redisUrl ? { url: stores.redisUrl, prefix: stores.redisPrefix } : null);
    }
    if (options.profile) printProfiles(run);
  } catch (err) {
    failed = true;
    process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\nlogs: ${logDir}\n`);
  } finally {
    await upstream?.stop();
    http.close();
    await stores.cleanup();
  }
  report.machine.loadAverageAfter = loadavg()[0]!;
  process.stdout.write(`\n${markdown(report)}\n`);
  writeJson(options.out, report);
  process.stdout.write(`results: ${options.out}\n`);
  // CI asserts that it ran, never a number: a scenario that completed nothing fails.
  const empty = report.rows.filter((r) => r.ops === 0).map((r) => r.title);
  if (empty.length > 0) process.stderr.write(`no operation completed in: ${empty.join('; ')}\n`);
  if (!failed) rmSync(logDir, { recursive: true, force: true });
  return failed || empty.length > 0 ? 1 : 0;
}

process.exitCode = await main();
