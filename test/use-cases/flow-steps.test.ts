// The steps of the login flow on in-memory fakes: each rule of the flow in
// milliseconds, including the failures half-way that a database outage causes.

import t from 'tap';
import { ProviderUnavailable } from '../../src/domain/errors.js';
import type { ProfileStore } from '../../src/ports/profile-store.js';
import { authorizeLogin, claimLogin, completeLogin, handleCallback, selectProfile, startLogin, verifyCode } from '../../src/use-cases/index.js';
import { adult, fakeFlow, ISSUER } from '../fakes/flow-deps.js';
import { memoryProfileStore } from '../fakes/memory-profile-store.js';

const CLIENT = { id: 'vkid', returnUrls: ['https://vk.example/back'], permissions: ['logins' as const] };

async function throughCallback(f: ReturnType<typeof fakeFlow>) {
  const started = await startLogin(f.deps, CLIENT, { returnTo: CLIENT.returnUrls[0]! });
  const { providerUrl, binder } = await authorizeLogin(f.deps, started.id);
  const state = new URL(providerUrl).searchParams.get('state');
  const cookie = (name: string) => (name === `esia-bridge-${started.id}` ? binder : undefined);
  const { redirectTo } = await handleCallback(f.deps, new URL(`https://bridge.example/v1/callback?state=${state}&code=c`), cookie);
  return { id: started.id, handoff: new URL(redirectTo).searchParams.get('handoff') ?? '' };
}

/** A profile store whose next `n` calls of `method` fail the way a lost database connection does. */
function failing(store: ProfileStore, method: keyof ProfileStore, n = 1): ProfileStore {
  let left = n;
  return new Proxy(store, {
    get(target, key) {
      const value = target[key as keyof ProfileStore];
      if (key !== method || typeof value !== 'function') return value;
      return (...args: unknown[]) => (left-- > 0 ? Promise.reject(new Error('Connection terminated')) : (value as (...a: unknown[]) => unknown)(...args));
    },
  });
}

t.test('one candidate is confirmed, never linked silently', async (t) => {
  const profiles = memoryProfileStore();
  const mine = await profiles.register({ familyName: 'ИВАНОВ', givenName: 'иван', middleName: null, birthdate: '1990-05-10', gender: 'male', phone: '+79161234567', email: null }, 'test');
  const f = fakeFlow({ profiles });
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  await claimLogin(f.deps, CLIENT, id, handoff);
  const verified = await verifyCode(f.deps, CLIENT, id, f.lastCode());
  t.equal(verified.status, 'choose_profile');
  t.same(verified.candidates, [{ id: mine.id, displayName: 'иван И.', birthYear: 1990, contacts: ['+7 *** ***-**-67'] }]);
  t.same(await profiles.listLinks(mine.id), [], 'nothing is linked before the person confirms');
  const done = await selectProfile(f.deps, CLIENT, id, { profileId: mine.id });
  t.equal(done.status, 'completed');
  t.match(JSON.parse(done.result?.assertion ?? '{}'), { amr: ['esia', 'otp'], verified: { subject: 'oid-1', familyName: 'Иванов' } });
});

t.test('a decline leads to the review of a new profile', async (t) => {
  const profiles = memoryProfileStore();
  await profiles.register({ familyName: 'Иванов', givenName: 'Иван', middleName: null, birthdate: '1990-05-10', gender: 'male', phone: '+79161234567', email: null }, 'test');
  const f = fakeFlow({ profiles });
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  await claimLogin(f.deps, CLIENT, id, handoff);
  await verifyCode(f.deps, CLIENT, id, f.lastCode());
  const review = await selectProfile(f.deps, CLIENT, id, { notMine: true });
  t.equal(review.status, 'profile_review');
  t.same(review.candidates, []);
  const done = await selectProfile(f.deps, CLIENT, id, { confirm: true });
  t.match(done.result, { created: true, linked: true });
});

