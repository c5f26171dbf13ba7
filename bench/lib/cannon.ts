// autocannon, for the one request the benchmark hammers without a flow around it:
// POST /v1/logins (and the floor's). Bounded by duration, or by a count with a time
// cap, so the benchmark always ends.

import autocannon from 'autocannon';

export interface CannonOptions {
  url: string;
  method: 'POST' | 'GET';
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS?: number;
  /** Requests to send instead of a duration; stopped after maxMs anyway. */
  amount?: number;
  maxMs?: number;
}

export interface CannonResult {
  /** 2xx answers. */
  ok: number;
  /** Non-2xx answers, errors and timeouts. */
  failed: number;
  p50Ms: number;
  p99Ms: number;
}

export async function cannon(options: CannonOptions): Promise<CannonResult> {
  let cap: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: options.method,
        headers: options.headers,
        body: options.body,
        connections: options.connections,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationS ?? 10 }),
        timeout: 30,
      },
      (err, done: autocannon.Result) => (err ? reject(err) : resolve(done)),
    );
    if (options.maxMs) cap = setTimeout(() => instance.stop(), options.maxMs);
  });
  clearTimeout(cap);
  return {
    ok: result['2xx'],
    failed: result.non2xx + result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
}
