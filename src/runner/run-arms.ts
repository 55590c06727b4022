// Expands arms x seeds into runs, serves cached and published ones (run-source.ts), trains the rest
// (each distinct run exactly once; a linear arm's uncached seeds together, see pool.ts), caches every
// finished run at once, and keeps going when one run fails.
import { initBackend } from '../engine/backend.js'
import type { GrpoConfig } from '../engine/config.js'
import type { RunRecord } from '../engine/trainer.js'
import { defaultWorkers, runJobs } from './pool.js'
import { cacheDir, runKey, writeCachedRun } from './cache.js'
import { checkParent, watchParent } from './parent-watch.js'
import { Progress, type ProgressState } from './progress.js'
import { RunSource } from './run-source.js'
import { assertWritable } from './writable.js'

export interface ArmPlan { name: string; config: GrpoConfig }

export interface RunFailure { arm: string; seed: number; step: number | null; message: string }

export interface ArmRuns {
  /** Per arm, one record per seed in seed order (a failed seed is missing and listed in failures). */
  runs: Map<string, { seed: number; record: RunRecord }[]>
  failures: RunFailure[]
  trained: number
  cached: number
  total: number
  /** Served from the published store (reports/runs), and re-trained to check published records. */
  published?: number
  spotChecked?: number
  /** Their run keys (not reported: a staged plan counts each run once over its looks). */
  publishedKeys?: ReadonlySet<string>
  spotCheckedKeys?: ReadonlySet<string>
  /** Every run behind the ablation (what `npm run publish-runs` publishes). */
  list?: { arm: string; seed: number; key: string; cpuSeconds?: number }[]
  /** Set when finished runs could not be cached (they were used from memory). */
  cacheError?: string
}

export async function runArms(
  ablation: string, arms: ArmPlan[], seeds: number[],
  opts: { progress?: Progress; workers?: number; stage?: ProgressState['stage']; warn?: (message: string) => void } = {},
): Promise<ArmRuns> {
  watchParent()
  const backend = await initBackend()
  // Distinct runs: two arms with the same resolved config share their runs.
  const jobs = new Map<string, { arm: string; config: GrpoConfig; seed: number }>()
  const keyOf = new Map<string, string>() // `${arm}\u0000${seed}` -> key
  for (const a of arms) for (const seed of seeds) {
    const key = runKey(a.config, seed, backend)
    keyOf.set(`${a.name}\u0000${seed}`, key)
    if (!jobs.has(key)) jobs.set(key, { arm: a.name, config: a.config, seed })
  }
  const records = new Map<string, RunRecord>()
  const failed = new Map<string, RunFailure>()
  let trained = 0
  const todo: [string, { arm: string; config: GrpoConfig; seed: number }][] = []
  const source = new RunSource(ablation)
  for (const [key, job] of jobs) {
    const hit = source.read(key, job)
    if (hit) records.set(key, hit)
    else todo.push([key, job])
  }
  source.announce()
  // Before anything trains: a cache that cannot take the finished runs is said now, not after.
  if (todo.length) assertWritable(cacheDir(), 'RLVR_CACHE_DIR', 'run cache')
  const progress = opts.progress ?? new Progress()
  const state = { ablation, done: jobs.size - todo.length, cached: jobs.size - todo.length, total: jobs.size, ...(opts.stage ? { stage: opts.stage } : {}) }
  progress.startTraining()
  if (todo.length) progress.update(state, true)
  const current = new Map<number, number>() // job index -> step, for the progress line
  const finished = new Set<number>() // job indices: a run counts once, whatever reports it
  const warn = opts.warn ?? ((m: string) => process.stderr.write(`[rlvr] ${m}\n`))
  let cacheError: string | undefined
  await runJobs(todo.map(([, j]) => j), opts.workers ?? defaultWorkers(),
    (i, step) => {
      checkParent()
      current.set(i, step)
      const job = todo[i][1]
      // Seeds trained together advance together: the ETA counts every run in flight.
      let inFlight = 0
      for (const [k, st] of current) inFlight += st / todo[k][1].config.steps
      progress.update({ ...state, inFlight, current: { arm: job.arm, seed: job.seed, step, steps: job.config.steps } })
    },
    (i, r) => {
      const [key, job] = todo[i]
      if (finished.has(i)) return
      finished.add(i)
      current.delete(i)
      state.done++
      if (r.ok) {
        const record = source.settle(key, r.record) // a spot check that reproduces: its published record
        records.set(key, record) // this run's verdicts use it, whether or not the cache takes it
        trained++
        try {
          writeCachedRun(key, record) // at once: an interrupted ablation keeps every finished run
        } catch (e) {
          // Said once; the runs stay in memory for this ablation's verdicts.
          if (cacheError === undefined) {
            cacheError = (e as Error).message
            warn(`the run cache ${cacheDir()} is unwritable (${cacheError}): finished runs are kept for this run's verdicts only and will train again next time; set RLVR_CACHE_DIR to a writable folder`)
          }
        }
      } else {
        const message = `arm '${job.arm}', seed ${job.seed}${r.step !== null ? `, step ${r.step}` : ''}: ${r.message}`
        failed.set(key, { arm: job.arm, seed: job.seed, step: r.step, message })
      }
    })
  if (todo.length) progress.finish(state, trained)
  source.assertConsistent() // a published run that does not reproduce fails the ablation, naming it

  const runs = new Map<string, { seed: number; record: RunRecord }[]>()
  const failures: RunFailure[] = []
  for (const a of arms) {
    const list: { seed: number; record: RunRecord }[] = []
    for (const seed of seeds) {
      const key = keyOf.get(`${a.name}\u0000${seed}`)!
      const rec = records.get(key)
      if (rec) list.push({ seed, record: rec })
      else failures.push({ ...failed.get(key)!, arm: a.name })
    }
    runs.set(a.name, list)
  }
  // Each run's CPU seconds from its record (absent in records written before they were kept).
  const list = arms.flatMap((a) => seeds.map((seed) => {
    const key = keyOf.get(`${a.name}\u0000${seed}`)!
    const cpu = records.get(key)?.cpuSeconds
    return { arm: a.name, seed, key, ...(cpu !== undefined ? { cpuSeconds: cpu } : {}) }
  }))
  return {
    runs, failures, trained, cached: source.cached, published: source.published, spotChecked: source.spotChecked, total: jobs.size, list,
    publishedKeys: source.publishedKeys, spotCheckedKeys: source.spotCheckedKeys,
    ...(cacheError !== undefined ? { cacheError } : {}),
  }
}
