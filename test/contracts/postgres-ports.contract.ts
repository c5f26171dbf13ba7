// The ports kept only in Postgres — the audit trail, the delivery outbox and the API
// clients — and the one suite each must pass on every database (Postgres, PGlite).

import { randomBytes, randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import type { Database } from '../../src/adapters/postgres/database.js';
import { apiClientsRepository } from '../../src/adapters/postgres/api-clients-repository.js';
import { auditRepository } from '../../src/adapters/postgres/audit-repository.js';
import { deliveriesRepository } from '../../src/adapters/postgres/deliveries-repository.js';
import { postgresProfileStore } from '../../src/adapters/postgres/profile-store.js';

export function postgresPortsContract(t: Test, name: string, open: () => Promise<Database>): void {
  t.test(`${name} honours the audit, outbox and API client contracts`, async (t) => {
    const db = await open();

    t.test('audit events are kept in order per login', async (t) => {
      const audit = auditRepository(db.pool);
      const loginId = randomUUID();
      await audit.record({ event: 'login.started', outcome: 'ok', clientId: 'vkid', loginId });
      await audit.record({ event: 'code.sent', outcome: 'sent', loginId, details: { channel: 'sms' } });
      t.match(await audit.listForLogin(loginId), [
        { event: 'login.started', outcome: 'ok', clientId: 'vkid', details: {} },
        { event: 'code.sent', outcome: 'sent', clientId: null, details: { channel: 'sms' } },
      ]);
    });

    t.test('a change to a profile and its audit event commit together, or not at all', async (t) => {
      const profiles = postgresProfileStore(db.pool);
      const audit = auditRepository(db.pool);
      const loginId = randomUUID();
      const request = { provider: 'https://esia.example', subject: `oid-${loginId}`, loginId, clientId: 'vkid', amr: ['esia'] };
      const fields = { familyName: 'Иванов', givenName: 'Иван', middleName: null, birthdate: '1990-05-10', gender: 'male' as const, phone: '+79990000001', email: null };
      await db.pool.query('ALTER TABLE audit_events RENAME TO audit_events_away');
      const failed = profiles.createLinked(request, fields);
      await t.rejects(failed);
      await db.pool.query('ALTER TABLE audit_events_away RENAME TO audit_events');
      t.equal(await profiles.findLinked(request.provider, request.subject), null, 'no link without its audit event');
      const done = await profiles.createLinked(request, fields);
      t.match(await audit.listForLogin(loginId), [{ event: 'profile.created', profileId: done.profile.id, clientId: 'vkid', details: { amr: ['esia'] } }]);
    });

    t.test('a delivery is on record from its start and finished with its outcome', async (t) => {
      const outbox = deliveriesRepository(db.pool);
      const loginId = randomUUID();
      const id = await outbox.begin({ loginId, channel: 'sms', destinationMasked: '+7 *** ***-**-01' });
      t.match(await outbox.listForLogin(loginId), [{ status: 'sending', attempts: 0, error: null }]);
      await outbox.finish(id, { status: 'failed', attempts: 2, error: 'http_500' });
      t.match(await outbox.listForLogin(loginId), [{ channel: 'sms', status: 'failed', attempts: 2, error: 'http_500', providerMessageId: null }]);
    });

    t.test('API clients: logins only by default, permissions changed, disabled clients not found', async (t) => {
      const clients = apiClientsRepository(db.pool);
      const id = `c-${randomBytes(4).toString('hex')}`;
      await clients.create({ id, name: 'Client', secretHash: randomBytes(32), returnUrls: ['https://c.example/back'] });
      t.match(await clients.findActive(id), { id, permissions: ['logins'], returnUrls: ['https://c.example/back'] });
      t.equal(await clients.setPermissions(id, ['logins', 'profiles:read']), true);
      t.same((await clients.findActive(id))?.permissions, ['logins', 'profiles:read']);
      t.equal(await clients.setPermissions('nobody', ['logins']), false);
      t.equal(await clients.disable(id), true);
      t.equal(await clients.findActive(id), null);
      t.ok((await clients.list()).some((c) => c.id === id && c.disabledAt !== null), 'still listed, as disabled');
    });
  });
}
