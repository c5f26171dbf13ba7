// Step 4a: the client asks for the code again, or for another channel after a
// failed delivery (see issue-code.ts for the limits).

import type { LoginRecord } from '../domain/login.js';
import type { Channel } from '../ports/delivery.js';
import { assertClaimed, loginOf } from './client-login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';
import { deliver } from './issue-code.js';

export async function sendCode(deps: FlowDeps, client: ClientRef, id: string, channel?: Channel): Promise<LoginRecord> {
  const login = await loginOf(deps, client, id);
  assertClaimed(login);
  return deliver(deps, login, channel);
}
