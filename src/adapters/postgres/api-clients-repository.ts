// API clients (client backends such as VK ID): id, name, the hash of their secret,
// the exact return URLs they may send people back to, and their permissions.

import { DEFAULT_PERMISSIONS, isPermission, type Permission } from '../../domain/permissions.js';
import type { Queryable } from './queryable.js';

export interface ApiClient {
  id: string;
  name: string;
  returnUrls: string[];
  permissions: Permission[];
  createdAt: Date;
  disabledAt: Date | null;
}

export interface NewApiClient {
  id: string;
  name: string;
  secretHash: Buffer;
  returnUrls: string[];
  /** Default: logins only. */
  permissions?: readonly Permission[];
}

interface Row {
  id: string;
  name: string;
  secret_hash: Buffer;
  return_urls: string[];
  permissions: string[];
  created_at: Date;
  disabled_at: Date | null;
}

const toClient = (r: Row): ApiClient => ({
  id: r.id,
  name: r.name,
  returnUrls: r.return_urls,
  // The column's check constraint admits only known permissions.
  permissions: r.permissions.filter(isPermission),
  createdAt: r.created_at,
  disabledAt: r.disabled_at,
});

export function apiClientsRepository(db: Queryable) {
  return {
    async create(client: NewApiClient): Promise<ApiClient> {
      const { rows } = await db.query<Row>(
        `INSERT INTO api_clients (id, name, secret_hash, return_urls, permissions) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
        [client.id, client.name, client.secretHash, client.returnUrls, client.permissions ?? DEFAULT_PERMISSIONS],
      );
      return toClient(rows[0] as Row);
    },

    /** Creates or refreshes a client (the development demo client is re-seeded at each start). */
    async upsert(client: NewApiClient): Promise<void> {
      await db.query(
        `INSERT INTO api_clients (id, name, secret_hash, return_urls, permissions) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (id) DO UPDATE SET name = $2, secret_hash = $3, return_urls = $4, permissions = $5, disabled_at = NULL`,
        [client.id, client.name, client.secretHash, client.returnUrls, client.permissions ?? DEFAULT_PERMISSIONS],
      );
    },

    /** Replaces a client's permissions; false when there is no such client. */
    async setPermissions(id: string, permissions: readonly Permission[]): Promise<boolean> {
      const { rowCount } = await db.query(`UPDATE api_clients SET permissions = $2 WHERE id = $1`, [id, permissions]);
      return rowCount === 1;
    },

    /** An enabled client with its secret hash, for authentication. */
    async findActive(id: string): Promise<(ApiClient & { secretHash: Buffer }) | null> {
      const { rows } = await db.query<Row>(`SELECT * FROM api_clients WHERE id = $1 AND disabled_at IS NULL`, [id]);
      const row = rows[0];
      return row ? { ...toClient(row), secretHash: row.secret_hash } : null;
    },

    async list(): Promise<ApiClient[]> {
      const { rows } = await db.query<Row>(`SELECT * FROM api_clients ORDER BY created_at, id`);
      return rows.map(toClient);
    },

    async disable(id: string): Promise<boolean> {
      const { rowCount } = await db.query(
        `UPDATE api_clients SET disabled_at = now() WHERE id = $1 AND disabled_at IS NULL`,
        [id],
      );
      return rowCount === 1;
    },
  };
}

export type ApiClientsRepository = ReturnType<typeof apiClientsRepository>;
