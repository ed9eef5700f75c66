import type { ErrorCode } from '../core/errors.js';

/**
 * The body of every failed MLflow/Strata API response. `error_code` is one of MLflow's
 * codes; clients must still tolerate codes they do not know, since an MLflow server
 * (not only Strata) may be on the other end.
 */
export interface ApiErrorResponse {
  error_code: ErrorCode;
  message: string;
}

/** What a client may actually receive: any code string, not only the ones Strata sends. */
export interface ReceivedApiError {
  error_code: string;
  message: string;
}
