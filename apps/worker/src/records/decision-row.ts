import type { DecisionCsvRow, DecisionRecordData } from '@moderation/contracts';
import { neutraliseCells } from './csv-file';

/**
 * One decision as a row of `decisions.csv`: absent values as empty cells, the model's scores as
 * a JSON object, the review's cause as its kind; every cell but the worker's numbers neutralised
 * (a moderator's note, a shop's reference or a label may start like a formula).
 */
export function decisionRow({ decisionId, moderation }: DecisionRecordData): DecisionCsvRow {
  const { classification, decision } = moderation;
  return neutraliseCells<DecisionCsvRow>(
    {
      decided_at: decision.decidedAt,
      decision_id: decisionId,
      moderation_id: moderation.id,
      reference: moderation.reference ?? '',
      stored_name: moderation.storedName,
      model: classification.model.id,
      model_version: classification.model.version,
      scores: JSON.stringify(classification.scores),
      model_prediction: classification.prediction,
      model_score: String(classification.score),
      model_verdict: classification.verdict,
      review_cause: moderation.review?.cause.kind ?? '',
      decision: decision.decision,
      label: decision.label ?? '',
      reason: decision.reason ?? '',
      note: decision.note ?? '',
      moderator: decision.moderator,
      waited_ms: String(decision.waitedMs),
      took_ms: decision.tookMs === undefined ? '' : String(decision.tookMs),
      policy_version: classification.policyVersion ?? '',
    },
    ['model_score', 'waited_ms', 'took_ms'],
  );
}
