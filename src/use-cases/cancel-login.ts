// Any login that has not ended may be cancelled by its client.

import { assertTransition } from '../domain/login-status.js';
import { currentStatus, type LoginRecord } from '../domain/login.js';
import { loginOf } from './client-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';

export async function cancelLogin(deps: FlowDeps, client: ClientRef, id: string): Promise<LoginRecord> {
  const seen = await loginOf(deps, client, id);
  const { login } = await deps.logins.change(id, (current) => {
    assertTransition(currentStatus(current, deps.clock()), 'cancelled');
    return { next: { ...current, status: 'cancelled', otp: null, handoffHash: null }, outcome: null };
  }, seen);
  await deps.audit.record({ event: 'login.cancelled', outcome: 'ok', clientId: client.id, loginId: id });
  return login;
}
