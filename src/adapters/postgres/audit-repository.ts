// The audit trail in Postgres (its erasure is part of the ProfileStore's erase).

import type { AuditEvent } from '../../ports/audit.js';
import type { Queryable } from './queryable.js';

export type { AuditEvent };

export function auditRepository(db: Queryable) {
  return {
    /** One statement for many events (the audit writer's batches). */
    async recordMany(events: AuditEvent[]): Promise<void> {
      if (events.length === 0) return;
      const values: unknown[] = [];
      const rows = events.map((e, i) => {
        values.push(e.event, e.outcome, e.clientId ?? null, e.loginId ?? null, e.profileId ?? null, e.details ?? {});
        const n = i * 6;
        return `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6})`;
      });
      await db.query(
        `INSERT INTO audit_events (event, outcome, client_id, login_id, profile_id, details) VALUES ${rows.join(', ')}`,
        values,
      );
    },

    async record(e: AuditEvent): Promise<void> {
      await db.query(
        `INSERT INTO audit_events (event, outcome, client_id, login_id, profile_id, details)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [e.event, e.outcome, e.clientId ?? null, e.loginId ?? null, e.profileId ?? null, e.details ?? {}],
      );
    },

    async listForLogin(loginId: string): Promise<(AuditEvent & { at: Date })[]> {
      const { rows } = await db.query<{
        event: string;
        outcome: string;
        client_id: string | null;
        login_id: string | null;
        profile_id: string | null;
        details: Record<string, unknown>;
        at: Date;
      }>(`SELECT * FROM audit_events WHERE login_id = $1 ORDER BY id`, [loginId]);
      return rows.map((r) => ({
        event: r.event,
        outcome: r.outcome,
        clientId: r.client_id,
        loginId: r.login_id,
        profileId: r.profile_id,
        details: r.details,
        at: r.at,
      }));
    },
  };
}

export type AuditRepository = ReturnType<typeof auditRepository>;
