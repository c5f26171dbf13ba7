// The `authorization_url` a client sends the person's browser to: sets the cookie
// that ties the login to this browser (HttpOnly, SameSite=Lax so the provider's
// redirect back carries it, Secure on https, scoped to the callback's path) and
// redirects to the provider. Usable once; afterwards, or for an unknown login, an
// HTML page says to start again.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { flowFor } from '../../http/login-log.js';
import { authorizeLogin } from '../../use-cases/authorize-login.js';
import type { FlowDeps } from '../../use-cases/flow-deps.js';
import { binderCookieName } from '../../use-cases/pending-authorization.js';
import { LoginIdParams } from '../logins/schemas.js';
import { browserStep, sendErrorPage } from './error-page.js';

export const authorizeRoutes: FastifyPluginAsyncTypebox<{ flow: FlowDeps; redirectUri: string }> = async (app, { flow, redirectUri }) => {
  const callback = new URL(redirectUri);
  app.get(
    '/v1/logins/:id/authorize',
    {
      schema: {
        ...browserStep(
          'authorizeLogin',
          'The authorization_url (browser): ties the login to this browser with a cookie and answers 303 to the provider',
          'To the provider’s authorization endpoint',
          'unknown or already used link',
        ),
        params: LoginIdParams,
      },
      errorHandler: (err, request, reply) => sendErrorPage(err, request, reply),
    },
    async (request, reply) => {
      const { providerUrl, binder, expiresAt } = await authorizeLogin(flowFor(flow, request), request.params.id);
      return reply
        .setCookie(binderCookieName(request.params.id), binder, {
          path: callback.pathname,
          httpOnly: true,
          sameSite: 'lax',
          secure: callback.protocol === 'https:',
          expires: expiresAt,
        })
        .code(303)
        .header('location', providerUrl)
        .header('cache-control', 'no-store')
        .send(null);
    },
  );
};
