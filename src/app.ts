// buildApp(deps): plugins first, then routes. main.ts and the tests both build the
// app through here, so tests exercise exactly what production serves.

import { randomUUID } from 'node:crypto';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { Config } from './config/index.js';
import { OPENAPI_INFO } from './http/openapi-info.js';
import { errorHandler, notFoundHandler } from './http/problem.js';
import { ProblemSchema } from './http/problem-schema.js';
import { docsRoutes } from './routes/docs/index.js';
import { healthRoutes, type ReadinessCheck } from './routes/health/index.js';

export interface AppDeps {
  config: Pick<Config, 'trustProxy' | 'bodyLimitBytes' | 'publicUrl'>;
  logger: Logger;
  readiness: ReadinessCheck[];
}

export type App = Awaited<ReturnType<typeof buildApp>>;

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: trustProxyOption(deps.config.trustProxy),
    bodyLimit: deps.config.bodyLimitBytes,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true } },
    return503OnClosing: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
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

  await app.register(helmet, { contentSecurityPolicy: { directives: { 'form-action': ["'self'"] } } });
  await app.register(swagger, {
    openapi: { ...OPENAPI_INFO, servers: [{ url: deps.config.publicUrl }] },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  app.addSchema(ProblemSchema);

  await app.register(healthRoutes, { checks: deps.readiness });
  await app.register(docsRoutes);
  return app;
}

// A hop count becomes proxy-addr's "trust the n closest hops" function.
function trustProxyOption(value: Config['trustProxy']) {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}