t.test('a decision that fails at the callback is kept and made by the claim', async (t) => {
  const f = fakeFlow({ profiles: failing(memoryProfileStore(), 'findLinked') });
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  t.equal((await f.deps.logins.find(id))?.status, 'awaiting_provider', 'the answer is kept, undecided');
  const claimed = await claimLogin(f.deps, CLIENT, id, handoff);
  t.equal(claimed.status, 'profile_review');
  t.equal(claimed.claimed, true);
});

async function linkedPerson() {
  const profiles = memoryProfileStore();
  const request = { provider: ISSUER, subject: 'oid-1', loginId: 'an-earlier-login', clientId: CLIENT.id, amr: ['esia'] };
  const { profile } = await profiles.createLinked(request, { familyName: 'Иванов', givenName: 'Иван', middleName: null, birthdate: '1990-05-10', gender: 'male', phone: '+79161234567', email: null });
  const f = fakeFlow({ profiles, linkedLoginOtp: 'never' });
  return { f, profile };
}

t.test("a linked person's claim completes the login and uses up the handoff in one write", async (t) => {
  const { f, profile } = await linkedPerson();
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  t.equal((await f.deps.logins.find(id))?.status, 'completing');
  let writes = 0;
  const compareAndSet = f.deps.store.compareAndSet.bind(f.deps.store);
  f.deps.store.compareAndSet = (...args) => (writes++, compareAndSet(...args));
  const claimed = await claimLogin(f.deps, CLIENT, id, handoff);
  t.match(claimed, { status: 'completed', claimed: true, handoffHash: null, result: { profileId: profile.id } });
  t.equal(writes, 1, 'the completion and the claim are one compare-and-set');
  t.match(await f.deps.logins.find(id), { status: 'completed', claimed: true, handoffHash: null });
  await t.rejects(claimLogin(f.deps, CLIENT, id, handoff), { code: 'invalid_handoff' }, 'used up');
  t.equal(f.audit.filter((e) => e.event === 'login.claimed').length, 1);
});

t.test('the callback stores the answer with its decision in one write, and nothing personal undecided', async (t) => {
  const { f } = await linkedPerson();
  t.teardown(f.close);
  let writes = 0;
  const compareAndSet = f.deps.store.compareAndSet.bind(f.deps.store);
  f.deps.store.compareAndSet = (...args) => (writes++, compareAndSet(...args));
  const started = await startLogin(f.deps, CLIENT, { returnTo: CLIENT.returnUrls[0]! });
  const { providerUrl, binder } = await authorizeLogin(f.deps, started.id);
  writes = 0;
  const state = new URL(providerUrl).searchParams.get('state');
  await handleCallback(f.deps, new URL(`https://bridge.example/v1/callback?state=${state}&code=c`), () => binder);
  t.equal(writes, 1);
  t.match(await f.deps.logins.find(started.id), { status: 'completing', providerPerson: null, person: { subject: 'oid-1' } });
  t.same(f.audit.map((e) => e.event).slice(-2), ['login.callback', 'login.decided']);
});

t.test('two claims of one completing login with the same handoff: one wins, the other is refused', async (t) => {
  const { f } = await linkedPerson();
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  const results = await Promise.allSettled([claimLogin(f.deps, CLIENT, id, handoff), claimLogin(f.deps, CLIENT, id, handoff)]);
  const won = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  t.equal(won.length, 1);
  t.match(refused.map((r) => (r.reason as { code?: string }).code), ['invalid_handoff']);
  t.equal(f.audit.filter((e) => e.event === 'login.claimed').length, 1, 'one login.claimed');
});

