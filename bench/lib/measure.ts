// Running a load and accounting for it: wall time, the CPU time each measured process
// spent meanwhile (from /proc), latencies of each operation, and a monotonic window
// (µs) that a CPU profile of the service can be cut to.

import { cpuMs } from './proc.js';

export interface Window {
  /** process.hrtime in µs: the clock V8 stamps its CPU profiles with. */
  fromUs: number;
  toUs: number;
}

export interface Measured<T> {
  value: T;
  seconds: number;
  /** CPU time (ms) per process name during the work. */
  cpuMs: Record<string, number>;
  window: Window;
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

export async function measured<T>(pids: Record<string, number>, work: () => Promise<T>): Promise<Measured<T>> {
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const fromUs = nowUs();
  const value = await work();
  const toUs = nowUs();
  const spent = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid) - before[name]!]));
  return { value, seconds: (toUs - fromUs) / 1e6, cpuMs: spent, window: { fromUs, toUs } };
}

export interface LoadResult {
  ops: number;
  errors: number;
  /** The first few distinct error messages. */
  errorSamples: string[];
  latenciesMs: number[];
}

export interface LoadOptions {
  concurrency: number;
  /** Stop starting operations after this long. */
  durationMs: number;
  /** Stop after this many operations (default: unbounded, until durationMs). */
  count?: number;
  /** Start at most this many operations per second, evenly spaced (default: as fast as they finish). */
  perSecond?: number;
  task: (i: number) => Promise<unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `concurrency` loops, each running task(i) with the next i (paced when asked) until the time or the count is used up. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result: LoadResult = { ops: 0, errors: 0, errorSamples: [], latenciesMs: [] };
  const startedAt = Date.now();
  const deadline = startedAt + options.durationMs;
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const { perSecond } = options;
  let next = 0;
  const worker = async () => {
    while (Date.now() < deadline && next < count) {
      const i = next++;
      const wait = perSecond ? startedAt + (i * 1000) / perSecond - Date.now() : 0;
      if (wait > 0) {
        await sleep(wait);
        if (Date.now() >= deadline) break;
      }
      const started = performance.now();
      try {
        await options.task(i);
        result.latenciesMs.push(performance.now() - started);
        result.ops++;
      } catch (err) {
        result.errors++;
        const message = (err as Error).message;
        if (result.errorSamples.length < 5 && !result.errorSamples.includes(message)) result.errorSamples.push(message);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return result;
}

/** The p-th percentile (0–100) of the values, nearest rank; NaN when empty. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
