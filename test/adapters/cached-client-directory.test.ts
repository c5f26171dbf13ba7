import t from 'tap';
import { cachedClientDirectory } from '../../src/adapters/cached-client-directory.js';
import type { ActiveClient } from '../../src/ports/client-directory.js';

const client = (id: string): ActiveClient => ({ id, secretHash: Buffer.alloc(32), returnUrls: [], permissions: ['logins'] });

function source(found: Map<string, ActiveClient>) {
  const calls: string[] = [];
  let failing = false;
  return {
    calls,
    fail: (on: boolean) => void (failing = on),
    findActive: async (id: string) => {
      calls.push(id);
      if (failing) throw new Error('Connection terminated');
      return found.get(id) ?? null;
    },
  };
}

t.test('one lookup per TTL, the change seen after it', async (t) => {
  let now = 0;
  const found = new Map([['vkid', client('vkid')]]);
  const s = source(found);
  const cache = cachedClientDirectory(s, { ttlMs: 5000, now: () => now });
  t.same(await cache.findActive('vkid'), client('vkid'));
  await cache.findActive('vkid');
  t.same(s.calls, ['vkid'], 'the second request is served from the cache');
  found.delete('vkid');
  now = 4999;
  t.ok(await cache.findActive('vkid'), 'still cached just before the TTL');
  now = 5000;
  t.equal(await cache.findActive('vkid'), null, 'disabled: refused once the TTL has passed');
});

t.test('unknown ids are cached, the cache is bounded, failures are not kept', async (t) => {
  const s = source(new Map());
  const cache = cachedClientDirectory(s, { ttlMs: 5000, maxEntries: 2 });
  await cache.findActive('a');
  await cache.findActive('a');
  t.same(s.calls, ['a']);
  await cache.findActive('b');
  await cache.findActive('c');
  await cache.findActive('a');
  t.same(s.calls, ['a', 'b', 'c', 'a'], 'the oldest entry made room');
  s.fail(true);
  await t.rejects(cache.findActive('d'));
  s.fail(false);
  t.equal(await cache.findActive('d'), null, 'looked up again after a failure');
});

t.test('a TTL of 0 looks up every time', async (t) => {
  const s = source(new Map());
  const cache = cachedClientDirectory(s, { ttlMs: 0 });
  await cache.findActive('a');
  await cache.findActive('a');
  t.equal(s.calls.length, 2);
});
