// HTTP metrics and the login's log context, attached to each route as it is added
// (an onRoute hook), so a request runs only its own route's small hook, with the
// metric children of that route bound once:
//   - every route: esia_bridge_http_request_duration_seconds{method, route, status_code},
//     the route being the pattern (`/v1/logins/:id/claim`), never the URL;
//   - each login step (a route tagged `logins`; its operationId names the step): the
//     time spent in its handler, and the login id bound to the request's logger, so
//     every line logged while serving it carries the request id and the login id;
//   - requests no route serves (404, 405) as route `unmatched`.

import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { bindLogin } from '../http/login-log.js';
import type { HttpMetricFamilies } from './metrics.js';

type Observer = { observe(value: number): void };
type Handler = (this: unknown, request: FastifyRequest, reply: FastifyReply) => unknown;
type ResponseHook = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

export const UNMATCHED_ROUTE = 'unmatched';

export function observeRoutes(http: HttpMetricFamilies) {
  return {
    /** The onRoute hook: register it before any route is added. */
    onRoute(route: RouteOptions): void {
      const method = [route.method].flat().join(',');
      const timer = responseTimer(http, method, route.url);
      route.onResponse = [...[route.onResponse ?? []].flat(), (request, reply, done) => timer(reply, done)] as ResponseHook[];
      const step = loginStep(route);
      if (step) route.handler = timedStep(http, step, route.handler as Handler) as RouteOptions['handler'];
    },
    /** Wraps the not-found handler: what it answers is counted under route `unmatched`. */
    unmatched<H extends Handler>(handler: H): H {
      const timer = responseTimer(http, 'any', UNMATCHED_ROUTE);
      return function (this: unknown, request: FastifyRequest, reply: FastifyReply) {
        const result = handler.call(this, request, reply);
        timer(reply);
        return result;
      } as H;
    },
  };
}

function responseTimer(http: HttpMetricFamilies, method: string, route: string) {
  const byStatus = new Map<number, Observer>();
  return (reply: FastifyReply, done?: () => void): void => {
    const status = reply.statusCode;
    let child = byStatus.get(status);
    if (!child) {
      child = http.requestDuration.labels(method, route, String(status));
      byStatus.set(status, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done?.();
  };
}

function loginStep(route: RouteOptions): string | null {
  const schema = route.schema as { tags?: string[]; operationId?: string } | undefined;
  return schema?.tags?.includes('logins') && schema.operationId ? schema.operationId : null;
}

function timedStep(http: HttpMetricFamilies, step: string, handler: Handler): Handler {
  const ok = http.stepDuration.labels(step, 'ok');
  const failed = http.stepDuration.labels(step, 'error');
  return async function (this: unknown, request, reply) {
    // Validated by the route's schema before the handler runs: a UUID.
    const loginId = (request.params as { id?: string } | undefined)?.id;
    if (loginId) bindLogin(request, loginId);
    const start = performance.now();
    try {
      const result = await handler.call(this, request, reply);
      ok.observe((performance.now() - start) / 1000);
      return result;
    } catch (err) {
      failed.observe((performance.now() - start) / 1000);
      throw err;
    }
  };
}
