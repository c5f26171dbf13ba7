// One log line per request, at debug, written when the answer has gone: method, route
// pattern (never the URL, whose query may carry a code or a state), status and
// duration. Request counts and latencies are metrics (GET /metrics); the access log
// is for tracing one login (LOG_LEVEL=debug), because at the rates a login service
// serves, a line per request is a measurable share of its CPU. Refusals (info) and
// failures (error) are logged whatever the level.

import type { FastifyReply, FastifyRequest } from 'fastify';

export async function logResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.log.debug(
    {
      event: 'http.request',
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    },
    'request',
  );
}
