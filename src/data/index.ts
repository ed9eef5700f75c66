/** The data-versioning engine's public API: what `strata data …` commands call. */
export { addPaths, type AddOutcome, type AddResult } from './add-paths.js';
export { dataCheckout, type CheckoutOutcome, type CheckoutRequest, type CheckoutResult } from './data-checkout.js';
export { DEFAULT_LINKS, type DataConfig, type RemoteConfig } from './data-config.js';
export { describeDataPath, type DataPathDescription } from './describe-data-path.js';
export { dataDiff, splitDiffArgs, type DiffRequest, type DiffResult } from './data-diff.js';
export { DATA_ERROR_CODES, DataError, isDataError, type DataErrorCode, type DataErrorInfo } from './data-error.js';
export { dataGc, type GcRequest, type GcResult } from './data-gc.js';
export { dataLs, type LsRequest, type LsResult } from './data-ls.js';
export type { DataRemote, ObjectTransfer, TransferContext, TransferOutcome } from './data-remote.js';
export { addRemote, listRemotes, removeRemote, setDefaultRemote, type RemoteInfo } from './data-remotes.js';
export { findDataRepo, initDataRepo, openDataRepo, type DataRepo, type InitResult } from './data-repo.js';
export type { DataHooks, DataOptions } from './data-session.js';
export { dataStatus, type StatusOutcome, type StatusResult } from './data-status.js';
export {
  dataFetch,
  dataPull,
  dataPush,
  type PullResult,
  type PushRequest,
  type PushResult,
  type TransferFailure,
  type TransferRequest,
  type TransferResult,
} from './data-transfer.js';
export type { ConnectStrataRemote, StrataRemoteApi, StrataRemoteEntry, StrataRemoteUpload } from './strata-remote-api.js';
export { dataVerify, type VerifyRequest, type VerifyResult } from './data-verify.js';
export type { DamagedObject } from './damaged-objects.js';
export { unprotectPaths, type UnprotectOutcome, type UnprotectResult } from './unprotect-paths.js';
export type { LinkType } from './file-ops.js';
export type { ManifestEntry } from './manifest.js';
export type { Pointer } from './pointer-file.js';
export type { ChangeKind, FileChange } from './tree-diff.js';
