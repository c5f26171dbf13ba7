// A client sees only the logins it started: another client's login id is a 404,
// exactly like a login that does not exist.

import { LoginNotClaimed, LoginNotFound } from '../domain/errors.js';
import type { LoginRecord } from '../domain/login.js';
import type { ClientRef, FlowDeps } from './flow-deps.js';

export async function loginOf(deps: FlowDeps, client: ClientRef, id: string): Promise<LoginRecord> {
  const login = await deps.logins.find(id);
  if (!login || login.clientId !== client.id) throw LoginNotFound();
  return login;
}

export function assertClaimed(login: LoginRecord): void {
  if (!login.claimed) throw LoginNotClaimed();
}
