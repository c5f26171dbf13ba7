// The problem+json body as a schema: every route lists it for its error statuses, so
// openapi.yaml documents errors from the same source the handler follows.

import { Type } from '@sinclair/typebox';
import * as errors from '../domain/errors.js';

// Every stable code with its status and message, listed in the schema's description
// so integrators find the catalogue in openapi.yaml.
const CATALOGUE = Object.values(errors)
  .filter((e): e is errors.ErrorFactory => typeof e === 'function' && 'code' in e)
  .map((e) => `- \`${e.code}\` (${e.status}): ${e.messages.en}`)
  .join('\n');

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: 'A URN naming the problem type.' }),
    title: Type.String({ description: 'Human message in the caller’s language (Accept-Language; Russian by default).' }),
    status: Type.Integer(),
    code: Type.String({ description: 'Stable machine code, snake_case.' }),
    messages: Type.Object({ ru: Type.String(), en: Type.String() }),
    instance: Type.Optional(Type.String({ description: 'The request id, as a URN.' })),
  },
  {
    $id: 'Problem',
    title: 'Problem',
    description: `RFC 9457 problem details; extra members depend on \`code\` (e.g. \`attempts_left\`, \`login_status\`, \`errors\`). Codes:\n${CATALOGUE}`,
    additionalProperties: true,
    examples: [
      {
        type: 'urn:esia-bridge:problem:account_not_verified',
        title: 'Ваша учётная запись на Госуслугах должна быть подтверждённой.',
        status: 403,
        code: 'account_not_verified',
        messages: {
          ru: 'Ваша учётная запись на Госуслугах должна быть подтверждённой.',
          en: 'Your Gosuslugi account must be confirmed.',
        },
        instance: 'urn:esia-bridge:request:6f1c2f5e-2b1e-4d8e-9a51-0c3f8e1c9b7a',
      },
    ],
  },
);

export const ProblemRef = Type.Ref(ProblemSchema);

const ProblemResponse = {
  description: 'Problem details (RFC 9457)',
  content: { 'application/problem+json': { schema: ProblemRef } },
};

/** Response entries for the error statuses a route can answer with. */
export function problems(...statuses: number[]): Record<number, typeof ProblemResponse> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemResponse]));
}
