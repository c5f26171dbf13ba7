// A small HTTP client for the flows autocannon cannot drive (cookies, redirects, a
// body that depends on the previous answer): node:http over keep-alive connections,
// lighter on the shared CPU than fetch. Redirects are never followed: the browser in
// login-browser.ts does that step by step, as a browser would.

import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  json?: unknown;
}

const TIMEOUT_MS = 30_000;

export class HttpClient {
  private readonly agent: Agent;

  constructor(maxSockets: number) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  request(url: string, options: RequestOptions = {}): Promise<Reply> {
    const body = options.json === undefined ? undefined : JSON.stringify(options.json);
    const headers: Record<string, string> = { ...options.headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: this.agent, timeout: TIMEOUT_MS });
      req.once('timeout', () => req.destroy(new Error(`timeout after ${TIMEOUT_MS} ms: ${url}`)));
      req.once('error', reject);
      req.once('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('error', reject);
        res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The `name=value` pairs of the Set-Cookie headers, as a Cookie header. */
export function cookiesOf(reply: Reply): string {
  return (reply.headers['set-cookie'] ?? []).map((c) => c.split(';', 1)[0]).join('; ');
}

export function locationOf(reply: Reply, base: string): URL {
  const location = reply.headers.location;
  if ((reply.status < 300 || reply.status > 399) || !location) {
    throw new Error(`expected a redirect, got ${reply.status}: ${reply.text.slice(0, 300)}`);
  }
  return new URL(location, base);
}
