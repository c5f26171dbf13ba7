// The public keys that verify the service's assertions.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AssertionSigner } from '../../ports/assertion-signer.js';

const Jwks = Type.Object(
  {
    keys: Type.Array(
      Type.Object(
        {
          kty: Type.String(),
          crv: Type.String(),
          x: Type.String(),
          y: Type.String(),
          kid: Type.String(),
          alg: Type.String(),
          use: Type.String(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const wellKnownRoutes: FastifyPluginAsyncTypebox<{ signer: AssertionSigner }> = async (app, { signer }) => {
  app.get(
    '/.well-known/jwks.json',
    { schema: { tags: ['keys'], operationId: 'assertionKeys', security: [], summary: 'Keys that verify assertions (ES256)', response: { 200: Jwks } } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(signer.jwks()),
  );
};
