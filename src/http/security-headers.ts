// Helmet's security headers on every response. Helmet's answer depends on nothing in
// the request, so it is worked out once, at start-up, by running its middleware
// against a recorder; each request then gets the recorded headers in one call.
// (@fastify/helmet builds the middleware again for every request, re-parsing the
// Content-Security-Policy: about 5 % of a busy service's CPU; running the built
// middleware per request still cost another 5 %.)

import type { onRequestHookHandler } from 'fastify';
import helmet from 'helmet';

type HeaderSet = Record<string, string>;

function helmetHeaders(): HeaderSet {
  const headers: HeaderSet = {};
  const recorder = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let failure: unknown;
  helmet({ contentSecurityPolicy: { directives: { 'form-action': ["'self'"] } } })(
    {} as never,
    recorder as never,
    (err?: unknown) => void (failure = err),
  );
  if (failure) throw failure;
  return headers;
}

export function securityHeaders(): onRequestHookHandler {
  const headers = helmetHeaders();
  return (_request, reply, done) => {
    reply.headers(headers);
    done();
  };
}
