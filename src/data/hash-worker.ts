/** Worker entry: runs file tasks sent by FilePool and answers with their per-file results. */
import { parentPort } from 'node:worker_threads';
import { runFileTask, type FileTask } from './file-ops.js';

interface TaskMessage {
  id: number;
  task: FileTask;
}

parentPort?.on('message', (message: TaskMessage) => {
  parentPort?.postMessage({ id: message.id, results: runFileTask(message.task) });
});
// The pool hands this worker a batch only once it has started; until then it works inline.
parentPort?.postMessage({ ready: true });
