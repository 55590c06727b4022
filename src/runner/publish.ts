// `npm run publish-runs`: write the published run store (published.ts) from the local run cache.
// Which runs belong to which ablation comes from the JSON reports (reports/<slug>.json, runs.list),
// written by the last run of each file. Everything is checked before anything is written: every
// listed run must be in the cache, valid, hash-verified, of this ENGINE_VERSION, and its config
// must give its run key; otherwise nothing is published and each problem is named. A run already
// published keeps its record file (its wall time included) when the cached record has the same
// numbers, so re-publishing after a re-run changes nothing; different numbers are refused.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { ENGINE_VERSION, type RunRecord } from '../engine/trainer.js'
import type { AblationReport } from '../report/json-report.js'
import { cacheDir, readCacheEntry } from './cache.js'
import { compress, encodeStored, keyOfRecord, publishedDir, publishedIndex, readPublishedRun, recordDifference, recordPath, resetPublishedIndex, type Manifest } from './published.js'

export class PublishError extends Error {
  readonly code = 'RLVR_PUBLISH'
  constructor(readonly problems: string[]) {
    super(`nothing published: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`)
    this.name = 'PublishError'
  }
}

export interface PublishOptions {
  /** Folder of the JSON reports (default RLVR_REPORT_DIR or reports). */
  reportDir?: string
  cache?: string
  store?: string
  /** Only these reports (file names without .json, i.e. ablation slugs); default every report. */
  only?: string[]
}

export interface PublishSummary {
  ablations: { slug: string; ablation: string; runs: number }[]
  /** Record files written now, already there, and removed (referenced by no manifest). */
  written: number
  kept: number
  removed: number
  /** Manifests of another ENGINE_VERSION left in the store (never served). */
  stale: string[]
  /** Bytes of the store: every record file, and the manifests. */
  recordBytes: number
  recordFiles: number
  manifestBytes: number
}

const writeAtomic = (path: string, data: string | Buffer) => {
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  writeFileSync(tmp, data)
  renameSync(tmp, path)
}

export function publishRuns(opts: PublishOptions = {}): PublishSummary {
  const reportDir = opts.reportDir ?? (process.env.RLVR_REPORT_DIR || 'reports')
  const cache = opts.cache ?? cacheDir()
  const store = opts.store ?? publishedDir()
  const files = existsSync(reportDir) ? readdirSync(reportDir).filter((f) => f.endsWith('.json')).sort() : []
  const problems: string[] = []
  for (const want of opts.only ?? []) if (!files.includes(`${want}.json`)) problems.push(`no report ${join(reportDir, `${want}.json`)}: run its ablation file first`)
  const chosen = opts.only?.length ? files.filter((f) => opts.only!.includes(basename(f, '.json'))) : files
  const plans: { slug: string; manifest: Manifest; records: Map<string, { text: string; record: RunRecord }> }[] = []
  resetPublishedIndex()
  const before = publishedIndex(store)
  for (const file of chosen) {
    const path = join(reportDir, file)
    let report: AblationReport
    try { report = JSON.parse(readFileSync(path, 'utf8')) as AblationReport } catch (e) { problems.push(`${path}: not valid JSON (${(e as Error).message})`); continue }
    if (!report || !Array.isArray(report.hypotheses)) continue // not an ablation report
    const list = report.runs?.list
    if (!list) { problems.push(`${path} lists no runs (written before reports listed them): re-run its ablation file`); continue }
    if (list.length === 0) continue // every arm read from files: nothing of ours to publish
    if (report.engineVersion !== ENGINE_VERSION) {
      problems.push(`${path} ('${report.ablation}') was computed by engine ${report.engineVersion}; this is engine ${ENGINE_VERSION}: re-run its file with this engine, then publish`)
      continue
    }
    const slug = basename(file, '.json')
    const records = new Map<string, { text: string; record: RunRecord }>()
    const runs: Manifest['runs'] = []
    for (const run of list) {
      const where = `'${report.ablation}', arm '${run.arm}', seed ${run.seed}`
      const got = readCacheEntry(run.key, cache)
      if (got.status !== 'hit') {
        problems.push(got.status === 'missing'
          ? `${where}: run ${run.key.slice(0, 12)} is not in the run cache ${cache}: re-run the file (with RLVR_CACHE_DIR set as when it ran)`
          : `${where}: cache entry ${got.path} ${got.problem}: re-run the file to retrain it`)
        continue
      }
      if (got.record.engineVersion !== ENGINE_VERSION) { problems.push(`${where}: a record of engine ${got.record.engineVersion}; this is engine ${ENGINE_VERSION}`); continue }
      if (keyOfRecord(got.record) !== run.key) { problems.push(`${where}: the cached record's config gives another run key than ${run.key.slice(0, 12)}`); continue }
      const old = before.has(run.key) ? readPublishedRun(run.key, store) : undefined
      if (old?.status === 'hit') {
        const diff = recordDifference(old.record, got.record)
        if (diff) { problems.push(`${where}: the cached record differs from the published one at ${diff}: find out why (the runner reports it too) before replacing a published run`); continue }
        runs.push({ arm: run.arm, seed: run.seed, key: run.key, hash: before.get(run.key)!.hash })
        continue
      }
      const { text, hash } = encodeStored(got.record)
      records.set(hash, { text, record: got.record })
      runs.push({ arm: run.arm, seed: run.seed, key: run.key, hash })
    }
    // A script's report (the pilots) says `suite: false`: no ablation file reads its runs.
    const suite = (report as { suite?: unknown }).suite === false ? { suite: false as const } : {}
    plans.push({ slug, records, manifest: { ablation: report.ablation, engineVersion: ENGINE_VERSION, backend: report.backend, runs, ...suite } })
  }
  if (problems.length) throw new PublishError(problems)

  mkdirSync(join(store, 'records'), { recursive: true })
  let written = 0, kept = plans.reduce((n, p) => n + p.manifest.runs.filter((r) => !p.records.has(r.hash)).length, 0)
  for (const p of plans) {
    for (const [hash, { text }] of p.records) {
      const path = recordPath(hash, store)
      if (existsSync(path)) { kept++; continue }
      writeAtomic(path, compress(text))
      written++
    }
    writeAtomic(join(store, `${p.slug}.json`), `${JSON.stringify(p.manifest, null, 1)}\n`)
  }
  // Records no manifest refers to any more (an ablation re-published with other runs) go.
  const manifests = readdirSync(store).filter((f) => f.endsWith('.json'))
  const referenced = new Set<string>()
  const stale: string[] = []
  let manifestBytes = 0
  for (const f of manifests) {
    const m = JSON.parse(readFileSync(join(store, f), 'utf8')) as Manifest
    manifestBytes += statSync(join(store, f)).size
    if (m.engineVersion !== ENGINE_VERSION) stale.push(`${f} (engine ${m.engineVersion})`)
    for (const r of m.runs) referenced.add(r.hash)
  }
  let removed = 0, recordBytes = 0, recordFiles = 0
  for (const f of readdirSync(join(store, 'records'))) {
    const path = join(store, 'records', f)
    if (!referenced.has(f.replace(/\.json\.br$/, ''))) { rmSync(path, { force: true }); removed++; continue }
    recordBytes += statSync(path).size
    recordFiles++
  }
  resetPublishedIndex()
  return {
    ablations: plans.map((p) => ({ slug: p.slug, ablation: p.manifest.ablation, runs: p.manifest.runs.length })),
    written, kept, removed, stale, recordBytes, recordFiles, manifestBytes,
  }
}