t.test('two claims of a login left undecided by the callback: one decision, one login.decided', async (t) => {
  const { f } = await linkedPerson();
  t.teardown(f.close);
  const findLinked = f.deps.profiles.findLinked;
  f.deps.profiles.findLinked = async () => {
    f.deps.profiles.findLinked = findLinked;
    throw new Error('Connection terminated');
  };
  const { id, handoff } = await throughCallback(f);
  t.ok((await f.deps.logins.find(id))?.providerPerson, 'kept undecided');
  const results = await Promise.allSettled([claimLogin(f.deps, CLIENT, id, handoff), claimLogin(f.deps, CLIENT, id, handoff)]);
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
  t.same(f.audit.filter((e) => e.event === 'login.decided').map((e) => e.outcome), ['completing'], 'decided once, by the claim that stored the decision');
  t.equal(f.audit.filter((e) => e.event === 'login.claimed').length, 1);
});

t.test('a completion that fails half-way stays `completing` and is finished by a retry', async (t) => {
  const f = fakeFlow({ profiles: failing(memoryProfileStore(), 'createLinked') });
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  await claimLogin(f.deps, CLIENT, id, handoff);
  await t.rejects(selectProfile(f.deps, CLIENT, id, { confirm: true }), /Connection terminated/);
  t.equal((await f.deps.logins.find(id))?.status, 'completing');
  const done = await completeLogin(f.deps, CLIENT, id);
  t.match(done, { status: 'completed', result: { created: true, linked: true } });
  t.equal((await completeLogin(f.deps, CLIENT, id)).result?.profileId, done.result?.profileId, 'a second retry answers the same');
});

t.test('a claim whose first send fails keeps its handoff', async (t) => {
  const profiles = memoryProfileStore();
  await profiles.register({ familyName: 'Иванов', givenName: 'Иван', middleName: null, birthdate: '1990-05-10', gender: 'male', phone: '+79161234567', email: null }, 'test');
  const f = fakeFlow({ profiles });
  t.teardown(f.close);
  const { id, handoff } = await throughCallback(f);
  const increment = f.deps.store.increment.bind(f.deps.store);
  f.deps.store.increment = () => Promise.reject(new Error('redis down'));
  await t.rejects(claimLogin(f.deps, CLIENT, id, handoff), /redis down/);
  f.deps.store.increment = increment;
  const claimed = await claimLogin(f.deps, CLIENT, id, handoff);
  t.equal(claimed.otp?.delivery, 'sent');
  await t.rejects(claimLogin(f.deps, CLIENT, id, handoff), { code: 'invalid_handoff' }, 'used up once the claim succeeded');
});

t.test('a person with a changed surname is not offered the old profile', async (t) => {
  const profiles = memoryProfileStore();
  await profiles.register({ familyName: 'Иванова', givenName: 'Анна', middleName: null, birthdate: '1990-05-10', gender: 'female', phone: '+79161234567', email: null }, 'test');
  const f = fakeFlow({ profiles });
  t.teardown(f.close);
  f.answerWith(adult({ familyName: 'Петрова', givenName: 'Анна', gender: 'female' }));
  const { id, handoff } = await throughCallback(f);
  t.equal((await claimLogin(f.deps, CLIENT, id, handoff)).status, 'profile_review');
});

t.test('a provider that is not ready fails the start, and nothing of the login is kept', async (t) => {
  const f = fakeFlow();
  t.teardown(f.close);
  const written: string[] = [];
  const set = f.deps.store.set.bind(f.deps.store);
  const setIfAbsent = f.deps.store.setIfAbsent.bind(f.deps.store);
  f.deps.store.set = async (key, value, ttlMs) => (written.push(key), set(key, value, ttlMs));
  f.deps.store.setIfAbsent = async (key, value, ttlMs) => (written.push(key), setIfAbsent(key, value, ttlMs));
  f.deps.provider.ready = () => Promise.reject(ProviderUnavailable());
  const refused = await startLogin(f.deps, CLIENT, { returnTo: CLIENT.returnUrls[0]! }).catch((e: unknown) => e);
  t.equal((refused as { code?: string }).code, 'provider_unavailable');
  t.same(written, []);
  t.same(f.audit, [], 'no login.started');
});
