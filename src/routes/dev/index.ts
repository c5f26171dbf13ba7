// Development only: the codes the development channel "sent", newest first. Not
// registered in production, where the route does not exist.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { DevOutbox } from '../../adapters/delivery/dev-outbox.js';

const Outbox = Type.Array(
  Type.Object(
    {
      channel: Type.Union([Type.Literal('sms'), Type.Literal('email')]),
      destination: Type.String(),
      text: Type.String(),
      at: Type.String({ format: 'date-time' }),
    },
    { additionalProperties: false },
  ),
);

export const devRoutes: FastifyPluginAsyncTypebox<{ outbox: DevOutbox }> = async (app, { outbox }) => {
  app.get(
    '/dev/outbox',
    { schema: { hide: true, response: { 200: Outbox } } },
    async (_request, reply) => reply.header('cache-control', 'no-store').send(outbox.list()),
  );
};
