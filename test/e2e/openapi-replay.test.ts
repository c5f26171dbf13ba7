// Real responses of the running service, replayed against the committed
// openapi.yaml: any undocumented status, content type or field fails. The
// committed file must also equal what the routes' schemas generate.

import { readFileSync } from 'node:fs';
import t from 'tap';
import { generateOpenApi } from '../../scripts/openapi.js';
import { flowHarness } from '../helpers/flow.js';
import { openApiValidator } from '../helpers/openapi-validator.js';

t.test('openapi.yaml is what the route schemas generate (run npm run openapi)', async (t) => {
  t.equal(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'), await generateOpenApi());
});

t.test('responses across the flow match openapi.yaml', async (t) => {
  const h = await flowHarness(t);
  await h.seedRegisteredProfiles();

  const review = await h.login('adult-phone-only');
  await h.call('GET', `/v1/logins/${review.id}`);
  const created = await h.call('POST', `/v1/logins/${review.id}/profile`, { confirm: true });
  await h.call('GET', `/v1/profiles/${created.body.result.profile_id}`);

  const twin = await h.login('twin-a');
  await h.call('POST', `/v1/logins/${twin.id}/otp`, {});
  await h.call('POST', `/v1/logins/${twin.id}/otp/verify`, { code: '000000' === (await h.lastCode('+79990001113')) ? '111111' : '000000' });
  const choose = await h.call('POST', `/v1/logins/${twin.id}/otp/verify`, { code: await h.lastCode('+79990001113') });
  await h.call('POST', `/v1/logins/${twin.id}/profile`, { profile_id: choose.body.candidates[0].id });

  const rejected = await h.login('adult-unconfirmed');
  await h.call('DELETE', `/v1/logins/${rejected.id}`);
  const cancellable = await h.throughProvider('teen15-email');
  await h.call('DELETE', `/v1/logins/${cancellable.id}`);
  await h.call('POST', `/v1/logins/${cancellable.id}/claim`, { handoff: cancellable.handoff });
  await h.call('GET', '/v1/logins/00000000-0000-4000-8000-000000000000');
  await h.call('GET', '/v1/logins/not-an-id');
  await h.call('POST', '/v1/logins', { return_to: 'https://elsewhere.example/' });
  const registered = await h.call('POST', '/v1/profiles', {
    family_name: 'Тестова',
    given_name: 'Ольга',
    birthdate: '1985-05-05',
    gender: 'female',
    phone: '8 (999) 000-77-01',
  });
  await h.call('POST', '/v1/profiles', { family_name: 'Тестова', given_name: 'Ольга', birthdate: '1985-05-05', gender: 'female' });
  await h.call('DELETE', `/v1/profiles/${registered.body.id}/links/${encodeURIComponent(h.sandbox.issuer)}`);
  await h.call('DELETE', `/v1/profiles/${created.body.result.profile_id}/links/${encodeURIComponent(h.sandbox.issuer)}`);
  await h.call('DELETE', `/v1/profiles/${registered.body.id}`);
  await h.call('GET', `/v1/profiles/${registered.body.id}`);
  for (const url of ['/healthz', '/readyz', '/.well-known/jwks.json']) await h.call('GET', url);

  const statuses = new Set(h.recorded.map((r) => r.status));
  for (const s of [200, 201, 204, 400, 404, 409, 422]) t.ok(statuses.has(s), `a ${s} was replayed`);
  const validate = openApiValidator();
  const problems = h.recorded.flatMap(validate);
  t.same(problems, [], `${h.recorded.length} responses match openapi.yaml`);
});
