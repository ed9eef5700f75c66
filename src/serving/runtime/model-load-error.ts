/**
 * Why a model directory was refused at load or warm-up. The follower switches only to a model
 * that loaded and warmed; `reason` is a stable word for metrics and deployment events, the message
 * is for people.
 */
export type ModelLoadFailure =
  | 'missing_mlmodel'
  | 'invalid_mlmodel'
  | 'missing_flavor'
  | 'missing_model_file'
  | 'corrupt_model_file'
  | 'invalid_signature'
  | 'warm_up_failed';

export class ModelLoadError extends Error {
  readonly reason: ModelLoadFailure;

  constructor(reason: ModelLoadFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelLoadError';
    this.reason = reason;
  }
}
