// API clients may do only what they were granted: `logins` (the default),
// `profiles:read`, `profiles:write` (register a profile, remove a link) and
// `profiles:erase`. A missing permission is a 403 `permission_denied` before anything
// is looked up, so it tells nothing about whether the profile exists. Logins stay
// visible only to the client that started them, whatever it was granted.

import { setTimeout as sleep } from 'node:timers/promises';
import t, { type Test } from 'tap';
import { apiClientsRepository } from '../../src/adapters/postgres/api-clients-repository.js';
import { flowHarness, RETURN_TO } from '../helpers/flow.js';

const NEW_PROFILE = {
  family_name: 'Разрешенова',
  given_name: 'Ирина',
  birthdate: '1990-04-12',
  gender: 'female',
  phone: '+79990007788',
};
const MISSING = '00000000-0000-4000-8000-000000000000';
// The service keeps an API client this long (API_CLIENT_CACHE_MS); a change must show after it.
const CACHE_MS = 300;

t.test('permissions of API clients', async (t) => {
  const h = await flowHarness(t, { API_CLIENT_CACHE_MS: String(CACHE_MS) });
  const registered = await h.call('POST', '/v1/profiles', NEW_PROFILE);
  t.equal(registered.status, 201);
  const profileId = registered.body.id as string;
  const link = `/v1/profiles/${profileId}/links/${encodeURIComponent(h.sandbox.issuer)}`;

  function denied(t: Test, reply: { status: number; body: any }, permission: string, what: string) {
    t.equal(reply.status, 403, what);
    t.equal(reply.body.code, 'permission_denied', what);
    t.equal(reply.body.permission, permission, what);
    t.match(reply.body.messages, { ru: /разрешени/i, en: /permission/i }, what);
  }

  t.test('a new client may run logins and nothing else', async (t) => {
    const logins = await h.newClient();
    t.equal((await h.call('POST', '/v1/logins', { return_to: RETURN_TO }, logins)).status, 201);
    denied(t, await h.call('POST', '/v1/profiles', NEW_PROFILE, logins), 'profiles:write', 'register');
    denied(t, await h.call('GET', `/v1/profiles/${profileId}`, undefined, logins), 'profiles:read', 'read');
    denied(t, await h.call('GET', `/v1/profiles/${MISSING}`, undefined, logins), 'profiles:read', 'read a missing profile');
    denied(t, await h.call('DELETE', link, undefined, logins), 'profiles:write', 'unlink');
    denied(t, await h.call('DELETE', `/v1/profiles/${profileId}`, undefined, logins), 'profiles:erase', 'erase');
    denied(t, await h.call('DELETE', `/v1/profiles/${MISSING}`, undefined, logins), 'profiles:erase', 'erase a missing profile');
  });

  t.test('the permission is checked before the body', async (t) => {
    const logins = await h.newClient();
    denied(t, await h.call('POST', '/v1/profiles', { nonsense: true }, logins), 'profiles:write', 'invalid body');
  });

  t.test('profiles:read reads, and runs no logins', async (t) => {
    const reader = await h.newClient(['profiles:read']);
    const read = await h.call('GET', `/v1/profiles/${profileId}`, undefined, reader);
    t.equal(read.status, 200);
    t.equal(read.body.family_name, NEW_PROFILE.family_name);
    denied(t, await h.call('POST', '/v1/logins', { return_to: RETURN_TO }, reader), 'logins', 'start a login');
    denied(t, await h.call('GET', `/v1/logins/${MISSING}`, undefined, reader), 'logins', 'read a login');
    denied(t, await h.call('POST', '/v1/profiles', NEW_PROFILE, reader), 'profiles:write', 'register');
    denied(t, await h.call('DELETE', `/v1/profiles/${profileId}`, undefined, reader), 'profiles:erase', 'erase');
  });

  t.test('profiles:write registers and unlinks; erasing needs profiles:erase', async (t) => {
    const writer = await h.newClient(['profiles:write']);
    const created = await h.call('POST', '/v1/profiles', { ...NEW_PROFILE, given_name: 'Инна' }, writer);
    t.equal(created.status, 201);
    t.equal((await h.call('DELETE', link, undefined, writer)).status, 404, 'allowed, and there is no link to remove');
    denied(t, await h.call('GET', `/v1/profiles/${created.body.id}`, undefined, writer), 'profiles:read', 'read');
    denied(t, await h.call('DELETE', `/v1/profiles/${created.body.id}`, undefined, writer), 'profiles:erase', 'erase');
    const eraser = await h.newClient(['profiles:erase']);
    t.equal((await h.call('DELETE', `/v1/profiles/${created.body.id}`, undefined, eraser)).status, 204);
    t.equal((await h.call('GET', `/v1/profiles/${created.body.id}`)).status, 404, 'erased');
  });

  t.test('permissions live in Postgres: a change applies within API_CLIENT_CACHE_MS', async (t) => {
    const client = await h.newClient();
    denied(t, await h.call('GET', `/v1/profiles/${profileId}`, undefined, client), 'profiles:read', 'before');
    t.equal(await apiClientsRepository(h.service.db.pool).setPermissions(client.id, ['logins', 'profiles:read']), true);
    await sleep(CACHE_MS + 100);
    t.equal((await h.call('GET', `/v1/profiles/${profileId}`, undefined, client)).status, 200, 'after the grant');
    await apiClientsRepository(h.service.db.pool).setPermissions(client.id, ['logins']);
    await sleep(CACHE_MS + 100);
    denied(t, await h.call('GET', `/v1/profiles/${profileId}`, undefined, client), 'profiles:read', 'after the revocation');
    const { rows } = await h.service.db.pool.query(`SELECT permissions FROM api_clients WHERE id = $1`, [client.id]);
    t.same(rows[0].permissions, ['logins']);
  });

  t.test('a disabled client is refused within API_CLIENT_CACHE_MS', async (t) => {
    const client = await h.newClient();
    t.equal((await h.call('POST', '/v1/logins', { return_to: RETURN_TO }, client)).status, 201);
    t.equal(await apiClientsRepository(h.service.db.pool).disable(client.id), true);
    await sleep(CACHE_MS + 100);
    const refused = await h.call('POST', '/v1/logins', { return_to: RETURN_TO }, client);
    t.equal(refused.status, 401);
    t.equal(refused.body.code, 'unauthorized');
  });

  t.test('a client with every permission still cannot see another client’s login', async (t) => {
    const all = await h.newClient(['logins', 'profiles:read', 'profiles:write', 'profiles:erase']);
    const { id, handoff } = await h.throughProvider('adult-phone-only');
    t.equal((await h.call('GET', `/v1/logins/${id}`, undefined, all)).status, 404);
    t.equal((await h.call('POST', `/v1/logins/${id}/claim`, { handoff }, all)).status, 404);
    t.equal((await h.call('DELETE', `/v1/logins/${id}`, undefined, all)).status, 404);
    t.equal((await h.call('GET', `/v1/logins/${id}`)).status, 200, 'the client that started it sees it');
  });

  t.test('Postgres refuses an unknown permission', async (t) => {
    const client = await h.newClient();
    await t.rejects(h.service.db.pool.query(`UPDATE api_clients SET permissions = '{logins,admin}' WHERE id = $1`, [client.id]));
  });
});
