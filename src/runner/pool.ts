// Trains runs either in this process or on a pool of worker threads (RLVR_WORKERS=n). On a machine
// whose cores are really one floating-point unit (this project's 2-vCPU runners) in-process is the
// default: see the README's measurement. Workers load the TypeScript sources through tsx.
import { Worker } from 'node:worker_threads'
import { train, NonFiniteLossError, type RunRecord } from '../engine/trainer.js'
import type { GrpoConfig } from '../engine/config.js'
import type { WorkerMessage, WorkerRequest } from './worker.js'

export interface Job { config: GrpoConfig; seed: number }
export type JobResult = { ok: true; record: RunRecord } | { ok: false; message: string; step: number | null }

export function defaultWorkers(): number {
  const n = Number(process.env.RLVR_WORKERS ?? 1)
  if (!Number.isInteger(n) || n < 1) throw new Error(`RLVR_WORKERS='${process.env.RLVR_WORKERS}' must be an integer >= 1 (1 = train in this process)`)
  return n
}

/**
 * Run every job, calling onStep(jobIndex, step) for progress and onDone(jobIndex, result) as each
 * finishes (so it can be cached at once). Resolves when all are done; a failing job never stops the others.
 */
export async function runJobs(jobs: Job[], workers: number, onStep: (i: number, step: number) => void, onDone: (i: number, r: JobResult) => void): Promise<void> {
  // A custom reward is a function, which cannot cross to a worker thread: such runs train here.
  const local = jobs.map((j, i) => (j.config.reward.kind === 'custom' ? i : -1)).filter((i) => i >= 0)
  if (workers > 1 && local.length > 0 && local.length < jobs.length) {
    const pooled = jobs.map((_j, i) => i).filter((i) => !local.includes(i))
    await runJobs(pooled.map((i) => jobs[i]), workers, (i, s) => onStep(pooled[i], s), (i, r) => onDone(pooled[i], r))
    await runJobs(local.map((i) => jobs[i]), 1, (i, s) => onStep(local[i], s), (i, r) => onDone(local[i], r))
    return
  }
  if (workers <= 1 || jobs.length <= 1 || local.length > 0) {
    for (let i = 0; i < jobs.length; i++) {
      try {
        onDone(i, { ok: true, record: await train(jobs[i].config, { seed: jobs[i].seed, onStep: (s) => onStep(i, s) }) })
      } catch (err) {
        onDone(i, { ok: false, message: err instanceof Error ? err.message : String(err), step: err instanceof NonFiniteLossError ? err.step : null })
      }
    }
    return
  }
  let next = 0
  const spawn = () => new Promise<void>((resolve, reject) => {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url))
    const feed = () => {
      if (next >= jobs.length) { void w.terminate().then(() => resolve()); return }
      const id = next++
      w.postMessage({ id, config: jobs[id].config, seed: jobs[id].seed } satisfies WorkerRequest)
    }
    w.on('message', (m: WorkerMessage) => {
      if (m.type === 'step') onStep(m.id, m.step)
      else {
        onDone(m.id, m.type === 'done' ? { ok: true, record: m.record as RunRecord } : { ok: false, message: m.message, step: m.step })
        feed()
      }
    })
    w.on('error', reject)
    feed()
  })
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, spawn))
}
