// Where a V8 CPU profile (.cpuprofile, from node --cpu-prof) spends its time: the
// functions with the most self time, the same grouped by package or source file, and
// the service's own functions by inclusive time (synchronous stacks only: what runs
// after an `await` is charged to whatever resumed it, not to the caller), and the
// packages grouped by kind of work (KINDS), which reads the same for the service and
// for the login hop floor. Optionally cut to a window of the monotonic clock (µs, process.hrtime — the
// clock V8 stamps profiles with), so that start-up is left out and only one scenario
// counts.
//
//   tsx bench/profile-summary.ts bench/profiles/<file>.cpuprofile [--top 25] [--from µs --to µs]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Entry {
  name: string;
  selfMs: number;
  percent: number;
}

export interface Summary {
  /** Time covered by the samples kept, idle included (ms). */
  totalMs: number;
  /** Time the thread was busy: everything but (idle) (ms). */
  busyMs: number;
  functions: Entry[];
  modules: Entry[];
  /** The service's own functions (dist/, src/) by inclusive time: what they and everything they call cost. */
  ownInclusive: Entry[];
  /** Every package and file, grouped by kind of work. */
  kinds: Entry[];
}

// First match wins: node:internal/crypto is crypto, not "Node's machinery".
const KINDS: [string, RegExp][] = [
  ['socket reads and writes, native', /^\(native\)$/],
  ['garbage collector', /^\(garbage collector\)$/],
  ['crypto: node:crypto and WebCrypto hand-offs', /crypto/],
  ['provider protocol: openid-client, oauth4webapi, jose, undici Response', /openid-client|oauth4webapi|jose|undici/],
  ['Redis client', /ioredis|redis-parser|standard-as-callback|cluster-key-slot/],
  ['Postgres client', /^pg($|-)/],
  ['HTTP server: fastify and node:http', /fastify|find-my-way|avvio|ajv|fast-json|fast-uri|_http_server|_http_outgoing|_http_common|_http_incoming/],
  ['HTTP client: node:http', /_http_client|_http_agent|node-http-fetch/],
  ['phone numbers: libphonenumber-js', /libphonenumber/],
  ['logs and metrics: pino, prom-client', /pino|sonic-boom|prom-client/],
  ["the service's own code", /^(dist|src)\//],
  ["the floor's own code", /^bench\//],
  ["Node's machinery: streams, events, timers, promises", /^node:|^\(program\)$/],
];

function kindOf(module: string): string {
  return KINDS.find(([, pattern]) => pattern.test(module))?.[0] ?? 'other';
}

/** node_modules/<package> for dependencies, the path from src/ for our code, else the URL or the V8 category. */
export function moduleOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (dependency) return dependency[1]!;
  const own = /\/((?:dist|src|bench)\/.*)$/.exec(url);
  if (own) return own[1]!;
  return url.replace(/^file:\/\//, '');
}

function functionLabel(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  return frame.url ? `${name} ${moduleOf(frame)}:${frame.lineNumber + 1}` : name;
}

const isOwn = (frame: CallFrame) => /\/(dist|src)\//.test(frame.url) && !frame.url.includes('node_modules');

/** For each node, the distinct labels of our own functions on its stack (itself included). */
function ownStacks(profile: CpuProfile): Map<number, string[]> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const stacks = new Map<number, string[]>();
  for (const node of profile.nodes) {
    const labels = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = frames.get(id);
      if (frame && isOwn(frame)) labels.add(functionLabel(frame));
    }
    stacks.set(node.id, [...labels]);
  }
  return stacks;
}

export function summarize(profile: CpuProfile, top = 25, window?: { fromUs: number; toUs: number }): Summary {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const stacks = ownStacks(profile);
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  const byOwn = new Map<string, number>();
  let at = profile.startTime;
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((nodeId, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    const frame = frames.get(nodeId);
    if (!frame) return;
    totalUs += delta;
    if (frame.functionName === '(idle)') {
      idleUs += delta;
      return;
    }
    const fn = functionLabel(frame);
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
    const module = moduleOf(frame);
    byModule.set(module, (byModule.get(module) ?? 0) + delta);
    for (const own of stacks.get(nodeId) ?? []) byOwn.set(own, (byOwn.get(own) ?? 0) + delta);
  });
  const busyUs = totalUs - idleUs;
  const byKind = new Map<string, number>();
  for (const [module, us] of byModule) byKind.set(kindOf(module), (byKind.get(kindOf(module)) ?? 0) + us);
  const ranked = (map: Map<string, number>, count = top): Entry[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: busyUs > 0 ? (100 * us) / busyUs : 0 }));
  return {
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    functions: ranked(byFunction),
    modules: ranked(byModule),
    ownInclusive: ranked(byOwn),
    kinds: ranked(byKind, byKind.size),
  };
}

export function readProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
}

/** `ops`: the operations of the window, to show each kind of work per operation. */
export function formatSummary(title: string, summary: Summary, ops?: number): string {
  const table = (heading: string, entries: Entry[]) => [
    `| ${heading} | ms | % of busy |`,
    '|---|---:|---:|',
    ...entries.map((e) => `| \`${e.name.replaceAll('|', '\\|')}\` | ${e.selfMs.toFixed(0)} | ${e.percent.toFixed(1)} |`),
  ];
  const perOp = ops
    ? [
        `| kind of work | ms per operation (${ops} operations) | % of busy |`,
        '|---|---:|---:|',
        ...summary.kinds.map((e) => `| ${e.name} | ${(e.selfMs / ops).toFixed(3)} | ${e.percent.toFixed(1)} |`),
        `| **main thread busy** | **${(summary.busyMs / ops).toFixed(3)}** | 100 |`,
        '',
      ]
    : [];
  return [
    `### ${title}`,
    `${summary.busyMs.toFixed(0)} ms busy of ${summary.totalMs.toFixed(0)} ms sampled (main thread)`,
    '',
    ...perOp,
    ...table('function (self time)', summary.functions),
    '',
    ...table('package / file', summary.modules),
    '',
    ...table('own function, inclusive (with what it calls)', summary.ownInclusive),
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '25' }, from: { type: 'string' }, to: { type: 'string' } },
  });
  if (positionals.length === 0) {
    process.stderr.write('usage: tsx bench/profile-summary.ts <file.cpuprofile>… [--top 25] [--from µs --to µs]\n');
    process.exit(2);
  }
  const window = values.from && values.to ? { fromUs: Number(values.from), toUs: Number(values.to) } : undefined;
  for (const file of positionals) process.stdout.write(`${formatSummary(file, summarize(readProfile(file), Number(values.top), window))}\n`);
}
