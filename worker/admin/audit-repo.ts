export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  reason?: string | null;
  details?: Record<string, unknown>;
  at: number;
}

/** A statement, not a write: a caller batches it with the change it records, so neither lands alone. */
export function auditStatement(db: D1Database, e: AuditEntry): D1PreparedStatement {
  return db
    .prepare("INSERT INTO audit_log (actor, action, target, reason, details, at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(e.actor, e.action, e.target, e.reason ?? null, JSON.stringify(e.details ?? {}), e.at);
}
