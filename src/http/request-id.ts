// The request id: the caller's X-Request-Id when it is a short token of safe
// characters (so a log line or a header can never be forged through it), else a
// fresh UUID. It is bound to every log line of the request and echoed back.

import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,64}$/;

export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}
