// Development only: the codes the development channel "sent", newest first, all or
// one login's (`?login_id=`). Not registered in production, where the route does not
// exist.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { DevOutbox } from '../../adapters/delivery/dev-outbox.js';

const OutboxQuery = Type.Object({ login_id: Type.Optional(Type.String({ maxLength: 64 })) }, { additionalProperties: false });

const Outbox = Type.Array(
  Type.Object(
    {
      login_id: Type.String(),
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
    { schema: { hide: true, querystring: OutboxQuery, response: { 200: Outbox } } },
    async (request, reply) => {
      const messages = outbox.list(request.query.login_id).map(({ loginId, ...rest }) => ({ login_id: loginId, ...rest }));
      return reply.header('cache-control', 'no-store').send(messages);
    },
  );
};
