import type { AuditEntry } from '@moderation/audit-log';
import type { DecisionRecordData, StartupRecordData } from '@moderation/contracts';

/**
 * A moderator's decision as the audit log keeps it: who decided what on which photo, against
 * which model's answer. Absent values (a reference, a label, a reason) are left out of the line.
 */
export function decisionAuditEntry({ decisionId, moderation }: DecisionRecordData): AuditEntry {
  const { classification, decision } = moderation;
  return {
    type: 'decision',
    id: decisionId,
    moderationId: moderation.id,
    reference: moderation.reference,
    storedName: moderation.storedName,
    model: { id: classification.model.id, version: classification.model.version },
    modelVerdict: classification.verdict,
    policyVersion: classification.policyVersion,
    decision: decision.decision,
    label: decision.label,
    reason: decision.reason,
    moderator: decision.moderator,
    decidedAt: decision.decidedAt,
  };
}

/** A start as the audit log keeps it: which models, versions, thresholds or policy decide. */
export function startupAuditEntry({ startId, ...start }: StartupRecordData): AuditEntry {
  return { type: 'startup', id: startId, ...start };
}
