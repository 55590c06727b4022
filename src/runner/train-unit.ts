// One unit of training work, the same in this process and in a worker thread (src/runner/worker.ts):
// the seeds of one config, together when the config is seed-batchable (src/engine/train-seeds.ts),
// else one train() each. Every seed's result is its own and reported as it ends.
import { train, NonFiniteLossError, type RunRecord } from '../engine/trainer.js'
import { seedBatchable, trainSeeds } from '../engine/train-seeds.js'
import type { GrpoConfig } from '../engine/config.js'

export interface Job { config: GrpoConfig; seed: number }
export type JobResult = { ok: true; record: RunRecord } | { ok: false; message: string; step: number | null }

const failure = (err: unknown, step: number | null = null): JobResult => ({
  ok: false, message: err instanceof Error ? err.message : String(err), step: err instanceof NonFiniteLossError ? err.step : step,
})

/**
 * Train the seeds of one config: together when it is seed-batchable, else one after another. Calls
 * onStep(k, step) for progress and onDone(k, result) exactly once for seeds[k]; a failing run never
 * throws (an error thrown by a callback propagates).
 */
export async function trainUnit(config: GrpoConfig, seeds: number[], onStep: (k: number, step: number) => void, onDone: (k: number, r: JobResult) => void): Promise<void> {
  if (seedBatchable(config) === null) {
    let results
    try {
      results = await trainSeeds(config, seeds, { onStep: (k, step) => onStep(k, step) })
    } catch (err) {
      seeds.forEach((_s, k) => onDone(k, failure(err)))
      return
    }
    results.forEach((r, k) => onDone(k, r.ok ? { ok: true, record: r.record } : failure(r.error, r.step)))
    return
  }
  for (let k = 0; k < seeds.length; k++) {
    // onDone outside the try: an error thrown by the callback is not the run's failure (it would
    // report the seed twice).
    let result: JobResult
    try {
      result = { ok: true, record: await train(config, { seed: seeds[k], onStep: (s) => onStep(k, s) }) }
    } catch (err) {
      result = failure(err)
    }
    onDone(k, result)
  }
}
