// What the login steps need, passed in explicitly (no shared mutable context).

import type pg from 'pg';
import type { Logger } from 'pino';
import type { AuditEvent } from '../adapters/postgres/audit-repository.js';
import type { Config } from '../config/index.js';
import type { Permission } from '../domain/permissions.js';
import type { AssertionSigner } from '../ports/assertion-signer.js';
import type { IdentityProvider } from '../ports/identity-provider.js';
import type { SessionStore } from '../ports/session-store.js';
import type { CodeDelivery } from './code-delivery.js';
import type { LoginRepository } from './login-repository.js';

export interface FlowDeps {
  logins: LoginRepository;
  store: SessionStore;
  pool: pg.Pool;
  provider: IdentityProvider;
  signer: AssertionSigner;
  codes: CodeDelivery;
  audit: (event: AuditEvent) => Promise<void>;
  config: Pick<Config, 'login' | 'otp'>;
  clock: () => Date;
  logger: Logger;
}

/** The API client on whose behalf a step runs. */
export interface ClientRef {
  id: string;
  returnUrls: string[];
  permissions: readonly Permission[];
}
