// Liveness and readiness. /readyz asks every dependency with a short deadline and
// names each one that does not answer, so an orchestrator and a person both see why.

import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ServiceUnavailable } from '../../domain/errors.js';
import { problems } from '../../http/problem-schema.js';
import { probeCheck, type ReadinessCheck } from '../../http/readiness.js';

export type { ReadinessCheck } from '../../http/readiness.js';

const Checks = Type.Record(Type.String(), Type.Union([Type.Literal('up'), Type.Literal('down')]));

/** Set when the process is shutting down: /readyz fails at once while requests are still served. */
export interface Lifecycle {
  draining: boolean;
}

export const healthRoutes: FastifyPluginAsyncTypebox<{ checks: ReadinessCheck[]; lifecycle: Lifecycle }> = async (app, { checks, lifecycle }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        operationId: 'liveness',
        security: [],
        summary: 'The process is alive',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        operationId: 'readiness',
        security: [],
        summary: 'Every dependency answers',
        description: 'Postgres, the login-state store and the identity provider (reached over the network, at most every few seconds). 503 names what is down, or says `draining` while the process shuts down.',
        response: { 200: Type.Object({ status: Type.Literal('ready'), checks: Checks }), ...problems(503) },
      },
    },
    async () => {
      if (lifecycle.draining) throw ServiceUnavailable({ down: [], draining: true }, { 'retry-after': '5' });
      const results = await Promise.all(checks.map(async (c) => [c.name, await probeCheck(c)] as const));
      const state = Object.fromEntries(results);
      const down = results.filter(([, s]) => s === 'down').map(([name]) => name);
      if (down.length > 0) throw ServiceUnavailable({ down, checks: state }, { 'retry-after': '5' });
      return { status: 'ready' as const, checks: state };
    },
  );
};
