// Trains runs either in this process or on a pool of worker threads (RLVR_WORKERS=n). On a machine
// whose cores are really one floating-point unit (this project's 2-vCPU runners) in-process is the
// default: see the README's measurement. Workers load the TypeScript sources through tsx.
// The unit of work is a config's seeds: when the config is seed-batchable (see
// src/engine/train-seeds.ts) up to seedBatchLimit of its seeds train together in one trainSeeds
// call, else one train() each.
// Either way every seed's result is its own (identical to training it alone) and reported as it ends.
import { Worker } from 'node:worker_threads'
import type { RunRecord } from '../engine/trainer.js'
import { seedBatchable, seedBatchLimit } from '../engine/train-seeds.js'
import type { GrpoConfig } from '../engine/config.js'
import { trainUnit, type Job, type JobResult } from './train-unit.js'
import type { WorkerMessage, WorkerRequest } from './worker-protocol.js'

export function defaultWorkers(): number {
  const n = Number(process.env.RLVR_WORKERS ?? 1)
  if (!Number.isInteger(n) || n < 1) throw new Error(`RLVR_WORKERS='${process.env.RLVR_WORKERS}' must be an integer >= 1 (1 = train in this process)`)
  return n
}

/** Job indices grouped into units: the jobs of one seed-batchable config (same object), else one job each. */
function units(jobs: Job[]): number[][] {
  const out: number[][] = []
  const open = new Map<GrpoConfig, number[]>()
  jobs.forEach((j, i) => {
    if (seedBatchable(j.config) !== null) { out.push([i]); return }
    let unit = open.get(j.config)
    if (!unit || unit.length >= seedBatchLimit(j.config)) { unit = []; open.set(j.config, unit); out.push(unit) }
    unit.push(i)
  })
  return out
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
  const todo = units(jobs)
  if (workers <= 1 || todo.length <= 1 || local.length > 0) {
    for (const unit of todo) {
      await trainUnit(jobs[unit[0]].config, unit.map((i) => jobs[i].seed), (k, s) => onStep(unit[k], s), (k, r) => onDone(unit[k], r))
    }
    return
  }
  let next = 0
  const spawn = () => new Promise<void>((resolve, reject) => {
    const w = new Worker(new URL('./worker-entry.mjs', import.meta.url))
    let pending = 0
    const feed = () => {
      if (next >= todo.length) { void w.terminate().then(() => resolve()); return }
      const ids = todo[next++]
      pending = ids.length
      w.postMessage({ ids, config: jobs[ids[0]].config, seeds: ids.map((i) => jobs[i].seed) } satisfies WorkerRequest)
    }
    w.on('message', (m: WorkerMessage) => {
      try {
        if (m.type === 'step') { onStep(m.id, m.step); return }
        onDone(m.id, m.type === 'done' ? { ok: true, record: m.record as RunRecord } : { ok: false, message: m.message, step: m.step })
      } catch (err) {
        void w.terminate()
        reject(err)
        return
      }
      if (--pending === 0) feed()
    })
    w.on('error', reject)
    feed()
  })
  await Promise.all(Array.from({ length: Math.min(workers, todo.length) }, spawn))
}
