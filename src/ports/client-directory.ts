// The API clients as authentication needs them: an active client by id, with the
// hash of its secret, its return URLs and its permissions.

import type { Permission } from '../domain/permissions.js';

export interface ActiveClient {
  id: string;
  secretHash: Buffer;
  returnUrls: string[];
  permissions: Permission[];
}

export interface ClientDirectory {
  /** The client, unless it does not exist or is disabled. */
  findActive(id: string): Promise<ActiveClient | null>;
}
