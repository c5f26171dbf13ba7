// PROVIDER_DIALECT=esia outside development: every piece of key material and where
// ESIA is must be given, each problem named with its variable.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { CLIENT, ESIA } from '../helpers/gost.js';
import { load, problemsOf } from '../helpers/config-problems.js';
import { tempDir } from '../helpers/service.js';

const base = {
  NODE_ENV: 'test',
  PROVIDER_DIALECT: 'esia',
  PROVIDER_CLIENT_ID: 'SCHOOL01',
  CLIENT_SECRET_PEPPER: 'p'.repeat(64),
  OTP_SECRET: 'o'.repeat(64),
  LOGIN_STATE_KEY: 'k'.repeat(64),
};
const complete = {
  ...base,
  ESIA_BASE_URL: 'test',
  ESIA_CERTIFICATE: ESIA.certificatePem,
  ESIA_CLIENT_CERTIFICATE: CLIENT.certificatePem,
  ESIA_CLIENT_KEY: CLIENT.privateKeyPem,
};

t.test('a complete esia configuration, the test preset', async (t) => {
  const config = load(complete);
  t.match(config.esia, { baseUrl: 'https://esia-portal1.test.gosuslugi.ru', endpoints: 'v2', signer: { kind: 'in-process' } });
  t.ok(config.esia?.issuer);
});

t.test('key material may be the path of a PEM file', async (t) => {
  const file = join(tempDir(t), 'esia.pem');
  writeFileSync(file, ESIA.certificatePem);
  t.equal(load({ ...complete, ESIA_CERTIFICATE: file }).esia?.esiaCertificatePem?.trim(), ESIA.certificatePem.trim());
});

t.test('what is missing in production is named', async (t) => {
  const problems = problemsOf({ ...base, NODE_ENV: 'production' });
  for (const name of ['ESIA_BASE_URL', 'ESIA_CERTIFICATE', 'ESIA_CLIENT_CERTIFICATE', 'ESIA_CLIENT_KEY']) {
    t.ok(problems.some((p) => p.startsWith(name)), `${name}: ${problems.join(' | ')}`);
  }
  t.ok(problemsOf({ ...complete, ESIA_BASE_URL: 'https://esia.example.ru' }).some((p) => p.startsWith('ESIA_ISSUER')), 'a URL needs its issuer');
  t.same(problemsOf(base), [], 'in development and tests, without ESIA_BASE_URL: the sandbox, with keys of its own');
});

t.test('wrong values are refused', async (t) => {
  const cases: [Record<string, string>, string][] = [
    [{ ESIA_CERTIFICATE: 'not a certificate' }, 'ESIA_CERTIFICATE'],
    [{ ESIA_CLIENT_KEY: CLIENT.certificatePem }, 'ESIA_CLIENT_KEY'],
    [{ ESIA_CLIENT_CERTIFICATE_HASH: 'abc' }, 'ESIA_CLIENT_CERTIFICATE_HASH'],
    [{ ESIA_ENDPOINTS: 'v3' }, 'ESIA_ENDPOINTS'],
    [{ ESIA_BASE_URL: 'http://esia.example.ru', ESIA_ISSUER: 'http://esia.example.ru/', PROVIDER_ALLOW_HTTP: 'false' }, 'ESIA_BASE_URL'],
    [{ ESIA_SIGNER: 'remote' }, 'SIGNER_URL'],
    [{ ESIA_SIGNER: 'remote', SIGNER_URL: 'https://signer.example', SIGNER_TIMEOUT_MS: '10' }, 'SIGNER_TIMEOUT_MS'],
  ];
  for (const [over, name] of cases) {
    const problems = problemsOf({ ...complete, ...over });
    t.ok(problems.some((p) => p.startsWith(name)), `${JSON.stringify(over)} → ${name}: ${problems.join(' | ')}`);
  }
});

t.test('a remote signer needs no key in process', async (t) => {
  const { ESIA_CLIENT_KEY: _, ...withoutKey } = complete;
  const config = load({ ...withoutKey, ESIA_SIGNER: 'remote', SIGNER_URL: 'https://signer.example/', SIGNER_AUTHORIZATION: 'Bearer x' });
  t.match(config.esia?.signer, { kind: 'remote', url: 'https://signer.example/', authorization: 'Bearer x', timeoutMs: 2000, maxAttempts: 2 });
  t.match(load({ ...complete, ESIA_CLIENT_CERTIFICATE_HASH: 'A'.repeat(64) }).esia, { clientCertificateHash: 'A'.repeat(64) });
});
