// One behaviour, every implementation: the suite the LoginStore must pass on each
// SessionStore it runs on.

import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import type { LoginRecord } from '../../src/domain/login.js';
import type { LoginStore } from '../../src/ports/login-store.js';
import { storeKey, type SessionStore } from '../../src/ports/session-store.js';

export function pendingLogin(over: Partial<LoginRecord> = {}): LoginRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    clientId: 'vkid',
    status: 'awaiting_provider',
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 900_000).toISOString(),
    returnTo: 'https://id.vk.example/esia/return',
    locale: 'ru',
    clientState: null,
    provider: 'https://esia.gosuslugi.ru',
    state: randomUUID(),
    binderHash: null,
    claimed: false,
    handoffHash: null,
    providerPerson: null,
    person: null,
    ageGroup: null,
    linkedProfileId: null,
    candidates: [],
    prefill: null,
    newContact: null,
    otp: null,
    completion: null,
    result: null,
    error: null,
    ...over,
  };
}

const PERSON = {
  subject: '1000000101',
  familyName: 'Соколов',
  givenName: 'Андрей',
  middleName: null,
  birthdate: '1992-07-30',
  gender: 'male' as const,
  phone: '+79990001101',
  email: 'a.sokolov@example.ru',
};

export function loginStoreContract(t: Test, name: string, open: () => Promise<{ logins: LoginStore; store: SessionStore }>): void {
  t.test(`${name} honours the LoginStore contract`, async (t) => {
    const { logins, store } = await open();

    t.test('create, find, and no second login under one id', async (t) => {
      const login = pendingLogin();
      await logins.create(login);
      t.same(await logins.find(login.id), login);
      await t.rejects(logins.create(login), { code: 'login_conflict' });
      t.equal(await logins.find(randomUUID()), null);
    });

    t.test('a change is a compare-and-set: concurrent steps never lose one another', async (t) => {
      const login = pendingLogin({ candidates: [] });
      await logins.create(login);
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          logins.change(login.id, (current) => ({ next: { ...current, candidates: [...current.candidates, { id: String(i), displayName: 'x', birthYear: 2000, contacts: [] }] }, outcome: null })),
        ),
      );
      t.equal((await logins.find(login.id))?.candidates.length, 20);
      const nothing = await logins.change(login.id, (current) => ({ next: null, outcome: current.status }));
      t.equal(nothing.outcome, 'awaiting_provider');
      await t.rejects(logins.change(randomUUID(), (c) => ({ next: c, outcome: null })), { code: 'login_not_found' });
    });

    t.test('a change from a record read before decides again when the login moved on', async (t) => {
      const login = pendingLogin();
      await logins.create(login);
      const stale = await logins.find(login.id);
      await logins.change(login.id, (c) => ({ next: { ...c, clientState: 'first' }, outcome: null }));
      const { login: after } = await logins.change(login.id, (c) => ({ next: { ...c, error: `${c.clientState}+second` }, outcome: null }), stale ?? undefined);
      t.equal(after.error, 'first+second', 'the second change saw the first');
      t.equal((await logins.find(login.id))?.error, 'first+second');
      const fresh = await logins.find(login.id);
      await t.rejects(
        logins.change(login.id, (c) => {
          if (c.clientState !== 'moved') throw new Error('refused on what is stored');
          return { next: null, outcome: null };
        }, fresh ?? undefined),
        /refused on what is stored/,
      );
    });

    t.test('personal fields are sealed at rest, bound to their login', async (t) => {
      const login = pendingLogin({ status: 'otp_required', person: PERSON, otp: null });
      await logins.create(login);
      const raw = (await store.get(storeKey('login', login.id))) ?? '';
      for (const value of [PERSON.familyName, PERSON.phone, PERSON.email, PERSON.birthdate, PERSON.subject]) t.notOk(raw.includes(value), `${value} not in clear`);
      t.same((await logins.find(login.id))?.person, PERSON);
      const other = pendingLogin();
      await logins.create(other);
      const moved = raw.replace(login.id, other.id);
      await store.set(storeKey('login', other.id), moved, 60_000);
      await t.rejects(logins.find(other.id), 'a sealed part moved to another login does not open');
    });

    t.test('a pending login is small', async (t) => {
      const login = pendingLogin({ clientState: 'vk-session-42' });
      await logins.create(login);
      const size = Buffer.byteLength((await store.get(storeKey('login', login.id))) ?? '');
      t.ok(size < 512, `${size} bytes`);
    });

    t.test('the logins holding a profile are erased with it', async (t) => {
      const profileId = randomUUID();
      const a = pendingLogin();
      const b = pendingLogin();
      const unrelated = pendingLogin();
      for (const l of [a, b, unrelated]) await logins.create(l);
      await logins.rememberProfile(profileId, a);
      await logins.rememberProfile(profileId, b);
      t.same((await logins.eraseProfileLogins(profileId)).sort(), [a.id, b.id].sort());
      t.equal(await logins.find(a.id), null);
      t.equal(await logins.find(b.id), null);
      t.ok(await logins.find(unrelated.id));
      t.same(await logins.eraseProfileLogins(profileId), [], 'the index went with them');
      await logins.delete(unrelated.id);
      t.equal(await logins.find(unrelated.id), null);
    });
  });
}
