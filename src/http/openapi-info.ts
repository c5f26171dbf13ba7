// The document-level parts of openapi.yaml; paths and schemas come from the routes.

import type { OpenAPIV3_1 } from 'openapi-types';
import { PERMISSION_MEANINGS } from '../domain/permissions.js';

const PERMISSION_LIST = Object.entries(PERMISSION_MEANINGS)
  .map(([permission, meaning]) => `- \`${permission}\`: ${meaning}`)
  .join('\n');

export const OPENAPI_INFO: Partial<OpenAPIV3_1.Document> = {
  openapi: '3.1.0',
  info: {
    title: 'esia-bridge',
    version: '0.1.0',
    description:
      'Identity bridge between VK ID and an ESIA-compatible OpenID Connect provider (Госуслуги): ' +
      'runs the provider login, applies the rules for confirmed accounts and minors, finds or creates ' +
      'the educational profile and proves possession with a one-time code. Errors are RFC 9457 ' +
      'problem+json with a stable `code`.',
    license: { name: 'UNLICENSED', identifier: 'UNLICENSED' },
  },
  servers: [{ url: 'http://localhost:3000', description: 'Local development' }],
  tags: [
    { name: 'health', description: 'Liveness and readiness' },
    { name: 'logins', description: 'The Госуслуги login flow, driven by a client backend (needs the `logins` permission)' },
    { name: 'profiles', description: 'Educational profiles and their provider links' },
    { name: 'keys', description: 'Keys that verify the service’s assertions' },
  ],
  components: {
    securitySchemes: {
      clientBasic: {
        type: 'http',
        scheme: 'basic',
        description:
          'API client id and secret (issued with `npm run clients -- add`). Each client holds permissions, ' +
          '`logins` only unless granted more (`npm run clients -- permissions <id> <list>`); a route that needs ' +
          `one the client lacks answers 403 \`permission_denied\`:\n${PERMISSION_LIST}`,
      },
    },
  },
};
