// The processes the benchmark measures — the service from dist/, the floor and the
// upstream provider — each started as a child of its own, logging to a file, and
// ready once an HTTP path on loopback answers 200.

import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Child {
  name: string;
  pid: number;
  /** http://127.0.0.1:<port> */
  url: string;
  logFile: string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface ChildOptions {
  name: string;
  /** Arguments to `node` (flags, then the script). */
  args: string[];
  env: NodeJS.ProcessEnv;
  port: number;
  /** Answers 200 once the process is ready. */
  readyPath: string;
  logFile: string;
  readyTimeoutMs?: number;
}

// A benchmark that fails or is stopped half-way must not leave its servers running.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A TCP port free on loopback right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export async function startChild(options: ChildOptions): Promise<Child> {
  const log = createWriteStream(options.logFile);
  await new Promise((resolve) => log.once('open', resolve));
  const child = spawn(process.execPath, options.args, { env: options.env, stdio: ['ignore', log, log] });
  running.add(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  void exited.then(() => running.delete(child));
  const url = `http://127.0.0.1:${options.port}`;
  try {
    await waitReady(child, exited, `${url}${options.readyPath}`, options.readyTimeoutMs ?? 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${options.name} did not start: ${(err as Error).message}\n${tail(options.logFile)}`);
  }
  return {
    name: options.name,
    pid: child.pid!,
    url,
    logFile: options.logFile,
    async stop(graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

async function waitReady(child: ChildProcess, exited: Promise<number | null>, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`exited with ${child.exitCode ?? child.signalCode}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

/** The last lines of a log, to show why a process failed. */
export function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
