// Every line logged while serving a login names the request (Fastify binds `reqId`
// to the request's logger) and the login: the login id is bound to the same logger
// as soon as it is known, and the steps log through it (flowFor).

import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { FlowDeps } from '../use-cases/flow-deps.js';

/** From now on every line the request logs (its completion included) names the login. */
export function bindLogin(request: FastifyRequest, loginId: string): void {
  (request.log as Logger).setBindings({ loginId });
}

/** The flow with the serving request's logger, for what the step and the adapters it calls log. */
export function flowFor(flow: FlowDeps, request: FastifyRequest): FlowDeps {
  return { ...flow, logger: request.log as Logger };
}
