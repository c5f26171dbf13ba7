// The login API for client backends. Handlers only translate HTTP to use cases; the
// rules live in src/domain, the steps in src/use-cases.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { loginView } from './view.js';
import { clientOf, requirePermission } from '../../http/client-auth.js';
import { bindLogin, flowFor } from '../../http/login-log.js';
import { problems } from '../../http/problem-schema.js';
import type { FlowDeps } from '../../use-cases/flow-deps.js';
import {
  cancelLogin,
  claimLogin,
  completeLogin,
  readLogin,
  selectProfile,
  sendCode,
  startLogin,
  verifyCode,
} from '../../use-cases/index.js';
import {
  ClaimBody,
  LoginIdParams,
  LoginRef,
  SelectProfileBody,
  SendCodeBody,
  StartedLogin,
  StartLoginBody,
  VerifyCodeBody,
} from './schemas.js';

const security = [{ clientBasic: [] }];
const tags = ['logins'];

export const loginRoutes: FastifyPluginAsyncTypebox<{ flow: FlowDeps }> = async (app, { flow }) => {
  const view = (login: Parameters<typeof loginView>[0]) => loginView(login, flow.clock(), flow.config.otp);
  // Every login route needs the `logins` permission (403 permission_denied).
  app.addHook('onRequest', requirePermission('logins'));

  app.post(
    '/v1/logins',
    {
      schema: {
        tags,
        security,
        operationId: 'startLogin', summary: 'Start a login through the provider',
        body: StartLoginBody,
        response: { 201: StartedLogin, ...problems(400, 401, 403, 413, 415, 502) },
      },
    },
    async (request, reply) => {
      const { return_to, locale, client_state } = request.body;
      const started = await startLogin(flowFor(flow, request), clientOf(request), { returnTo: return_to, locale, clientState: client_state });
      bindLogin(request, started.id);
      return reply.code(201).send({ ...started, status: 'awaiting_provider' as const });
    },
  );

  app.get(
    '/v1/logins/:id',
    {
      schema: {
        tags,
        security,
        operationId: 'getLogin', summary: 'Read a login (personal data only after the claim)',
        params: LoginIdParams,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => view(await readLogin(flowFor(flow, request), clientOf(request), request.params.id)),
  );

  app.post(
    '/v1/logins/:id/claim',
    {
      schema: {
        tags,
        security,
        operationId: 'claimLogin', summary: 'Claim a login with the handoff from the return URL (sends the first code)',
        params: LoginIdParams,
        body: ClaimBody,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => view(await claimLogin(flowFor(flow, request), clientOf(request), request.params.id, request.body.handoff)),
  );

  app.post(
    '/v1/logins/:id/otp',
    {
      schema: {
        tags,
        security,
        operationId: 'sendCode', summary: 'Send the code again, or switch the channel after a failed delivery',
        params: LoginIdParams,
        body: SendCodeBody,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request) => view(await sendCode(flowFor(flow, request), clientOf(request), request.params.id, request.body.channel)),
  );

  app.post(
    '/v1/logins/:id/otp/verify',
    {
      schema: {
        tags,
        security,
        operationId: 'verifyCode', summary: 'Check the one-time code',
        params: LoginIdParams,
        body: VerifyCodeBody,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => view(await verifyCode(flowFor(flow, request), clientOf(request), request.params.id, request.body.code)),
  );

  app.post(
    '/v1/logins/:id/profile',
    {
      schema: {
        tags,
        security,
        operationId: 'selectProfile', summary: 'Confirm the new profile or pick one of several candidates',
        params: LoginIdParams,
        body: SelectProfileBody,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const body = request.body;
      const selection = 'confirm' in body ? { confirm: true as const } : 'not_mine' in body ? { notMine: true as const } : { profileId: body.profile_id };
      return view(await selectProfile(flowFor(flow, request), clientOf(request), request.params.id, selection));
    },
  );

  app.post(
    '/v1/logins/:id/complete',
    {
      schema: {
        tags,
        security,
        operationId: 'completeLogin',
        summary: 'Finish a login left in `completing` by a failure half-way (idempotent)',
        params: LoginIdParams,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404, 409, 422, 503) },
      },
    },
    async (request) => view(await completeLogin(flowFor(flow, request), clientOf(request), request.params.id)),
  );

  app.delete(
    '/v1/logins/:id',
    {
      schema: {
        tags,
        security,
        operationId: 'cancelLogin', summary: 'Cancel a login',
        params: LoginIdParams,
        response: { 200: LoginRef, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => view(await cancelLogin(flowFor(flow, request), clientOf(request), request.params.id)),
  );
};
