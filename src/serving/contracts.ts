/**
 * The seams between the serving process's parts (issue 15): what the scoring server, the
 * runtime and the alias follower promise each other. Implementations live in scoring/, runtime/,
 * http/ and follow/ (README.md).
 */

/** One column of a column-based MLflow signature (`{"name": "f0", "type": "double"}`). */
export interface ColumnSpec {
  name?: string;
  /** MLflow's DataType names: double, float, long, integer, boolean, string, binary, datetime. */
  type: string;
  required: boolean;
}

/** One tensor of a tensor-based MLflow signature (`{"type": "tensor", "tensor-spec": {...}}`). */
export interface TensorSpec {
  name?: string;
  /** numpy dtype names: float32, float64, int64, int32, bool, str… */
  dtype: string;
  /** -1 for a variable dimension. */
  shape: number[];
}

export type SignatureInputs = { kind: 'columns'; columns: ColumnSpec[] } | { kind: 'tensors'; tensors: TensorSpec[] };

export interface ModelSignature {
  inputs: SignatureInputs;
  outputs?: SignatureInputs;
}

/**
 * A request body parsed into rows × named columns (dataframe_split/records, CSV) or named
 * tensors (instances/inputs), before the signature is enforced.
 */
export type ScoringFrame =
  | {
      kind: 'columns';
      columns: string[];
      rows: unknown[][];
      /**
       * Cells are text (CSV): the signature decides how each is read, as pandas' read_csv does with
       * the schema's dtypes, so `007` stays a string in a string column and is 7 in a long column.
       */
      fromText?: boolean;
    }
  /** Named tensors; a single unnamed tensor (`{"inputs": [[…]]}`) is under the key `''`. */
  | { kind: 'tensors'; tensors: Record<string, unknown> };

/** What `/invocations` answers under `predictions` (MLflow 2.x's `{"predictions": …}`). */
export type Predictions = unknown[] | Record<string, unknown[]>;

/** A model loaded, checked and ready: one registry version (or a local directory). */
export interface LoadedModel {
  /** The registry version it was loaded from (`'7'`), or `'local'`. */
  readonly version: string;
  readonly modelUri: string;
  readonly signature: ModelSignature | undefined;
  /** The saved input example as a request body, when the model has one (used to warm up). */
  readonly inputExample: ScoringFrame | undefined;
  /** Enforces the signature (400 naming column and type on a mismatch) and runs the model. */
  predict(frame: ScoringFrame): Promise<Predictions>;
  /** Frees the session; called once no request holds the model any more. */
  close(): Promise<void>;
}

/**
 * Holds the model requests are answered with. A request leases the current model for its whole
 * life; `swap` makes new requests use `next` at once and closes the previous model when its last
 * lease is released, so no request fails and none is answered by a half-loaded model.
 */
export interface ModelSlot {
  current(): LoadedModel | undefined;
  lease(): { model: LoadedModel; release(): void } | undefined;
  swap(next: LoadedModel): void;
}

/** Counters the follower feeds into `/metrics` beside the scoring server's own. */
export interface SwitchMetrics {
  switchSucceeded(version: string): void;
  switchFailed(version: string): void;
}

/**
 * The scoring server hands the alias webhook's raw request to the follower (`POST /strata/webhook`
 * on the serving port); the answer is the HTTP status to send (2xx accepted, 4xx refused).
 */
export type WebhookReceiver = (rawBody: Buffer, headers: Record<string, string | string[] | undefined>) => Promise<number>;
