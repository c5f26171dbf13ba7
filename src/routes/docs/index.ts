// Serves openapi.yaml: the committed description, which a test keeps equal to what
// the routes' own schemas generate (`npm run openapi`), so what is served cannot
// drift from what is validated. Reading the file once costs nothing per request and
// spares the running service the generator and its memory; only the server URL is
// this deployment's.

import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';

const COMMITTED = new URL('../../../openapi.yaml', import.meta.url);

export const docsRoutes: FastifyPluginAsync<{ publicUrl: string }> = async (app, { publicUrl }) => {
  const document = servedAt(readFileSync(COMMITTED, 'utf8'), publicUrl);
  app.get('/openapi.yaml', { schema: { hide: true } }, async (_request, reply) =>
    reply.type('application/yaml; charset=utf-8').send(document),
  );
};

/** The document with its one server URL replaced by `publicUrl`. */
export function servedAt(document: string, publicUrl: string): string {
  return document.replace(/^servers:\n {2}- url: .*$/m, `servers:\n  - url: ${publicUrl}`);
}
