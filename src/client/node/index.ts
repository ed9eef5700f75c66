/**
 * Node-only half of the SDK: artifact transfers to and from local files. The core client
 * (src/client) stays browser-safe and loads this module on first use of
 * `ActiveRun.logArtifact(s)` or `StrataClient.downloadArtifacts`; scripts may also import
 * it directly, e.g. for `connectStrataRemote`, which a script calling the data engine's
 * push/fetch/pull passes as `connectStrata` to use strata:// remotes.
 */
export { logArtifact, logArtifacts, runStoreRoot } from './upload-artifacts.js';
export { downloadArtifacts } from './download-artifacts.js';
export { logModel } from './log-model.js';
export { mlmodelDocument, mlmodelYaml, MLMODEL_FILE, ONNX_MODEL_FILE, INPUT_EXAMPLE_FILE } from './mlmodel-document.js';
export { type TransferOptions, type TransferProgress, type UploadOptions } from './transfer-options.js';
export { MAX_SOCKETS } from './node-http.js';
export { connectStrataRemote } from './connect-strata-remote.js';
