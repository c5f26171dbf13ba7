// The plain HTML page a browser gets when a sign-in link cannot be used: there is
// no trusted place to redirect it to, so it is told to start again.

import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BridgeError, InternalError, InvalidState, type Locale } from '../../domain/errors.js';
import { escapeHtml } from '../../http/escape-html.js';
import { DependencyUnavailable } from '../../adapters/dependency-outage.js';
import { requestLocale, toBridgeError } from '../../http/problem.js';

/** The parts every browser step shares: no client authentication, a 303 onwards, an HTML page on failure. */
export function browserStep(operationId: string, summary: string, redirectsTo: string, failure: string) {
  return {
    tags: ['logins'],
    operationId,
    security: [],
    summary,
    response: {
      303: Type.Null({ description: redirectsTo }),
      '4xx': Type.String({ description: `An HTML page: ${failure}` }),
      '5xx': Type.String({ description: 'An HTML page' }),
    },
  };
}

export function sendErrorPage(err: unknown, request: FastifyRequest, reply: FastifyReply) {
  const known = pageError(err);
  if (known.status >= 500 && !(err instanceof DependencyUnavailable)) request.log.error({ err, event: 'browser_step.failed' }, 'a browser step failed');
  const locale = requestLocale(request);
  return reply
    .code(known.status >= 500 ? known.status : 400)
    .headers(known.headers)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(errorPage(known.message_for(locale), locale));
}

// A malformed link (a repeated or over-long parameter) is an unusable link.
function pageError(err: unknown): BridgeError {
  if (err instanceof BridgeError) return err.expose ? err : InternalError();
  if (err instanceof DependencyUnavailable) return toBridgeError(err);
  return (err as { validation?: unknown }).validation ? InvalidState() : InternalError();
}

function errorPage(message: string, locale: Locale): string {
  const title = locale === 'ru' ? 'Вход не удался' : 'Sign-in failed';
  const hint = locale === 'ru' ? 'Вернитесь в приложение и начните вход заново.' : 'Return to the application and start again.';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${escapeHtml(message)}</p><p>${hint}</p></body></html>`;
}
