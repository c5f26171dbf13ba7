// One behaviour, every implementation: the suite each ProfileStore must pass.

import { randomUUID } from 'node:crypto';
import type { Test } from 'tap';
import type { NewProfile, ProfileStore } from '../../src/ports/profile-store.js';

const PROVIDER = 'https://esia.example';

const person = (over: Partial<NewProfile> = {}): NewProfile => ({
  familyName: 'Иванов',
  givenName: 'Иван',
  middleName: null,
  birthdate: '1990-05-10',
  gender: 'male',
  phone: `+7999${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
  email: null,
  ...over,
});

const request = (subject = `oid-${randomUUID()}`, loginId = randomUUID()) => ({ provider: PROVIDER, subject, loginId, clientId: 'vkid', amr: ['esia'] });

export function profileStoreContract(t: Test, name: string, open: () => Promise<ProfileStore>): void {
  t.test(`${name} honours the ProfileStore contract`, async (t) => {
    const store = await open();

    t.test('registers and finds a profile by id and by contact, with the linked subjects', async (t) => {
      const fields = person({ email: 'ivanov@mail.ru' });
      const p = await store.register(fields, 'vkid');
      t.match(await store.findById(p.id), { ...fields, id: p.id });
      t.equal(await store.findById(randomUUID()), null);
      const r = request();
      await store.linkExisting(r, p.id);
      const [byPhone] = await store.findByContact('phone', fields.phone as string, PROVIDER);
      t.match(byPhone, { id: p.id, linkedSubjects: [r.subject] });
      const [byEmail] = await store.findByContact('email', 'ivanov@mail.ru', 'https://another.example');
      t.same(byEmail?.linkedSubjects, [], 'links of another provider do not count');
      t.same(await store.findByContact('phone', '+70000000000', PROVIDER), []);
    });

    t.test('linking is idempotent for one login and refuses a profile linked to someone else', async (t) => {
      const p = await store.register(person(), 'vkid');
      const r = request();
      t.match(await store.linkExisting(r, p.id), { profile: { id: p.id }, created: false, linked: true });
      t.match(await store.linkExisting(r, p.id), { created: false, linked: true }, 'a retry reports what the login did');
      t.match(await store.linkExisting({ ...r, loginId: randomUUID() }, p.id), { linked: false }, 'a later login finds the link');
      t.equal(await store.linkExisting(request(), p.id), null, 'another subject of the provider cannot take it');
      t.equal(await store.linkExisting(request(), randomUUID()), null, 'a missing profile');
      t.match(await store.findLinked(PROVIDER, r.subject), { id: p.id });
      t.equal(await store.findLinked(PROVIDER, 'oid-nobody'), null);
    });

    t.test('signing in through a link finds only the profile it was decided for', async (t) => {
      const p = await store.register(person(), 'vkid');
      const r = request();
      t.equal(await store.useLink(r, p.id), null, 'no link yet');
      await store.linkExisting(r, p.id);
      t.match(await store.useLink({ ...r, loginId: randomUUID() }, p.id), { profile: { id: p.id }, created: false, linked: false });
      t.match(await store.useLink(r, p.id), { profile: { id: p.id }, linked: true }, 'the login that linked it');
      await store.unlink(p.id, PROVIDER, 'vkid');
      const other = await store.register(person(), 'vkid');
      await store.linkExisting(request(r.subject), other.id);
      t.equal(await store.useLink({ ...r, loginId: randomUUID() }, p.id), null, 'the link leads to another profile now');
    });

    t.test('creating with a link, concurrently, ends with one profile and one link', async (t) => {
      const subject = `oid-${randomUUID()}`;
      const fields = person();
      const [a, b] = await Promise.all([store.createLinked(request(subject), fields), store.createLinked(request(subject), fields)]);
      t.equal(a.profile.id, b.profile.id);
      t.same([a.created, b.created].sort(), [false, true]);
      t.equal((await store.findByContact('phone', fields.phone as string, PROVIDER)).length, 1);
      const retry = request(subject);
      const first = await store.createLinked(retry, person());
      t.equal(first.profile.id, a.profile.id, 'a subject already linked gets its profile, no new one');
    });

    t.test('a retried creation reports that its login created the profile', async (t) => {
      const r = request();
      const first = await store.createLinked(r, person());
      t.same(await store.createLinked(r, person()), { ...first, profile: first.profile }, 'the same outcome');
    });

    t.test('lists, unlinks and erases', async (t) => {
      const p = await store.register(person(), 'vkid');
      const r = request();
      await store.linkExisting(r, p.id);
      t.match(await store.listLinks(p.id), [{ provider: PROVIDER, subject: r.subject, profileId: p.id }]);
      t.equal(await store.unlink(p.id, 'https://another.example', 'vkid'), false);
      t.equal(await store.unlink(p.id, PROVIDER, 'vkid'), true);
      t.same(await store.listLinks(p.id), []);
      await store.linkExisting(request(), p.id);
      t.equal(await store.erase(p.id, [], 'vkid'), true);
      t.equal(await store.findById(p.id), null);
      t.same(await store.listLinks(p.id), [], 'links go with the profile');
      t.equal(await store.erase(p.id, [], 'vkid'), false, 'a second erasure finds nothing');
    });
  });
}
