// The delivery outbox: each attempt to send a code and how it ended, for support
// and audits. It holds masked destinations only and never the code.

import type { Channel, DeliveryAttempt, DeliveryLog, DeliveryReport } from '../../ports/delivery.js';
import type { Queryable } from './queryable.js';

export interface DeliveryRow extends DeliveryAttempt {
  status: 'sending' | 'sent' | 'failed';
  attempts: number;
  providerMessageId: string | null;
  error: string | null;
}

export function deliveriesRepository(db: Queryable): DeliveryLog & { listForLogin(loginId: string): Promise<(DeliveryRow & { at: Date })[]> } {
  return {
    async begin(a) {
      const { rows } = await db.query<{ id: string }>(
        `INSERT INTO deliveries (login_id, channel, destination_masked, status, attempts) VALUES ($1, $2, $3, 'sending', 0) RETURNING id::text`,
        [a.loginId, a.channel, a.destinationMasked],
      );
      return (rows[0] as { id: string }).id;
    },

    async finish(id: string, r: DeliveryReport) {
      await db.query(
        `UPDATE deliveries SET status = $2, attempts = $3, provider_message_id = $4, error = $5, finished_at = now() WHERE id = $1`,
        [id, r.status, r.attempts, r.providerMessageId ?? null, r.error ?? null],
      );
    },

    async listForLogin(loginId) {
      const { rows } = await db.query<{
        at: Date;
        login_id: string;
        channel: Channel;
        destination_masked: string;
        status: DeliveryRow['status'];
        attempts: number;
        provider_message_id: string | null;
        error: string | null;
      }>(`SELECT * FROM deliveries WHERE login_id = $1 ORDER BY id`, [loginId]);
      return rows.map((r) => ({
        at: r.at,
        loginId: r.login_id,
        channel: r.channel,
        destinationMasked: r.destination_masked,
        status: r.status,
        attempts: r.attempts,
        providerMessageId: r.provider_message_id,
        error: r.error,
      }));
    },
  };
}
