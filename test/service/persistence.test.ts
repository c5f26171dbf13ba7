import t from 'tap';
import pino from 'pino';
import { profilesRepository } from '../../src/adapters/postgres/profiles-repository.js';
import { startService } from '../../src/service.js';
import { testConfig } from '../helpers/service.js';

t.test('a profile written through the repository survives a restart', async (t) => {
  const config = testConfig(t);
  const logger = pino({ level: 'silent' });
  const first = await startService(config, logger);
  const created = await profilesRepository(first.db.pool).create({
    familyName: 'Проверкина',
    givenName: 'Вера',
    middleName: null,
    birthdate: '1990-02-28',
    gender: 'female',
    phone: '+79990009901',
    email: null,
  });
  await first.close();

  const second = await startService(config, logger);
  t.teardown(() => second.close());
  const found = await profilesRepository(second.db.pool).findById(created.id);
  t.same(found, created);
  t.equal(found?.birthdate, '1990-02-28', 'the calendar date is kept exactly');
  await profilesRepository(second.db.pool).delete(created.id);
});

t.test('migrations re-run as a no-op', async (t) => {
  const config = testConfig(t);
  const logger = pino({ level: 'silent' });
  const first = await startService(config, logger);
  await first.close();
  const second = await startService(config, logger);
  t.teardown(() => second.close());
  const { rows } = await second.db.pool.query('SELECT count(*)::int AS n FROM schema_migrations');
  t.ok((rows[0] as { n: number }).n >= 1);
});
