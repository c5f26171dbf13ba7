// Command-line options of `npm run bench`, and the sizes of each mode. The full run
// takes a few minutes; --quick (CI) well under one; every phase is bounded in time.

import { parseArgs } from 'node:util';

export const SCENARIOS = ['start', 'first-login', 'login', 'login-code', 'wrong-code', 'memory', 'micro'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface BenchOptions {
  quick: boolean;
  profile: boolean;
  only: ReadonlySet<Scenario>;
  /** Where the JSON report goes. */
  out: string;
  startSeconds: number;
  startConnections: number;
  loginSeconds: number;
  loginConcurrency: number;
  /**
   * Load before each measured phase of starts and logins, not measured. V8 keeps
   * compiling the hot paths for the first thousands of logins (about 20 s at this
   * bench's rate); a service runs for days, so its steady state is what ops teams
   * size by.
   */
  warmUpSeconds: number;
  /** Distinct persons the logins are spread over (each linked by one first login). */
  persons: number;
  wrongCodeLogins: number;
  pendingLogins: number;
  /** The pending-login phase stops after this long even if not all were started. */
  pendingMaxSeconds: number;
  /** Scale of the micro-benchmarks' iteration counts. */
  microScale: number;
}

const USAGE = `npm run bench -- [--quick] [--profile] [--only ${SCENARIOS.join(',')}] [--out file.json]
  [--connections 50] [--concurrency 16] [--seconds N] [--warm-up N] [--persons N] [--pending N]`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      only: { type: 'string' },
      out: { type: 'string', default: 'bench/results/latest.json' },
      connections: { type: 'string' },
      concurrency: { type: 'string' },
      seconds: { type: 'string' },
      'warm-up': { type: 'string' },
      persons: { type: 'string' },
      pending: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const only = new Set((values.only ?? SCENARIOS.join(',')).split(',').map((s) => s.trim()) as Scenario[]);
  for (const name of only) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.join(', ')}`);
  const quick = values.quick;
  const number = (text: string | undefined, fallback: number) => (text === undefined ? fallback : positive(text));
  const seconds = number(values.seconds, quick ? 3 : 15);
  return {
    quick,
    profile: values.profile,
    only,
    out: values.out,
    startSeconds: Math.min(seconds, quick ? 3 : 10),
    startConnections: number(values.connections, 50),
    loginSeconds: seconds,
    loginConcurrency: number(values.concurrency, 16),
    warmUpSeconds: values['warm-up'] === undefined ? (quick ? 1 : 20) : atLeastZero(values['warm-up']),
    persons: number(values.persons, quick ? 32 : 200),
    wrongCodeLogins: quick ? 32 : 500,
    pendingLogins: number(values.pending, quick ? 2_000 : 100_000),
    pendingMaxSeconds: quick ? 10 : 240,
    microScale: quick ? 0.1 : 1,
  };
}

/** 0 turns the warm-up off: what a service reads in its first seconds. */
function atLeastZero(text: string): number {
  return text.trim() === '0' ? 0 : positive(text);
}

function positive(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`not a positive number: ${text}\n${USAGE}`);
  return n;
}
