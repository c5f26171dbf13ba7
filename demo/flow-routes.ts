// The sign-in as an integrator's backend drives it, one route per step:
//
//   POST /login     start a login, remember its id in this session, send the browser on
//   GET  /callback  the browser is back: refuse a login_id this session did not start,
//                   then redeem the handoff (POST …/claim)
//   GET  /flow      read the login and show the screen its status calls for
//   POST /code …    one route per action on a screen, each followed by GET /flow
//
// Only `completed` with an assertion that verifies signs the person in (GET /done).

import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AssertionVerifier } from './assertion.js';
import { BridgeProblem, type BridgeApi, type Login } from './bridge-api.js';
import type { DemoConfig } from './config.js';
import { failed, pageContext, sendPage, sendProblem, showStep } from './flow-screens.js';
import { hasInlineProblem } from './problem-texts.js';
import { localeOf } from './session.js';
import { waitingPage } from './views/profile-pages.js';

export interface FlowDeps {
  config: DemoConfig;
  api: BridgeApi;
  verify: AssertionVerifier;
  now: () => Date;
}

type Body = Record<string, string | undefined>;

const FORM = { type: 'object', additionalProperties: { type: 'string', maxLength: 200 } } as const;
const CALLBACK_QUERY = {
  type: 'object',
  properties: { login_id: { type: 'string', maxLength: 100 }, handoff: { type: 'string', maxLength: 200 } },
} as const;

export async function flowRoutes(app: FastifyInstance, deps: FlowDeps): Promise<void> {
  startRoutes(app, deps);
  stepRoutes(app, deps);
}

function startRoutes(app: FastifyInstance, { api, config }: FlowDeps): void {
  app.post('/login', { schema: { body: FORM } }, async (request, reply) => {
    const clientState = randomBytes(16).toString('base64url');
    try {
      const started = await api.start({ returnTo: `${config.publicUrl}/callback`, locale: localeOf(request), clientState });
      request.session.login = { id: started.id, clientState, claimed: false };
      request.session.signedIn = undefined;
      return reply.redirect(started.authorization_url, 303);
    } catch (err) {
      if (!(err instanceof BridgeProblem)) throw err;
      request.log.warn({ event: 'demo.start_failed', code: err.code }, 'could not start a login');
      return err.status >= 500 ? sendProblem(request, reply, 503, 'service_unavailable') : sendProblem(request, reply, 500, 'unknown');
    }
  });

  app.get<{ Querystring: { login_id?: string; handoff?: string } }>(
    '/callback',
    { schema: { querystring: CALLBACK_QUERY } },
    async (request, reply) => {
      const { login_id: loginId, handoff } = request.query;
      const bound = request.session.login;
      // The one check no service can make for the client: this browser started this login.
      if (!bound || !loginId || bound.id !== loginId) {
        request.log.warn({ event: 'demo.foreign_login' }, 'refused a login this session did not start');
        return sendProblem(request, reply, 403, 'foreign_login');
      }
      if (!bound.claimed) {
        try {
          await api.claim(bound.id, handoff ?? '');
        } catch (err) {
          return failed(request, reply, err);
        }
        request.session.login = { ...bound, claimed: true };
      }
      return reply.redirect('/flow', 303);
    },
  );
}

function stepRoutes(app: FastifyInstance, deps: FlowDeps): void {
  const { api } = deps;
  app.get('/flow', async (request, reply) => {
    const bound = request.session.login;
    if (!bound) return reply.redirect(request.session.signedIn ? '/done' : '/', 303);
    if (!bound.claimed) return sendPage(reply, waitingPage(pageContext(request, reply)));
    let login: Login;
    try {
      login = await api.get(bound.id);
    } catch (err) {
      return failed(request, reply, err);
    }
    return showStep(deps, request, reply, login);
  });

  const step = (path: string, run: (id: string, body: Body) => Promise<unknown>, notice?: 'code_sent') =>
    app.post<{ Body: Body }>(path, { schema: { body: FORM } }, async (request, reply) => {
      const bound = request.session.login;
      if (!bound?.claimed) return reply.redirect('/flow', 303);
      try {
        await run(bound.id, request.body ?? {});
        if (notice) request.session.flash = { notice };
      } catch (err) {
        if (!(err instanceof BridgeProblem) || err.status >= 500) return failed(request, reply, err);
        // Told on the same screen; anything else changed the login's status, which
        // GET /flow shows (a locked code, an expired login…).
        if (hasInlineProblem(err.code)) {
          request.session.flash = { problem: { code: err.code, attemptsLeft: err.attemptsLeft, retryAfter: err.retryAfterSeconds } };
        }
      }
      return reply.redirect('/flow', 303);
    });

  step('/code', (id, body) => {
    const code = (body.code ?? '').replace(/\s/g, '');
    if (!/^\d{6}$/.test(code)) throw new BridgeProblem(400, 'code_format');
    return api.verifyCode(id, code);
  });
  step('/code/resend', (id) => api.sendCode(id), 'code_sent');
  step('/code/channel', (id, body) => api.sendCode(id, body.channel === 'email' ? 'email' : 'sms'), 'code_sent');
  step('/profile', (id, body) => api.chooseProfile(id, body.profile_id ?? ''));
  step('/profile/not-mine', (id) => api.notMine(id));
  step('/profile/confirm', (id) => api.confirmNewProfile(id));
  step('/complete', (id) => api.complete(id));

  app.post('/cancel', { schema: { body: FORM } }, async (request, reply) => {
    const bound = request.session.login;
    request.session.login = undefined;
    // A courtesy to the service: an abandoned login would expire on its own anyway.
    if (bound) await api.cancel(bound.id).catch(() => undefined);
    return reply.redirect('/', 303);
  });
}
