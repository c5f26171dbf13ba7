// The profile API: register a profile created by phone in the messenger, read it,
// unlink a provider, erase it on request. Each route needs its own permission.

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { IdentityLink, Profile } from '../../ports/profile-store.js';
import type { Permission } from '../../domain/permissions.js';
import { clientOf, requirePermission } from '../../http/client-auth.js';
import { problems } from '../../http/problem-schema.js';
import type { FlowDeps } from '../../use-cases/flow-deps.js';
import { eraseProfile, readProfile, registerProfile, unlinkProvider } from '../../use-cases/manage-profiles.js';
import { NewProfileBody, ProfileIdParams, ProfileLinkParams, ProfileRef } from './schemas.js';

const security = [{ clientBasic: [] }];
const tags = ['profiles'];
const NoContent = Type.Null({ description: 'Done' });

/** The route's permission check, and the line that documents it. */
const needs = (permission: Permission) => ({
  onRequest: requirePermission(permission),
  description: `Needs the \`${permission}\` permission (else 403 \`permission_denied\`).`,
});

function profileView(profile: Profile, links: IdentityLink[]) {
  return {
    id: profile.id,
    family_name: profile.familyName,
    given_name: profile.givenName,
    middle_name: profile.middleName,
    birthdate: profile.birthdate,
    gender: profile.gender,
    phone: profile.phone,
    email: profile.email,
    created_at: profile.createdAt.toISOString(),
    updated_at: profile.updatedAt.toISOString(),
    links: links.map((l) => ({
      provider: l.provider,
      linked_at: l.linkedAt.toISOString(),
      last_login_at: l.lastLoginAt?.toISOString() ?? null,
    })),
  };
}

export const profileRoutes: FastifyPluginAsyncTypebox<{ flow: FlowDeps }> = async (app, { flow }) => {
  const write = needs('profiles:write');
  app.post(
    '/v1/profiles',
    {
      onRequest: write.onRequest,
      schema: {
        tags,
        security,
        operationId: 'registerProfile', summary: 'Register a profile created outside this service (by phone number)',
        description: write.description,
        body: NewProfileBody,
        response: { 201: ProfileRef, ...problems(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const profile = await registerProfile(flow, clientOf(request), {
        familyName: b.family_name,
        givenName: b.given_name,
        middleName: b.middle_name ?? null,
        birthdate: b.birthdate,
        gender: b.gender,
        phone: b.phone ?? null,
        email: b.email ?? null,
      });
      return reply.code(201).send(profileView(profile, []));
    },
  );

  const read = needs('profiles:read');
  app.get(
    '/v1/profiles/:id',
    {
      onRequest: read.onRequest,
      schema: {
        tags, security, operationId: 'getProfile', summary: 'Read a profile and its links', description: read.description,
        params: ProfileIdParams, response: { 200: ProfileRef, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      clientOf(request);
      const { profile, links } = await readProfile(flow, request.params.id);
      return profileView(profile, links);
    },
  );

  app.delete(
    '/v1/profiles/:id/links/:provider',
    {
      onRequest: write.onRequest,
      schema: {
        tags, security, operationId: 'unlinkProvider', summary: 'Remove the link to a provider', description: write.description,
        params: ProfileLinkParams, response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await unlinkProvider(flow, clientOf(request), request.params.id, request.params.provider);
      return reply.code(204).send(null);
    },
  );

  const erase = needs('profiles:erase');
  app.delete(
    '/v1/profiles/:id',
    {
      onRequest: erase.onRequest,
      schema: {
        tags,
        security,
        operationId: 'eraseProfile', summary: 'Erase a profile on request (the profile, its links, the logins that hold its data, their audit details and delivery records)',
        description: erase.description,
        params: ProfileIdParams,
        response: { 204: NoContent, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await eraseProfile(flow, clientOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
