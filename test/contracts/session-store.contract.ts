// One behaviour, every implementation: the suite each SessionStore must pass.

import type { Test } from 'tap';
import type { SessionStore } from '../../src/ports/session-store.js';
import { storeKey } from '../../src/ports/session-store.js';

export function sessionStoreContract(t: Test, name: string, open: () => Promise<SessionStore>): void {
  t.test(`${name} honours the SessionStore contract`, async (t) => {
    const store = await open();
    t.teardown(() => store.close());
    const key = (kind: string) => storeKey(kind, `${name}-${Math.random().toString(36).slice(2)}`);

    t.test('set, get, delete', async (t) => {
      const k = key('plain');
      t.equal(await store.get(k), null);
      await store.set(k, 'v1', 10_000);
      t.equal(await store.get(k), 'v1');
      await store.delete(k);
      t.equal(await store.get(k), null);
    });

    t.test('keys expire', async (t) => {
      const k = key('short');
      await store.set(k, 'v', 50);
      const ttl = await store.ttl(k);
      t.ok(ttl !== null && ttl > 0 && ttl <= 50);
      await new Promise((r) => setTimeout(r, 120));
      t.equal(await store.get(k), null);
      t.equal(await store.ttl(k), null);
    });

    t.test('every key needs a TTL', async (t) => {
      await t.rejects(store.set(key('no-ttl'), 'v', 0));
      await t.rejects(store.increment(key('no-ttl'), -1));
    });

    t.test('setIfAbsent writes once', async (t) => {
      const k = key('once');
      t.equal(await store.setIfAbsent(k, 'a', 10_000), true);
      t.equal(await store.setIfAbsent(k, 'b', 10_000), false);
      t.equal(await store.get(k), 'a');
    });

    t.test('take returns a value once, even when raced', async (t) => {
      const k = key('take');
      await store.set(k, 'secret', 10_000);
      const results = await Promise.all(Array.from({ length: 20 }, () => store.take(k)));
      t.equal(results.filter((r) => r === 'secret').length, 1);
      t.equal(await store.get(k), null);
    });

    t.test('compareAndSet lets exactly one of concurrent writers win', async (t) => {
      const k = key('cas');
      await store.set(k, 'v0', 10_000);
      const wins = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.compareAndSet(k, 'v0', `v${i + 1}`, 10_000)),
      );
      t.equal(wins.filter(Boolean).length, 1);
      t.not(await store.get(k), 'v0');
      t.equal(await store.compareAndSet(key('absent'), 'x', 'y', 10_000), false);
    });

    t.test('increment counts atomically and keeps the first TTL', async (t) => {
      const k = key('counter');
      const counts = await Promise.all(Array.from({ length: 25 }, () => store.increment(k, 10_000)));
      t.same([...counts].sort((a, b) => a - b), Array.from({ length: 25 }, (_, i) => i + 1));
      const ttl = await store.ttl(k);
      t.ok(ttl !== null && ttl <= 10_000 && ttl > 0);
    });

    t.test('sets gather members and live as long as their longest TTL', async (t) => {
      const k = key('set');
      t.same(await store.members(k), []);
      await store.addMember(k, 'a', 10_000);
      await Promise.all(['b', 'c', 'a'].map((m) => store.addMember(k, m, 50)));
      t.same((await store.members(k)).sort(), ['a', 'b', 'c']);
      const ttl = await store.ttl(k);
      t.ok(ttl !== null && ttl > 5_000, 'a shorter TTL does not cut the set short');
      const short = key('short-set');
      await store.addMember(short, 'x', 50);
      await new Promise((r) => setTimeout(r, 120));
      t.same(await store.members(short), []);
      await t.rejects(store.addMember(key('set-no-ttl'), 'x', 0));
    });

    t.test('ping answers', async () => {
      await store.ping();
    });
  });
}
