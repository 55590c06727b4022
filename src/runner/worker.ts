// A worker thread that trains units sent by the pool (src/runner/pool.ts), one at a time: the seeds
// of one config, reported seed by seed under the pool's job ids.
import { parentPort } from 'node:worker_threads'
import { trainUnit } from './train-unit.js'
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js'

// The pool that owns this thread is gone (terminated, or its thread ended): stop training.
parentPort!.once('close', () => process.exit(0))

parentPort!.on('message', async (req: WorkerRequest) => {
  let lastPost = 0
  await trainUnit(req.config, req.seeds,
    (k, step) => {
      const now = Date.now()
      if (now - lastPost > 200) { parentPort!.postMessage({ type: 'step', id: req.ids[k], step } satisfies WorkerMessage); lastPost = now }
    },
    (k, r) => parentPort!.postMessage((r.ok
      ? { type: 'done', id: req.ids[k], record: r.record }
      : { type: 'error', id: req.ids[k], message: r.message, step: r.step }) satisfies WorkerMessage))
})
