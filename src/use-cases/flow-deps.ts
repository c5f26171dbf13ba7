// What the login steps need, passed in explicitly (no shared mutable context).

import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Permission } from '../domain/permissions.js';
import type { AssertionSigner } from '../ports/assertion-signer.js';
import type { AuditLog } from '../ports/audit.js';
import type { CodeDelivery } from '../ports/delivery.js';
import type { IdentityProvider } from '../ports/identity-provider.js';
import type { LoginStore } from '../ports/login-store.js';
import type { ProfileStore } from '../ports/profile-store.js';
import type { SessionStore } from '../ports/session-store.js';

export interface FlowDeps {
  logins: LoginStore;
  /** Pending authorizations and send counters. */
  store: SessionStore;
  profiles: ProfileStore;
  provider: IdentityProvider;
  signer: AssertionSigner;
  codes: CodeDelivery;
  audit: AuditLog;
  config: Pick<Config, 'login' | 'otp' | 'publicUrl'>;
  clock: () => Date;
  logger: Logger;
}

/** The API client on whose behalf a step runs. */
export interface ClientRef {
  id: string;
  returnUrls: string[];
  permissions: readonly Permission[];
}
