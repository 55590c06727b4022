// A worker thread that trains runs sent by the pool (src/runner/pool.ts), one at a time.
import { parentPort } from 'node:worker_threads'
import { train, NonFiniteLossError } from '../engine/trainer.js'
import type { GrpoConfig } from '../engine/config.js'

export type WorkerRequest = { id: number; config: GrpoConfig; seed: number }
export type WorkerMessage =
  | { type: 'step'; id: number; step: number }
  | { type: 'done'; id: number; record: unknown }
  | { type: 'error'; id: number; message: string; step: number | null }

parentPort!.on('message', async (req: WorkerRequest) => {
  let lastPost = 0
  try {
    const record = await train(req.config, {
      seed: req.seed,
      onStep: (step) => {
        const now = Date.now()
        if (now - lastPost > 200) { parentPort!.postMessage({ type: 'step', id: req.id, step } satisfies WorkerMessage); lastPost = now }
      },
    })
    parentPort!.postMessage({ type: 'done', id: req.id, record } satisfies WorkerMessage)
  } catch (err) {
    parentPort!.postMessage({
      type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err),
      step: err instanceof NonFiniteLossError ? err.step : null,
    } satisfies WorkerMessage)
  }
})
