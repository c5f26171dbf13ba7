// FlowDeps on in-memory fakes that honour the ports' contracts: the session store,
// the profile store, a provider that answers with a given person, a signer that
// writes its input as JSON, and a delivery that keeps the codes. Use-case tests run
// on these in milliseconds.

import pino from 'pino';
import { aesGcmSealer } from '../../src/adapters/crypto/aes-gcm-sealer.js';
import { MemoryStore } from '../../src/adapters/memory/memory-store.js';
import { sessionLoginStore } from '../../src/adapters/session/login-store.js';
import type { Person } from '../../src/domain/person.js';
import type { AuditEvent } from '../../src/ports/audit.js';
import type { CodeMessage } from '../../src/ports/delivery.js';
import type { ProfileStore } from '../../src/ports/profile-store.js';
import type { FlowDeps } from '../../src/use-cases/flow-deps.js';
import { memoryProfileStore } from './memory-profile-store.js';

export const ISSUER = 'https://esia.example';

export function adult(over: Partial<Person> = {}): Person {
  return {
    provider: ISSUER,
    subject: 'oid-1',
    familyName: 'Иванов',
    givenName: 'Иван',
    middleName: null,
    birthdate: '1990-05-10',
    gender: 'male',
    confirmed: true,
    phone: '+79161234567',
    phoneVerified: true,
    email: null,
    emailVerified: false,
    parentalConsent: false,
    parentSubject: null,
    ...over,
  };
}

export function fakeFlow(options: { profiles?: ProfileStore; linkedLoginOtp?: 'always' | 'never' } = {}) {
  const logger = pino({ level: 'silent' });
  const store = new MemoryStore(logger);
  const sent: CodeMessage[] = [];
  const audit: AuditEvent[] = [];
  let answer: Person = adult();
  const deps: FlowDeps = {
    logins: sessionLoginStore(store, aesGcmSealer('a-test-key-of-enough-length-0123456789')),
    store,
    profiles: options.profiles ?? memoryProfileStore(),
    provider: {
      issuer: ISSUER,
      ready: async () => {},
      authorizationUrl: async (r) => new URL(`${ISSUER}/authorize?state=${r.state}`),
      completeLogin: async () => ({ person: answer }),
      check: async () => {},
    },
    signer: { issue: async (input) => JSON.stringify(input), jwks: () => ({ keys: [] }) },
    codes: {
      has: () => true,
      send: async (message) => {
        sent.push(message);
        return { status: 'sent', attempts: 1 };
      },
    },
    audit: {
      record: async (event) => {
        audit.push(event);
      },
      flush: async () => {},
    },
    config: {
      publicUrl: 'https://bridge.example',
      login: { ttlSeconds: 900, linkedLoginOtp: options.linkedLoginOtp ?? 'always', stateKey: 'unused' },
      otp: {
        secret: 'otp-secret-0123456789abcdef0123456789',
        ttlSeconds: 300,
        maxAttempts: 5,
        maxAttemptsPerLogin: 10,
        maxResends: 3,
        resendCooldownSeconds: 0,
        sendsPerDestinationPerHour: 100,
        sendsPerSubjectPerHour: 100,
      },
    },
    clock: () => new Date(),
    logger,
  };
  return {
    deps,
    sent,
    audit,
    answerWith(person: Person) {
      answer = person;
    },
    lastCode: () => sent.at(-1)?.code ?? '',
    close: () => store.close(),
  };
}
