// Serves the OpenAPI description generated from the routes' own schemas, so what is
// served cannot drift from what is validated (openapi.yaml in the repo is checked
// against the same generator by a test).

import type { FastifyPluginAsync } from 'fastify';

export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })),
  );
};
