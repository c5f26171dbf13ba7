// What the error path writes to the log. Client errors (4xx) are routine: one info
// line with the problem code, no stack, nothing from the request. Server errors keep
// their stack, but a database error never brings personal values into the log:
// Postgres puts the failing row in `detail` ("Failing row contains (…)") and quotes
// rejected values in its message. Shown with real constraint violations on the
// test's database (real Postgres with DATABASE_URL, PGlite otherwise).

import t, { type Test } from 'tap';
import { buildApp } from '../../src/app.js';
import { profilesRepository, type NewProfile } from '../../src/adapters/postgres/profiles-repository.js';
import { captureLogger } from '../helpers/capture-logs.js';
import { flowHarness } from '../helpers/flow.js';
import { build } from '../helpers/service.js';

const PERSON: NewProfile = {
  familyName: 'Засекреченная',
  givenName: 'Тайна',
  middleName: 'Скрытовна',
  birthdate: '1987-06-05',
  gender: 'female',
  phone: '+79990004455',
  email: 't.zasekrechennaya@example.ru',
};
const VALUES = [PERSON.familyName, PERSON.givenName, PERSON.middleName!, '1987-06-05', '1987-02-30', '79990004455', 'zasekrechennaya'];

t.test('a client error is one info line without stack or request values', async (t) => {
  const logs = captureLogger({ level: 'info' });
  const h = await flowHarness(t, {}, { logger: logs.logger });
  const before = logs.lines().length;
  const res = await h.call('POST', '/v1/profiles', {
    family_name: PERSON.familyName,
    given_name: PERSON.givenName,
    birthdate: PERSON.birthdate,
    gender: 'unknown',
    phone: PERSON.phone,
  });
  t.equal(res.status, 400);
  const broken = await h.service.app.inject({
    method: 'POST',
    url: '/v1/profiles',
    headers: { authorization: h.client.authorization, 'content-type': 'application/json' },
    payload: `{"family_name":"${PERSON.familyName}","birthdate":"${PERSON.birthdate}`,
  });
  t.equal(broken.statusCode, 400);
  const lines = logs.lines().slice(before);
  const problems = lines.filter((l) => l.event === 'http.problem');
  t.equal(problems.length, 2);
  for (const line of problems) {
    t.equal(line.level, 30, 'info');
    t.equal(line.status, 400);
    t.notOk(line.err, 'no error object, so no stack');
  }
  t.notOk(lines.some((l) => Number(l.level) >= 40), 'nothing at warn or above');
  const text = JSON.stringify(lines);
  for (const value of VALUES) t.notMatch(text, value, `${value} is not logged`);
});

/** One failing insert through the app's error path, on a service of its own. */
async function failingInsert(t: Test, profile: NewProfile) {
  // Own service each: on PGlite a failed query also drops the pooled connection.
  const service = await build(t);
  const logs = captureLogger({ level: 'info' });
  const app = await buildApp({
    config: { trustProxy: false, bodyLimitBytes: 1024, publicUrl: 'http://localhost:3000' },
    logger: logs.logger,
    readiness: [],
  });
  t.teardown(() => app.close());
  let thrown: unknown;
  app.post('/register', async () => profilesRepository(service.db.pool).create(profile).catch((err: unknown) => {
    thrown = err;
    throw err;
  }));
  const res = await app.inject({ method: 'POST', url: '/register' });
  t.equal(res.statusCode, 500);
  const line = logs.lines().find((l) => l.event === 'http.error');
  t.equal(line?.level, 50, 'logged as an error');
  return { logs, err: (line?.err ?? {}) as Record<string, unknown>, thrown };
}

function checkClean(t: Test, text: string, extra: string[] = []) {
  for (const value of [...VALUES, ...extra]) t.notMatch(text, value, `${value} is not logged`);
}

t.test('a check violation is logged by constraint, without the failing row', async (t) => {
  // E-mails are stored in lower case: Postgres's detail holds the whole row.
  const upper = PERSON.email!.toUpperCase();
  const { logs, err } = await failingInsert(t, { ...PERSON, email: upper });
  t.equal(err.sqlstate, '23514', 'the SQLSTATE is kept');
  t.equal(err.constraint, 'profiles_email_check', 'the constraint is named');
  t.equal(err.table, 'profiles');
  t.match(String(err.stack), /\n\s+at /, 'the stack is kept');
  for (const field of ['detail', 'where', 'hint', 'internalQuery', 'parameters', 'params', 'query']) t.notOk(field in err, `no ${field}`);
  checkClean(t, logs.text(), [upper]);
});

t.test('a rejected value quoted in the message is cut, also from a wrapping error', async (t) => {
  const { logs, err, thrown } = await failingInsert(t, { ...PERSON, birthdate: '1987-02-30' });
  t.equal(err.sqlstate, '22008');
  t.match(String(err.message), /date\/time field value out of range/);
  logs.logger.error({ err: new Error('could not register', { cause: thrown }), event: 'test.wrapped' }, 'failed');
  t.match(logs.text(), /could not register/);
  checkClean(t, logs.text());
});
