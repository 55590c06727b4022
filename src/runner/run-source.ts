// Where a run's record comes from, in order: a spot check (a published run picked to be re-trained:
// train it), the local run cache, the published store (read-only, under the cache), else training.
// Every record read is verified (cache.ts, published.ts); a bad one is reported with its run and
// retrained. A run both cached locally and published must be the same record in both; a spot-checked
// run must re-train to its published record: otherwise the file fails, naming the run.
import { accessSync, constants } from 'node:fs'
import { dirname } from 'node:path'
import type { GrpoConfig } from '../engine/config.js'
import type { RunRecord } from '../engine/trainer.js'
import { cacheDir, readCacheEntry } from './cache.js'
import { publishedDir, publishedIndex, readPublishedRun, recordDifference } from './published.js'
import { isSpotChecked, spotCheckPlan, type SpotCheckPlan } from './spot-check.js'

export interface RunJob { arm: string; seed: number; config: GrpoConfig }

/** Runs of this process already re-trained and found equal to their published records. */
const proven = new Set<string>()
/** Tests: spot-check proven runs again. */
export function forgetSpotChecks(): void { proven.clear() }

export class SpotCheckError extends Error {
  readonly code = 'RLVR_SPOT_CHECK'
  constructor(readonly mismatches: string[]) {
    super(`${mismatches.length} published run(s) do not reproduce:\n    ${mismatches.join('\n    ')}`)
    this.name = 'SpotCheckError'
  }
}

const writable = (dir: string): boolean => {
  try { accessSync(dir, constants.W_OK); return true } catch { return false }
}

export class RunSource {
  /** Served from the local cache. */
  cached = 0
  /** The runs served from the store and re-trained as checks, by key (a staged plan counts each run once over its looks). */
  readonly publishedKeys = new Set<string>()
  readonly spotCheckedKeys = new Set<string>()
  get published(): number { return this.publishedKeys.size }
  get spotChecked(): number { return this.spotCheckedKeys.size }
  private readonly toCheck = new Map<string, RunJob>()
  /** Entries written before records carried a hash: said once, in announce(). */
  private readonly unhashed: RunJob[] = []
  private readonly mismatches: string[] = []
  private readonly plan: SpotCheckPlan
  private readonly cache: string
  private readonly store: string

  constructor(readonly ablation: string, private readonly warn: (message: string) => void = (m) => process.stderr.write(`[rlvr] ${m}\n`)) {
    this.plan = spotCheckPlan()
    this.cache = cacheDir()
    this.store = publishedDir()
  }

  private run(job: RunJob): string { return `ablation '${this.ablation}', arm '${job.arm}', seed ${job.seed}` }

  /** A verified record of run `key`, or undefined: train it (then pass the result to settle()). */
  read(key: string, job: RunJob): RunRecord | undefined {
    const published = publishedIndex(this.store).has(key)
    if (published && !proven.has(key) && isSpotChecked(key, this.plan, this.store)) {
      this.toCheck.set(key, job)
      return undefined
    }
    const local = readCacheEntry(key, this.cache)
    if (local.status === 'hit') {
      if (published) this.compareLocal(key, job, local.record)
      this.cached++
      return local.record
    }
    if (local.status === 'bad' && local.problem.startsWith('carries no content hash')) this.unhashed.push(job)
    else if (local.status === 'bad') {
      const readOnly = writable(dirname(local.path)) ? '' : ` (the cache is read-only, so this entry stays until a writable cache is used: set RLVR_CACHE_DIR)`
      this.warn(`run cache entry ${local.path} ${local.problem}: ${this.run(job)} is not used and trains again${readOnly}`)
    }
    if (published) {
      const p = readPublishedRun(key, this.store)
      if (p.status === 'hit') { this.publishedKeys.add(key); return p.record }
      if (p.status === 'bad') this.warn(`published record ${p.path} ${p.problem}: ${this.run(job)} is not used and trains again (restore the file from git, or re-publish)`)
    }
    return undefined
  }

  /** After the reads: one line for the entries that carry no hash (an old cache), instead of one per run. */
  announce(): void {
    if (!this.unhashed.length) return
    const arms = [...new Set(this.unhashed.map((j) => `'${j.arm}'`))]
    this.warn(`${this.unhashed.length} run cache entr${this.unhashed.length === 1 ? 'y' : 'ies'} of ablation '${this.ablation}' (arm${arms.length > 1 ? 's' : ''} ${arms.join(', ')}) carry no content hash ` +
      '(written before records were hashed), so they cannot be verified: they train again and are rewritten with one')
  }

  private compareLocal(key: string, job: RunJob, record: RunRecord): void {
    const p = readPublishedRun(key, this.store)
    if (p.status !== 'hit') return // a bad published record was reported where it is read for serving
    const diff = recordDifference(p.record, record)
    if (diff) {
      this.mismatches.push(`${this.run(job)} (run key ${key.slice(0, 12)}): the local run cache's record differs from the published one at ${diff}. ` +
        'One of them was computed by another engine under the same ENGINE_VERSION: delete the cached file to re-train it and see which')
    }
  }

  /**
   * A run just trained: the record to keep and cache. A spot-checked run is compared with its
   * published record at once; when they agree, the published record is what is served and cached,
   * so the figures that are not deterministic (wall and CPU seconds) are the published ones whether
   * or not a run was checked. Any other run, or one that disagrees, keeps what it trained.
   */
  settle(key: string, record: RunRecord): RunRecord {
    const job = this.toCheck.get(key)
    if (!job) return record
    const p = readPublishedRun(key, this.store)
    if (p.status !== 'hit') {
      if (p.status === 'bad') this.warn(`published record ${p.path} ${p.problem}: ${this.run(job)} could not be spot-checked (restore the file from git, or re-publish)`)
      return record
    }
    this.spotCheckedKeys.add(key)
    const diff = recordDifference(p.record, record)
    if (diff === null) { proven.add(key); return p.record }
    this.mismatches.push(`${this.run(job)} (run key ${key.slice(0, 12)}): re-trained, it differs from its published record at ${diff}. ` +
      'If the engine changed on purpose, bump ENGINE_VERSION, re-run the suite and re-publish (npm run publish-runs); otherwise find what changed its numbers')
    return record
  }

  /** Throws SpotCheckError naming every run whose records disagree. */
  assertConsistent(): void {
    if (this.mismatches.length) throw new SpotCheckError(this.mismatches)
  }
}
