// Serves the OpenAPI description generated from the routes' own schemas, so what is
// served cannot drift from what is validated (openapi.yaml in the repo is checked
// against the same generator by a test).

import type { FastifyPluginAsync } from 'fastify';
import { stringify } from 'yaml';

export const docsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(openApiYaml(app.swagger())),
  );
};

/** Plain YAML without anchors and aliases, easy to read and to diff. */
export function openApiYaml(document: unknown): string {
  return stringify(document, { aliasDuplicateObjects: false, lineWidth: 0 });
}
