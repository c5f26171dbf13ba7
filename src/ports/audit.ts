// The audit trail as the use cases write it. Callers pass only masked contacts and
// never codes or tokens. Recording may be deferred (batched off the request path);
// flush writes what is pending, for a step that must see the trail complete (erasure).

export interface AuditEvent {
  event: string;
  outcome: string;
  clientId?: string | null;
  loginId?: string | null;
  profileId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  flush(): Promise<void>;
}
