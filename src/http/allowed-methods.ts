// Fastify answers 404 for a path it serves under other methods. This keeps a second
// router (Fastify's own, find-my-way) of every route's method and path, so that the
// not-found handler can answer 405 with the Allow header instead (RFC 9110 §15.5.6).

import type { FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { MethodNotAllowed } from '../domain/errors.js';
import { notFoundHandler, sendProblem } from './problem.js';

export function allowedMethods() {
  const router = FindMyWay();
  const methods = new Set<HTTPMethod>();
  return {
    /** The onRoute hook: register it before any route is added. */
    learn(route: { method: HTTPMethods | HTTPMethods[]; url: string }): void {
      for (const method of [route.method].flat().map((m) => m.toUpperCase() as HTTPMethod)) {
        router.on(method, route.url, () => undefined);
        methods.add(method);
      }
    },
    /** The not-found handler: 405 with Allow when other methods serve the path. */
    notFound(request: FastifyRequest, reply: FastifyReply) {
      const path = request.url.split('?')[0] ?? '/';
      const allow = [...methods].filter((method) => router.find(method, path)).sort();
      if (allow.length === 0) return notFoundHandler(request, reply);
      return sendProblem(request, reply, MethodNotAllowed({}, { allow: allow.join(', ') }));
    },
  };
}
