// Where the provider sends the person's browser back. Success and provider-side
// failures both return the browser to the client (303) with a handoff; an unknown
// or reused state gets a plain page and no redirect, because there is no trusted
// place to send the browser to.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { BridgeError, InternalError, InvalidState } from '../../domain/errors.js';
import { escapeHtml } from '../../http/escape-html.js';
import { requestLocale } from '../../http/problem.js';
import type { FlowDeps } from '../../use-cases/flow-deps.js';
import { handleCallback } from '../../use-cases/handle-callback.js';

const CallbackQuery = Type.Object(
  {
    state: Type.Optional(Type.String({ maxLength: 512 })),
    code: Type.Optional(Type.String({ maxLength: 4096 })),
    iss: Type.Optional(Type.String({ maxLength: 2048 })),
    error: Type.Optional(Type.String({ maxLength: 256 })),
    error_description: Type.Optional(Type.String({ maxLength: 2048 })),
  },
  { additionalProperties: true },
);

export const callbackRoutes: FastifyPluginAsyncTypebox<{ flow: FlowDeps; publicUrl: string }> = async (app, { flow, publicUrl }) => {
  // A query that fails validation (a repeated or over-long state) comes from a browser
  // too: it gets the same page, not a problem+json.
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (!err.validation) request.log.error({ err, event: 'callback.failed' }, 'callback failed');
    else request.log.info({ event: 'callback.refused', reason: 'invalid_query' }, 'callback query refused');
    return sendErrorPage(request, reply, err.validation ? InvalidState() : err);
  });
  app.get(
    '/v1/callback',
    {
      schema: {
        tags: ['logins'],
        operationId: 'providerCallback',
        security: [],
        summary: 'The provider’s redirect target (browser); answers 303 to the client’s return URL',
        querystring: CallbackQuery,
        response: {
          303: Type.Null({ description: 'To `return_to?login_id=…&handoff=…`' }),
          400: Type.String({ description: 'An HTML page: unknown or reused sign-in link' }),
          500: Type.String({ description: 'An HTML page' }),
        },
      },
    },
    async (request, reply) => {
      const url = new URL(request.url, publicUrl);
      try {
        const { redirectTo } = await handleCallback(flow, url);
        return reply.code(303).header('location', redirectTo).header('cache-control', 'no-store').send(null);
      } catch (err) {
        if (!(err instanceof BridgeError)) request.log.error({ err, event: 'callback.failed' }, 'callback failed');
        return sendErrorPage(request, reply, err);
      }
    },
  );
};

function sendErrorPage(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const known = err instanceof BridgeError && err.expose ? err : InternalError();
  const locale = requestLocale(request);
  return reply
    .code(known.status >= 500 ? 500 : 400)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(errorPage(known.message_for(locale), locale));
}

function errorPage(message: string, locale: 'ru' | 'en'): string {
  const title = locale === 'ru' ? 'Вход не удался' : 'Sign-in failed';
  const hint = locale === 'ru' ? 'Вернитесь в приложение и начните вход заново.' : 'Return to the application and start again.';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title></head>` +
    `<body><h1>${title}</h1><p>${escapeHtml(message)}</p><p>${hint}</p></body></html>`;
}
