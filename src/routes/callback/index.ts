// Where the provider sends the person's browser back. Success and provider-side
// failures both return the browser to the client (303) with a handoff; an unknown
// or reused state, or a browser without the login's cookie, gets a plain page and
// no redirect, because there is no trusted place to send the browser to.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { bindLogin, flowFor } from '../../http/login-log.js';
import type { FlowDeps } from '../../use-cases/flow-deps.js';
import { handleCallback } from '../../use-cases/handle-callback.js';
import { binderCookieName } from '../../use-cases/pending-authorization.js';
import { browserStep, sendErrorPage } from './error-page.js';

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

export const callbackRoutes: FastifyPluginAsyncTypebox<{ flow: FlowDeps; publicUrl: string; redirectUri: string }> = async (
  app,
  { flow, publicUrl, redirectUri },
) => {
  const cookiePath = new URL(redirectUri).pathname;
  app.get(
    '/v1/callback',
    {
      schema: {
        ...browserStep(
          'providerCallback',
          'The provider’s redirect target (browser); answers 303 to the client’s return URL',
          'To `return_to?login_id=…&handoff=…`',
          'unknown or reused sign-in link, or another browser',
        ),
        querystring: CallbackQuery,
      },
      errorHandler: (err, request, reply) => sendErrorPage(err, request, reply),
    },
    async (request, reply) => {
      const url = new URL(request.url, publicUrl);
      const { redirectTo, loginId } = await handleCallback(flowFor(flow, request), url, (name) => request.cookies[name]);
      bindLogin(request, loginId);
      return reply
        .clearCookie(binderCookieName(loginId), { path: cookiePath })
        .code(303)
        .header('location', redirectTo)
        .header('cache-control', 'no-store')
        .send(null);
    },
  );
};
