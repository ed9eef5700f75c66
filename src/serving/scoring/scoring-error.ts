/**
 * The errors a scoring request can end in, with MLflow's scoring-server body
 * (`{"error_code": "BAD_REQUEST", "message": …}`) and the HTTP status to answer with. Kept apart
 * from core's StrataError because the scoring server answers statuses MLflow's tracking server
 * never does for these codes (413, 415, 504) and never goes through the tracking error handler.
 */
import type { ErrorCode } from '../../api/error.js';

export class ScoringError extends Error {
  readonly status: number;
  readonly errorCode: ErrorCode;

  constructor(status: number, errorCode: ErrorCode, message: string) {
    super(message);
    this.name = 'ScoringError';
    this.status = status;
    this.errorCode = errorCode;
  }

  toBody(): { error_code: ErrorCode; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

/** A 400 with MLflow's BAD_REQUEST code: the body was read but is not a valid scoring request. */
export function badRequest(message: string): ScoringError {
  return new ScoringError(400, 'BAD_REQUEST', message);
}
