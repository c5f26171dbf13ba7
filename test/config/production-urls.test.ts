// Plain-http addresses in production are refused by the configuration check, with
// the other settings and under the variable's own name — not later, after the
// migrations, in the provider client's option names.

import t from 'tap';
import { problemsOf } from '../helpers/config-problems.js';

const production = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u:p@db:5432/x',
  REDIS_URL: 'redis://redis:6379',
  CLIENT_SECRET_PEPPER: 'p'.repeat(64),
  OTP_SECRET: 'o'.repeat(64),
  PROVIDER_ISSUER: 'https://esia.example.ru',
  PROVIDER_CLIENT_SECRET: 'provider-secret',
  OTP_SMS_CHANNEL: 'off',
  OTP_EMAIL_CHANNEL: 'off',
};

t.test('an http PUBLIC_URL in production is named with the other problems', async (t) => {
  const problems = problemsOf({ ...production, PUBLIC_URL: 'http://bridge.example.ru' });
  const publicUrl = problems.filter((p) => p.startsWith('PUBLIC_URL'));
  t.equal(publicUrl.length, 1, 'one line');
  t.match(publicUrl[0], /^PUBLIC_URL must be an https URL in production .*\(for example PUBLIC_URL=https:\/\/esia-bridge\.example\.ru\)$/);
  t.ok(problems.some((p) => p.startsWith('ASSERTION_SIGNING_KEYS is required')), 'beside the other problems');
  t.notOk(problems.some((p) => /redirectUri/.test(p)), 'no internal option names');
  t.same(problemsOf({ ...production, PUBLIC_URL: 'http://bridge.example.ru', NODE_ENV: 'test' }).filter((p) => p.startsWith('PUBLIC_URL')), [], 'allowed outside production');
});

t.test('an http PROVIDER_REDIRECT_URI is named unless plain http is allowed', async (t) => {
  const problems = problemsOf({ ...production, PUBLIC_URL: 'https://bridge.example.ru', PROVIDER_REDIRECT_URI: 'http://bridge.example.ru/v1/callback' });
  t.ok(problems.some((p) => p.startsWith('PROVIDER_REDIRECT_URI must be an https URL')), problems.join('\n'));
  t.same(problemsOf({ PROVIDER_REDIRECT_URI: 'http://localhost:3000/v1/callback' }), [], 'development allows http');
  const upper = problemsOf({ ...production, PUBLIC_URL: 'https://bridge.example.ru', PROVIDER_REDIRECT_URI: 'HTTP://bridge.example.ru/v1/callback' });
  t.ok(upper.some((p) => p.startsWith('PROVIDER_REDIRECT_URI must be an https URL')), 'the scheme is read as a URL reads it, in any case');
});
