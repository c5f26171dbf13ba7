// Outgoing requests (the provider, its readiness probe, the SMS gateway, the remote
// signer) over node:http(s) with keep-alive connections, answered as a WHATWG
// Response, which openid-client and the adapters read. Node's global fetch (undici)
// cost about 0.4 ms more CPU per request than this on the benchmark's machine (two
// provider requests per login: a tenth of a login's CPU), and loading it at all
// (its HTTP parser is WebAssembly) about 24 MB of memory, a fifth of an idle
// service's. Only what those callers send is supported: a string, URLSearchParams
// or bytes as the body, no redirects followed (they all ask `redirect: 'manual'`),
// no compression asked for. Anything else is refused, never half-done.

import http from 'node:http';
import https from 'node:https';

/** An answer larger than this is refused: none of the services called is near it. */
const MAX_BODY_BYTES = 1024 * 1024;
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const FORM = 'application/x-www-form-urlencoded;charset=UTF-8';
/** As undici's fetch does. */
const IDLE_MS = 4000;

export interface NodeHttpFetchOptions {
  /** Connections kept per host; more requests wait for one. */
  maxSockets?: number;
}

export function nodeHttpFetch({ maxSockets = 64 }: NodeHttpFetchOptions = {}): typeof fetch {
  const agents: Record<string, http.Agent> = {
    // An idle connection is closed after IDLE_MS: a load balancer or NAT may drop an
    // idle flow without telling either end, and reusing it would fail a request.
    'http:': new http.Agent({ keepAlive: true, maxSockets, timeout: IDLE_MS }),
    'https:': new https.Agent({ keepAlive: true, maxSockets, timeout: IDLE_MS }),
  };
  return (input, init = {}) => {
    try {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : unsupported('a Request as input'));
      const agent = agents[url.protocol] ?? unsupported(`the ${url.protocol} scheme`);
      if (init.redirect !== 'manual') unsupported('following redirects');
      return send(url, agent, init);
    } catch (err) {
      return Promise.reject(err as Error);
    }
  };
}

function send(url: URL, agent: http.Agent, init: RequestInit): Promise<Response> {
  const { headers, body } = outgoing(init);
  const signal = init.signal ?? undefined;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  const request = (url.protocol === 'https:' ? https.request : http.request)(url, { method: init.method ?? 'GET', headers, agent, signal });
  return new Promise<Response>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      response.on('error', reject);
      read(response).then((bytes) => {
        // A Response refuses some answers the HTTP parser lets through (a status of
        // 600-999, control bytes in the reason phrase): a refusal, never a hang.
        try {
          resolve(toResponse(response, bytes));
        } catch (err) {
          reject(err as Error);
        }
      }, reject);
    });
    request.end(body);
  });
}

function read(response: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) response.destroy(new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks, size)));
    response.on('close', () => {
      if (!response.complete) reject(new TypeError('terminated'));
    });
    response.on('error', reject);
  });
}

function toResponse(response: http.IncomingMessage, bytes: Buffer): Response {
  const status = response.statusCode ?? 0;
  if (status < 200 || status > 599) throw new TypeError(`an answer with status ${status}`);
  const raw = response.rawHeaders;
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  return new Response(NULL_BODY_STATUSES.has(status) ? null : bytes, { status, statusText: response.statusMessage ?? '', headers });
}

function outgoing(init: RequestInit): { headers: Record<string, string>; body: string | Buffer | undefined } {
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const body = bodyOf(init.body, headers);
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return { headers, body };
}

// Text stays text: node:http sends the head and a text body in one write, bytes in two.
function bodyOf(body: RequestInit['body'], headers: Record<string, string>): string | Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return body;
  if (body instanceof URLSearchParams) {
    headers['content-type'] ??= FORM;
    return body.toString();
  }
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return unsupported('this kind of request body');
}

function unsupported(what: string): never {
  throw new TypeError(`the HTTP client does not support ${what}`);
}
