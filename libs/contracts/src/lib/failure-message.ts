import { PredictionFailure } from './prediction-job';

const failureCodes = new Set<string>(Object.values(PredictionFailure));

/** Formats the message a permanently failed prediction job carries. */
export function formatFailure(code: PredictionFailure, detail: string): string {
  return `${code}: ${detail}`;
}

/** Reads the failure code back from a job's failure message; undefined for unexpected errors. */
export function parseFailure(
  message: string,
): { code: PredictionFailure; detail: string } | undefined {
  const separator = message.indexOf(': ');
  const code = separator > 0 ? message.slice(0, separator) : message;
  if (!failureCodes.has(code)) return undefined;
  return {
    code: code as PredictionFailure,
    detail: separator > 0 ? message.slice(separator + 2) : '',
  };
}
