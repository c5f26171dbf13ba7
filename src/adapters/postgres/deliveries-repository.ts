// The delivery outbox: each attempt to send a code and how it ended, for support
// and audits. It holds masked destinations only and never the code.

import type { Channel } from '../../ports/delivery.js';
import type { Queryable } from './queryable.js';

export interface DeliveryRow {
  loginId: string;
  channel: Channel;
  destinationMasked: string;
  status: 'sent' | 'failed';
  attempts: number;
  providerMessageId: string | null;
  error: string | null;
}

export function deliveriesRepository(db: Queryable) {
  return {
    async record(d: DeliveryRow): Promise<void> {
      await db.query(
        `INSERT INTO deliveries (login_id, channel, destination_masked, status, attempts, provider_message_id, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [d.loginId, d.channel, d.destinationMasked, d.status, d.attempts, d.providerMessageId, d.error],
      );
    },

    async listForLogin(loginId: string): Promise<(DeliveryRow & { at: Date })[]> {
      const { rows } = await db.query<{
        at: Date;
        login_id: string;
        channel: Channel;
        destination_masked: string;
        status: 'sent' | 'failed';
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
