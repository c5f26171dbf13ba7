// buildApp(deps): plugins first, then routes. main.ts and the tests both build the
// app through here, so tests exercise exactly what production serves.

import cookie from '@fastify/cookie';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import { OPENAPI_INFO } from './http/openapi-info.js';
import { allowedMethods } from './http/allowed-methods.js';
import { jsonBodiesOnly } from './http/json-body.js';
import { securityHeaders } from './http/security-headers.js';
import { requestId } from './http/request-id.js';
import { errorHandler, frameworkErrorHandler } from './http/problem.js';
import { ProblemSchema } from './http/problem-schema.js';
import type { DevOutbox } from './adapters/delivery/dev-outbox.js';
import { logResponse } from './http/access-log.js';
import { authenticateClient } from './http/client-auth.js';
import type { ClientDirectory } from './ports/client-directory.js';
import { authorizeRoutes } from './routes/callback/authorize.js';
import { callbackRoutes } from './routes/callback/index.js';
import { devRoutes } from './routes/dev/index.js';
import { docsRoutes } from './routes/docs/index.js';
import { healthRoutes, type Lifecycle, type ReadinessCheck } from './routes/health/index.js';
import { LoginSchema } from './routes/logins/schemas.js';
import { loginRoutes } from './routes/logins/index.js';
import { ProfileSchema } from './routes/profiles/schemas.js';
import { profileRoutes } from './routes/profiles/index.js';
import { wellKnownRoutes } from './routes/well-known/index.js';
import type { FlowDeps } from './use-cases/flow-deps.js';
import { observeRoutes } from './observability/http-metrics.js';
import type { HttpMetricFamilies } from './observability/metrics.js';

export interface AppDeps {
  config: Pick<Config, 'trustProxy' | 'bodyLimitBytes' | 'publicUrl'>;
  logger: Logger;
  readiness: ReadinessCheck[];
  /** Register the OpenAPI generator (`npm run openapi`); the service itself serves the committed file. */
  describeApi?: boolean;
  /** Shared with main.ts, which sets `draining` on SIGTERM. */
  lifecycle?: Lifecycle;
  /** The login and profile API; absent in tests of the bare HTTP shell. */
  api?: ApiDeps;
  /** Request and login-step metrics (observability/metrics.ts); none in tests of the bare shell. */
  metrics?: HttpMetricFamilies;
}

export interface ApiDeps {
  flow: FlowDeps;
  clients: ClientDirectory;
  clientSecretPepper: string;
  /** The provider's redirect URI: the callback, whose path the login cookie is scoped to. */
  redirectUri: string;
  /** Development only: the outbox behind GET /dev/outbox. */
  outbox: DevOutbox | null;
}

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: requestId,
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
    // One line per request instead of two (logResponse below).
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.addHook('onResponse', logResponse);

  app.setErrorHandler(errorHandler);
  const routes = allowedMethods();
  app.addHook('onRoute', routes.learn);
  const observed = deps.metrics ? observeRoutes(deps.metrics) : null;
  if (observed) app.addHook('onRoute', observed.onRoute);
  app.setNotFoundHandler(observed ? observed.unmatched(routes.notFound) : routes.notFound);
  jsonBodiesOnly(app);
  // Responses sent while shutting down close their connection, so a keep-alive client
  // does not hold the process open until the grace period runs out.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) reply.header('connection', 'close');
  });

  app.addHook('onRequest', securityHeaders());
  // The generator of openapi.yaml (npm run openapi) only: the service serves the committed file.
  if (deps.describeApi) {
    const { default: swagger } = await import('@fastify/swagger');
    await app.register(swagger, {
      openapi: { ...OPENAPI_INFO, servers: [{ url: deps.config.publicUrl }] },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
    });
  }
  for (const schema of [ProblemSchema, LoginSchema, ProfileSchema]) app.addSchema(schema);

  await app.register(healthRoutes, { checks: deps.readiness, lifecycle: deps.lifecycle ?? { draining: false } });
  await app.register(docsRoutes, { publicUrl: deps.config.publicUrl });
  if (deps.api) await app.register(apiRoutes, { api: deps.api, publicUrl: deps.config.publicUrl });
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

const apiRoutes: FastifyPluginAsyncTypebox<{ api: ApiDeps; publicUrl: string }> = async (app, { api, publicUrl }) => {
  app.decorateRequest('client', null);
  await app.register(async (scope) => {
    scope.addHook('onRequest', authenticateClient(api.clients, api.clientSecretPepper));
    await scope.register(loginRoutes, { flow: api.flow });
    await scope.register(profileRoutes, { flow: api.flow });
  });
  await app.register(cookie);
  await app.register(authorizeRoutes, { flow: api.flow, redirectUri: api.redirectUri });
  await app.register(callbackRoutes, { flow: api.flow, publicUrl, redirectUri: api.redirectUri });
  await app.register(wellKnownRoutes, { signer: api.flow.signer });
  if (api.outbox) await app.register(devRoutes, { outbox: api.outbox });
};

// A hop count becomes proxy-addr's "trust the n closest hops" function.
function trustProxyOption(value: Config['trustProxy']) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}
