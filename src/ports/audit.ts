// The audit trail as the use cases write it. Callers pass only masked contacts and
// never codes or tokens.

export interface AuditEvent {
  event: string;
  outcome: string;
  clientId?: string | null;
  loginId?: string | null;
  profileId?: string | null;
  details?: Record<string, unknown>;
}

export type AuditLog = (event: AuditEvent) => Promise<void>;
