// The results of a run: one row per scenario, the memory figures and the micro-
// benchmarks, printed as Markdown (what the README's Performance section shows) and
// kept as JSON for comparing runs.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CannonResult } from './cannon.js';
import { percentile, type LoadResult, type Measured, type Window } from './measure.js';

export interface Row {
  id: string;
  title: string;
  /** What one operation is: "request", "login", "attempt". */
  unit: string;
  ops: number;
  errors: number;
  errorSamples: string[];
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU ms per operation of each measured process (service, floor, upstream). */
  cpuMsPerOp: Record<string, number>;
  /** When it ran (monotonic µs): `tsx bench/profile-summary.ts <profile> --from --to` cuts a profile to it. */
  window: Window;
}

export interface MemoryFigures {
  rssIdleMb?: number;
  rssAfterLoadMb?: number;
  pendingLogins?: number;
  rssWithPendingMb?: number;
  /** used_memory delta / pending logins; only with REDIS_URL. */
  redisBytesPerPendingLogin?: number;
  /** The serialized record of one pending login (STRLEN), which the floor also stores. */
  loginRecordBytes?: number;
}

export interface MicroRow {
  name: string;
  value: number;
  unit: string;
}

export interface Report {
  date: string;
  machine: { cpus: number; model: string; node: string; loadAverageBefore: number; loadAverageAfter?: number };
  stores: string;
  mode: string;
  settings: Record<string, number>;
  rows: Row[];
  ratios: Record<string, number>;
  memory: MemoryFigures;
  micro: MicroRow[];
}

export function rowFromLoad(id: string, title: string, unit: string, m: Measured<LoadResult>): Row {
  const { ops, errors, errorSamples, latenciesMs } = m.value;
  const latency = { p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) };
  return finish({ id, title, unit, ops, errors, errorSamples, seconds: m.seconds, ...latency, window: m.window }, m.cpuMs);
}

export function rowFromCannon(id: string, title: string, m: Measured<CannonResult>): Row {
  const { ok, failed, p50Ms, p99Ms } = m.value;
  return finish({ id, title, unit: 'request', ops: ok, errors: failed, errorSamples: [], seconds: m.seconds, p50Ms, p99Ms, window: m.window }, m.cpuMs);
}

function finish(row: Omit<Row, 'perSecond' | 'cpuMsPerOp'>, cpuMs: Record<string, number>): Row {
  const per = (ms: number) => (row.ops > 0 ? ms / row.ops : Number.NaN);
  return { ...row, perSecond: row.ops / row.seconds, cpuMsPerOp: Object.fromEntries(Object.entries(cpuMs).map(([k, v]) => [k, per(v)])) };
}

const fmt = (value: number | undefined, digits = 0) =>
  value === undefined || !Number.isFinite(value) ? '—' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function markdown(report: Report): string {
  const lines = [
    `Run ${report.date} · ${report.machine.cpus} × ${report.machine.model} · Node ${report.machine.node} · load average ${fmt(report.machine.loadAverageBefore, 1)} before, ${fmt(report.machine.loadAverageAfter, 1)} after`,
    `Stores: ${report.stores} · mode: ${report.mode}`,
    '',
    '| scenario | ops | ops/s | p50 ms | p99 ms | service CPU ms/op | other CPU ms/op | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...report.rows.map((r) => {
      const other = Object.entries(r.cpuMsPerOp).filter(([k]) => k !== 'service');
      const otherText = other.map(([k, v]) => `${k} ${fmt(v, 2)}`).join(', ') || '—';
      return `| ${r.title} | ${fmt(r.ops)} | ${fmt(r.perSecond)} | ${fmt(r.p50Ms, 1)} | ${fmt(r.p99Ms, 1)} | ${fmt(r.cpuMsPerOp.service, 2)} | ${otherText} | ${fmt(r.errors)} |`;
    }),
  ];
  const ratios = Object.entries(report.ratios);
  if (ratios.length > 0) lines.push('', ...ratios.map(([name, value]) => `- ${name}: **${fmt(value, 2)}**`));
  const m = report.memory;
  lines.push(
    '',
    '| memory | value |',
    '|---|---:|',
    `| service RSS idle | ${fmt(m.rssIdleMb)} MB |`,
    `| service RSS after the load runs | ${fmt(m.rssAfterLoadMb)} MB |`,
    `| service RSS with ${fmt(m.pendingLogins)} pending logins | ${fmt(m.rssWithPendingMb)} MB |`,
    `| Redis bytes per pending login (INFO used_memory delta) | ${fmt(m.redisBytesPerPendingLogin)} |`,
    `| one pending login record (STRLEN) | ${fmt(m.loginRecordBytes)} bytes |`,
  );
  if (report.micro.length > 0) {
    lines.push('', '| micro-benchmark (in the benchmark process) | value |', '|---|---:|');
    lines.push(...report.micro.map((r) => `| ${r.name} | ${fmt(r.value, r.value < 10 ? 3 : 0)} ${r.unit} |`));
  }
  const failures = report.rows.filter((r) => r.errorSamples.length > 0);
  if (failures.length > 0) {
    lines.push('', 'Errors:', ...failures.flatMap((r) => r.errorSamples.map((e) => `- ${r.title}: ${e}`)));
  }
  return `${lines.join('\n')}\n`;
}

export function writeJson(path: string, report: Report): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}
