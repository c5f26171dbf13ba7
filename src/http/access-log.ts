// One log line per request, written when the answer has gone: method, route pattern
// (never the URL, whose query may carry a code or a state), status and duration.
// Fastify's own request logging writes two lines per request; at the rates a login
// service serves, the log is a measurable share of its CPU.

import type { FastifyReply, FastifyRequest } from 'fastify';

export async function logResponse(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  request.log.info(
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
