// What the person sees at each point of the sign-in: the screen for a login's
// status, the sign-in itself once the assertion verifies, and a page for a call to
// the service that failed, with the HTTP status that matches.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { AssertionRejected, type AssertionVerifier } from './assertion.js';
import { BridgeProblem, type Login } from './bridge-api.js';
import type { DemoConfig } from './config.js';
import { inlineProblem } from './problem-texts.js';
import { localeOf, takeFlash } from './session.js';
import { TEXTS } from './texts.js';
import { codePage } from './views/code-page.js';
import type { Html } from './views/html.js';
import type { PageContext } from './views/layout.js';
import { problemPage } from './views/problem-page.js';
import { choosePage, completingPage, reviewPage, waitingPage } from './views/profile-pages.js';

export function pageContext(request: FastifyRequest, reply: FastifyReply, path = request.url.split('?')[0] ?? '/'): PageContext {
  return { locale: localeOf(request), csrf: reply.generateCsrf(), path };
}

export function sendPage(reply: FastifyReply, page: Html) {
  return reply.type('text/html; charset=utf-8').send(page.value);
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, status: number, code: string) {
  return sendPage(reply.code(status), problemPage(pageContext(request, reply, '/'), code));
}

/** A failed call to the service: outages can be retried, anything else starts again. */
export function failed(request: FastifyRequest, reply: FastifyReply, err: unknown) {
  if (!(err instanceof BridgeProblem)) throw err;
  if (err.status >= 500) {
    request.log.warn({ event: 'demo.service_failed', code: err.code, status: err.status }, 'the service failed');
    return sendProblem(request, reply, 503, 'service_unavailable');
  }
  request.session.login = undefined;
  return sendProblem(request, reply, err.status === 410 ? 410 : 403, err.code);
}

export interface ScreenDeps {
  config: DemoConfig;
  verify: AssertionVerifier;
  now: () => Date;
}

/** The screen for the login's current status, with the message the last action left. */
export async function showStep(deps: ScreenDeps, request: FastifyRequest, reply: FastifyReply, login: Login) {
  const ctx = pageContext(request, reply);
  const { problem, notice } = takeFlash(request);
  const message = problem ? inlineProblem(problem.code, ctx.locale, problem) : null;
  switch (login.status) {
    case 'otp_required':
      return sendPage(reply, codePage(ctx, {
        otp: login.otp as NonNullable<Login['otp']>,
        problem: message,
        notice: notice ? TEXTS[ctx.locale].codeSent : null,
        outboxUrl: deps.config.nodeEnv === 'development' ? `${deps.config.serviceUrl}/dev/outbox` : null,
        now: deps.now(),
      }));
    case 'choose_profile':
      return sendPage(reply, choosePage(ctx, login.candidates ?? [], message));
    case 'profile_review':
      return sendPage(reply, reviewPage(ctx, login.person as NonNullable<Login['person']>));
    case 'completing':
      return sendPage(reply, completingPage(ctx));
    case 'completed':
      return signIn(deps, request, reply, login);
    case 'awaiting_provider':
      return sendPage(reply, waitingPage(ctx));
    default:
      request.session.login = undefined;
      return sendProblem(request, reply, 200, login.error?.code ?? login.status);
  }
}

/** Signs the person in only when the assertion verifies, under a new session id. */
async function signIn(deps: ScreenDeps, request: FastifyRequest, reply: FastifyReply, login: Login) {
  const result = login.result as NonNullable<Login['result']>;
  let claims;
  try {
    claims = await deps.verify(result.assertion, result.profile_id);
  } catch (err) {
    if (!(err instanceof AssertionRejected)) throw err;
    request.log.warn({ event: 'demo.assertion_rejected', reason: err.message }, 'assertion did not verify');
    request.session.login = undefined;
    return sendProblem(request, reply, 502, 'assertion_invalid');
  }
  // A session id known before the sign-in is worth nothing after it.
  await request.session.regenerate(['locale']);
  request.session.signedIn = { created: result.created, claims };
  return reply.redirect('/done', 303);
}
