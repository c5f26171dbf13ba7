// Step 6: the client's retry of a completion that failed half-way (`completing`);
// answers the completed login, also when it was completed meanwhile.

import type { LoginRecord } from '../domain/login.js';
import { assertClaimed, loginOf } from './client-login.js';
import { finishLogin } from './completion.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';

export async function completeLogin(deps: FlowDeps, client: ClientRef, id: string): Promise<LoginRecord> {
  const login = await loginOf(deps, client, id);
  assertClaimed(login);
  return login.status === 'completed' ? login : finishLogin(deps, login);
}
