// A loopback HTTP SMS gateway (node:http) for the delivery tests: it records every
// request and answers each as the test scripts it. On 127.0.0.1, a free port, closed
// (with any connection it holds) at the test's teardown.

import { createServer } from 'node:http';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Teardown = { teardown(fn: () => unknown): void };

export interface GatewayRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Answers one request; `n` counts the requests recorded so far, this one included. */
export type Reply = (res: ServerResponse, req: GatewayRequest, n: number) => void;

/**
 * A scripted answer: 'ok' is 200 `{"status":"ok","id":"gw-<n>"}`, 'fail500' and 'fail400'
 * are JSON errors, 'hang' never answers.
 */
export type Behaviour = 'ok' | 'fail500' | 'fail400' | 'hang';

export interface SmsGatewayOptions {
  /** The path of `url`; '/send' by default. */
  path?: string;
  /** Answers a request when no scripted behaviour is left; 'ok' by default. */
  reply?: Reply;
}

export interface SmsGateway {
  url: string;
  requests: GatewayRequest[];
  /** The "text" field of each request's JSON body. */
  texts(): string[];
  /** Scripts the next answers (after them: `reply`, or 'ok'). */
  script(...behaviours: Behaviour[]): void;
  /** Scripts the next answers and forgets the earlier requests. */
  next(...behaviours: Behaviour[]): void;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const behaviours: Record<Behaviour, Reply> = {
  ok: (res, _req, n) => json(res, 200, { status: 'ok', id: `gw-${n}` }),
  fail500: (res) => json(res, 500, { error: 'temporarily unavailable' }),
  fail400: (res) => json(res, 400, { error: 'invalid sender' }),
  hang: () => {
    /* never answers; the client must give up */
  },
};

/** Starts a gateway; a bare `Reply` stands for `{ reply }`. */
export async function startSmsGateway(t: Teardown, optionsOrReply: SmsGatewayOptions | Reply = {}): Promise<SmsGateway> {
  const options = typeof optionsOrReply === 'function' ? { reply: optionsOrReply } : optionsOrReply;
  const requests: GatewayRequest[] = [];
  const fallback = options.reply ?? behaviours.ok;
  let script: Behaviour[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: GatewayRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const behaviour = script.shift();
      (behaviour ? behaviours[behaviour] : fallback)(res, received, requests.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${options.path ?? '/send'}`,
    requests,
    texts: () => requests.map((r) => (JSON.parse(r.body) as { text: string }).text),
    script(...next) {
      script = next;
    },
    next(...next) {
      script = next;
      requests.length = 0;
    },
  };
}

/** The service's environment for codes through `gateway` ({"to","text"} JSON bodies). */
export function smsGatewayEnv(gateway: Pick<SmsGateway, 'url'>): NodeJS.ProcessEnv {
  return { OTP_SMS_CHANNEL: 'http', SMS_GATEWAY_URL: gateway.url, SMS_GATEWAY_BODY_TEMPLATE: '{"to":"{phone}","text":"{text}"}' };
}

/** The code in the last SMS the gateway received. */
export function lastSmsCode(gateway: Pick<SmsGateway, 'texts'>): string {
  const code = /(?<!\d)\d{6}(?!\d)/.exec(gateway.texts().at(-1) ?? '')?.[0];
  if (!code) throw new Error('the gateway received no code');
  return code;
}
