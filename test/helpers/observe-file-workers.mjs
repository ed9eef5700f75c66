// Preload (`node --import`) for tests that must see FilePool's hash workers start in a child
// process: prints "file worker ready" / "file worker failed: …" to stderr. FilePool unrefs a
// new worker and hashes inline meanwhile, so a worker that never loads would pass unnoticed;
// here the process waits for each worker to load or fail. Also claims two cores, so that a
// one-core machine starts a worker too (FilePool sizes itself with availableParallelism).
import { createRequire, syncBuiltinESMExports } from 'node:module';
import process from 'node:process';

const require = createRequire(import.meta.url);
const os = require('node:os');
const threads = require('node:worker_threads');

const cores = os.availableParallelism;
os.availableParallelism = () => Math.max(2, cores());

class ObservedWorker extends threads.Worker {
  #settled = false;

  constructor(...args) {
    super(...args);
    this.on('message', (message) => {
      if (message?.ready !== true || this.#settled) return;
      this.#settled = true;
      process.stderr.write('file worker ready\n');
    });
    this.on('error', (err) => {
      this.#settled = true;
      process.stderr.write(`file worker failed: ${err.message}\n`);
    });
    this.on('exit', (code) => {
      if (!this.#settled) process.stderr.write(`file worker exited with ${code} before it was ready\n`);
      this.#settled = true;
    });
  }

  unref() {
    if (this.#settled) super.unref();
  }
}

threads.Worker = ObservedWorker;
syncBuiltinESMExports();
