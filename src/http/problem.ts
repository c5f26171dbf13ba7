// RFC 9457 problem+json: the only place error bodies are built. A BridgeError keeps
// its code and messages; Fastify's own errors (validation, body size, media type) are
// mapped to stable codes; anything else is a 500 whose details stay in the log.

import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DependencyUnavailable } from '../adapters/dependency-outage.js';
import {
  BadRequest,
  BridgeError,
  InternalError,
  type Locale,
  NotFound,
  PayloadTooLarge,
  ServiceUnavailable,
  UnsupportedMediaType,
  UriTooLong,
  ValidationFailed,
} from '../domain/errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: string;
  messages: { ru: string; en: string };
  instance?: string;
  [extra: string]: unknown;
}

export function problemBody(err: BridgeError, locale: Locale, requestId?: string): ProblemBody {
  return {
    ...err.extra,
    type: `urn:esia-bridge:problem:${err.code}`,
    title: err.message_for(locale),
    status: err.status,
    code: err.code,
    messages: err.messages,
    ...(requestId ? { instance: `urn:esia-bridge:request:${requestId}` } : {}),
  };
}

/** Russian unless the caller prefers English. */
export function requestLocale(request: FastifyRequest): Locale {
  const accept = request.headers['accept-language'] ?? '';
  return /^\s*en\b/i.test(accept) ? 'en' : 'ru';
}

/** Retry-After of a 503 caused by a dependency outage: readiness probes run about this often. */
const OUTAGE_RETRY_AFTER_SECONDS = '5';

export function toBridgeError(err: FastifyError | Error): BridgeError {
  if (err instanceof BridgeError) return err;
  if (err instanceof DependencyUnavailable) return ServiceUnavailable({}, { 'retry-after': OUTAGE_RETRY_AFTER_SECONDS });
  const fe = err as FastifyError;
  if (fe.validation) {
    return ValidationFailed({
      errors: fe.validation.map((v) => ({
        where: fe.validationContext ?? 'body',
        path: v.instancePath || '/',
        message: v.message ?? 'is invalid',
      })),
    });
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return PayloadTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return UnsupportedMediaType();
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return UriTooLong();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_BAD_URL':
      return BadRequest();
  }
  if (fe.statusCode === 400 || err instanceof SyntaxError) return BadRequest();
  if (fe.statusCode === 404) return NotFound();
  return InternalError();
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, err: BridgeError): FastifyReply {
  return reply
    .code(err.status)
    .headers(err.headers)
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemBody(err, requestLocale(request), request.id));
}

export function errorHandler(this: unknown, err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = toBridgeError(err);
  // A client error is routine: one line, no stack, nothing from the request.
  // An outage was logged once by the adapter that met it; each request says only its status.
  if (problem.status >= 500 && !(err instanceof BridgeError) && !(err instanceof DependencyUnavailable)) {
    request.log.error({ err, event: 'http.error' }, 'request failed');
  }
  else request.log.info({ event: 'http.problem', problem: problem.code, status: problem.status }, 'request refused');
  return sendProblem(request, reply, problem);
}

/** Errors the router raises before any route runs (a malformed or too long URL): no echo of the URL. */
export function frameworkErrorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem = toBridgeError(err);
  request.log.info({ event: 'http.problem', problem: problem.code, status: problem.status }, 'request refused');
  return sendProblem(request, reply, problem);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return sendProblem(request, reply, NotFound());
}
