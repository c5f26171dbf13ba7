// Serves the OpenAPI description generated from the routes' own schemas, so what is
// served cannot drift from what is validated (openapi.yaml in the repo is checked
// against the same generator by a test). It is built once, when the app is ready
// (every route is known then): rendering it takes tens of milliseconds of CPU, too
// much to spend on each unauthenticated request.

import type { FastifyPluginAsync } from 'fastify';
import { stringify } from 'yaml';

export const docsRoutes: FastifyPluginAsync = async (app) => {
  let document = '';
  app.addHook('onReady', async () => {
    document = openApiYaml(app.swagger());
  });
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(document),
  );
};

/** Plain YAML without anchors and aliases, easy to read and to diff. */
export function openApiYaml(document: unknown): string {
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}
