// HTTP Basic authentication of API clients (client backends). Registered as a hook
// inside the /v1 API scope only, so no route is exempted by URL matching. Routes then
// name the permission they need (requirePermission), checked before the body is.

import type { FastifyRequest } from 'fastify';
import { verifiedSecrets } from '../auth/verified-secrets.js';
import { PermissionDenied, Unauthorized } from '../domain/errors.js';
import type { Permission } from '../domain/permissions.js';
import type { ClientDirectory } from '../ports/client-directory.js';
import type { ClientRef } from '../use-cases/flow-deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    client: ClientRef | null;
  }
}

const CHALLENGE = { 'www-authenticate': 'Basic realm="esia-bridge", charset="UTF-8"' };

function credentials(header: string | undefined): { id: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon > 0 ? { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) } : null;
}

export function authenticateClient(clients: ClientDirectory, pepper: string) {
  const secretMatches = verifiedSecrets(pepper);
  return async (request: FastifyRequest): Promise<void> => {
    const given = credentials(request.headers.authorization);
    const client = given ? await clients.findActive(given.id) : null;
    if (!given || !client || !secretMatches(client.id, given.secret, client.secretHash)) throw Unauthorized({}, CHALLENGE);
    request.client = { id: client.id, returnUrls: client.returnUrls, permissions: client.permissions };
  };
}

/** An onRequest hook that refuses a client without `permission` (403 permission_denied). */
export function requirePermission(permission: Permission) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!clientOf(request).permissions.includes(permission)) throw PermissionDenied({ permission });
  };
}

/** The authenticated client; the hook guarantees it inside the API scope. */
export function clientOf(request: FastifyRequest): ClientRef {
  if (!request.client) throw Unauthorized({}, CHALLENGE);
  return request.client;
}
