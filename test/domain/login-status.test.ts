import t from 'tap';
import { BridgeError } from '../../src/domain/errors.js';
import {
  LOGIN_STATUSES,
  assertTransition,
  canTransition,
  effectiveStatus,
  isTerminal,
  type LoginStatus,
} from '../../src/domain/login-status.js';

// Every allowed transition; every pair not listed must be refused.
const ALLOWED: [LoginStatus, LoginStatus][] = [
  ['awaiting_provider', 'otp_required'],
  ['awaiting_provider', 'profile_review'],
  ['awaiting_provider', 'rejected'],
  ['awaiting_provider', 'completing'],
  ['awaiting_provider', 'expired'],
  ['awaiting_provider', 'cancelled'],
  ['otp_required', 'choose_profile'],
  ['otp_required', 'completing'],
  ['otp_required', 'rejected'],
  ['otp_required', 'profile_review'],
  ['otp_required', 'expired'],
  ['otp_required', 'cancelled'],
  ['choose_profile', 'completing'],
  ['choose_profile', 'profile_review'],
  ['choose_profile', 'rejected'],
  ['choose_profile', 'expired'],
  ['choose_profile', 'cancelled'],
  ['profile_review', 'completing'],
  ['profile_review', 'expired'],
  ['profile_review', 'cancelled'],
  ['completing', 'completed'],
  ['completing', 'rejected'],
  ['completing', 'expired'],
  ['completing', 'cancelled'],
];

t.test('canTransition allows exactly the listed transitions', async (t) => {
  const allowed = new Set(ALLOWED.map(([from, to]) => `${from} → ${to}`));
  for (const from of LOGIN_STATUSES) {
    for (const to of LOGIN_STATUSES) {
      const pair = `${from} → ${to}`;
      t.equal(canTransition(from, to), allowed.has(pair), pair);
    }
  }
});

t.test('isTerminal', async (t) => {
  const terminal = ['completed', 'rejected', 'expired', 'cancelled'];
  for (const status of LOGIN_STATUSES) t.equal(isTerminal(status), terminal.includes(status), status);
});

t.test('assertTransition', async (t) => {
  t.doesNotThrow(() => assertTransition('otp_required', 'completing'), 'an allowed step passes');
  const rows: { name: string; from: LoginStatus; to: LoginStatus }[] = [
    { name: 'a second completion', from: 'completed', to: 'completed' },
    { name: 'completing without recording the decision first', from: 'otp_required', to: 'completed' },
    { name: 'choosing a profile before the code', from: 'awaiting_provider', to: 'choose_profile' },
    { name: 'cancelling an expired login', from: 'expired', to: 'cancelled' },
  ];
  for (const row of rows) {
    const err = t.throws(() => assertTransition(row.from, row.to), row.name);
    t.ok(err instanceof BridgeError, row.name);
    t.match(err, { code: 'invalid_transition', status: 409, extra: { login_status: row.from } }, row.name);
  }
});

t.test('effectiveStatus expires an open login at its deadline', async (t) => {
  const expiresAt = new Date('2026-03-02T10:00:00Z');
  const rows: { name: string; status: LoginStatus; now: string; want: LoginStatus }[] = [
    { name: 'before', status: 'otp_required', now: '2026-03-02T09:59:59.999Z', want: 'otp_required' },
    { name: 'at the deadline', status: 'otp_required', now: '2026-03-02T10:00:00Z', want: 'expired' },
    { name: 'after', status: 'awaiting_provider', now: '2026-03-02T11:00:00Z', want: 'expired' },
    { name: 'completed stays', status: 'completed', now: '2026-03-02T11:00:00Z', want: 'completed' },
    { name: 'rejected stays', status: 'rejected', now: '2026-03-02T11:00:00Z', want: 'rejected' },
    { name: 'cancelled stays', status: 'cancelled', now: '2026-03-02T11:00:00Z', want: 'cancelled' },
  ];
  for (const row of rows) {
    t.equal(effectiveStatus(row.status, expiresAt, new Date(row.now)), row.want, row.name);
  }
});

t.test('every move of the pipeline table is one the state machine allows', async (t) => {
  const { PIPELINE } = await import('../../src/use-cases/index.js');
  for (const { step, from, to } of PIPELINE) {
    for (const next of to) t.ok(canTransition(from, next), `${step}: ${from} → ${next}`);
  }
});
