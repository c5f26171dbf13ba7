import pino from 'pino';
import t from 'tap';
import { aesGcmSealer } from '../../src/adapters/crypto/aes-gcm-sealer.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { RedisStore } from '../../src/adapters/redis/redis-store.js';
import { sessionLoginStore } from '../../src/adapters/session/login-store.js';
import type { SessionStore } from '../../src/ports/session-store.js';
import { loginStoreContract } from './login-store.contract.js';

const logger = pino({ level: 'silent' });
const sealer = aesGcmSealer('contract-suite-key-0123456789abcdef0123456789');
const over = (store: SessionStore) => {
  t.teardown(() => store.close());
  return { logins: sessionLoginStore(store, sealer), store };
};

loginStoreContract(t, 'on the in-process store', async () => over(new MemoryStore(logger)));
const redisUrl = process.env.REDIS_URL;
if (redisUrl) {
  loginStoreContract(t, 'on Redis', async () =>
    over(await RedisStore.connect({ connection: { kind: 'url', url: redisUrl }, keyPrefix: `esia-bridge-test-${Date.now()}`, commandTimeoutMs: 2000, waitReplicas: 0 }, logger)),
  );
} else {
  t.comment('REDIS_URL is not set: the Redis run of the contract happens when it is');
}
