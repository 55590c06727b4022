// The published run store: the run records behind the committed verdicts, in the repository
// (reports/runs, or RLVR_PUBLISHED_DIR), read as a read-only layer under the local run cache.
//
//   reports/runs/<ablation-slug>.json     manifest: which runs (arm, seed, run key) the ablation
//                                         used, and the content hash of each run's record
//   reports/runs/records/<hash>.json.br   one record, brotli-compressed, named by the sha256 of
//                                         its (uncompressed) text: content-addressed, so a run
//                                         shared by several ablations is stored once, and a
//                                         record once committed is never rewritten
//
// A record is stored compactly (see encodeStored): metrics by column, float32 values (the loss
// diagnostics) at the shortest decimal that reads back to the same float32, per-step wall times
// dropped. Decoding gives back every number exactly. See docs/published-runs.md.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib'
import type { BackendName } from '../engine/backend.js'
import type { GrpoConfig } from '../engine/config.js'
import { ENGINE_VERSION, type Metrics, type RunRecord } from '../engine/trainer.js'
import { runKey } from './cache.js'
import { sha256 } from '../util/hash.js'
import { decodeNumbers, encodeNumbers, recordProblem } from './record-schema.js'

/** RLVR_PUBLISHED_DIR, else reports/runs under the working directory. */
export function publishedDir(): string {
  return resolve(process.env.RLVR_PUBLISHED_DIR || join(process.cwd(), 'reports', 'runs'))
}

export interface PublishedRun { arm: string; seed: number; key: string; hash: string }

export interface Manifest {
  ablation: string
  engineVersion: string
  backend: string
  runs: PublishedRun[]
  /** false: runs of a script (the pilots), which no ablation file of the suite reads, so the suite's
   *  spot-check sample leaves them out (a draw there would re-train nothing). */
  suite?: false
}

export const recordPath = (hash: string, dir = publishedDir()): string => join(dir, 'records', `${hash}.json.br`)

// --- the stored form ---

/** The shortest decimal that reads back (through float32) to x, if x is a float32 value; else null. */
function float32Decimal(x: number): number | null {
  if (Math.fround(x) !== x) return null
  for (let p = 1; p <= 9; p++) {
    const d = Number(x.toPrecision(p))
    if (Math.fround(d) === x) return d
  }
  return null
}

type Column = (number | null)[] | { f32: (number | null)[] }

interface StoredRecord {
  format: 1
  engineVersion: string
  backend: BackendName
  seed: number
  config: RunRecord['config']
  /** Steps, then one column per metric (null: the metric is absent at that step). */
  steps: number
  history: Record<string, Column>
  evals: RunRecord['evals']
  wallSeconds: number
  cpuSeconds?: number
}

function toStored(r: RunRecord): StoredRecord {
  const names = [...new Set(r.history.flatMap((h) => Object.keys(h)))]
  const history: Record<string, Column> = {}
  for (const name of names) {
    const col = r.history.map((h) => (name in h ? h[name] : null))
    const finite = col.filter((v): v is number => v !== null && Number.isFinite(v))
    const f32 = finite.map(float32Decimal)
    history[name] = finite.length > 0 && f32.every((d) => d !== null)
      ? { f32: col.map((v) => (v !== null && Number.isFinite(v) ? float32Decimal(v) : v)) }
      : col
  }
  return {
    format: 1, engineVersion: r.engineVersion, backend: r.backend, seed: r.seed, config: r.config,
    steps: r.history.length, history, evals: r.evals, wallSeconds: r.wallSeconds,
    ...(r.cpuSeconds !== undefined ? { cpuSeconds: r.cpuSeconds } : {}),
  }
}

function fromStored(s: StoredRecord): RunRecord {
  const history: Metrics[] = Array.from({ length: s.steps }, () => ({}))
  for (const [name, col] of Object.entries(s.history)) {
    const f32 = !Array.isArray(col)
    const values = f32 ? col.f32 : col
    values.forEach((v, i) => { if (v !== null) history[i][name] = f32 ? Math.fround(v) : v })
  }
  return {
    engineVersion: s.engineVersion, backend: s.backend, seed: s.seed, config: s.config,
    history, evals: s.evals, stepSeconds: [], wallSeconds: s.wallSeconds,
    ...(s.cpuSeconds !== undefined ? { cpuSeconds: s.cpuSeconds } : {}),
  }
}

/** The record as the store keeps it (JSON text) and its content hash. */
export function encodeStored(record: RunRecord): { text: string; hash: string } {
  const text = JSON.stringify(toStored(record), encodeNumbers)
  return { text, hash: sha256(text) }
}

export function compress(text: string): Buffer {
  return brotliCompressSync(Buffer.from(text), { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: text.length } })
}

/** The deterministic part of a record in stored form (no wall times): what a spot check compares. */
function comparable(r: RunRecord): Omit<StoredRecord, 'wallSeconds' | 'cpuSeconds'> {
  const { wallSeconds: _w, cpuSeconds: _c, ...rest } = JSON.parse(JSON.stringify(toStored(r), encodeNumbers), decodeNumbers) as StoredRecord
  return rest
}

/** The first difference between two records' stored fields ("history step 12, loss/policy: 0.0123 vs 0.0124"), or null. */
export function recordDifference(published: RunRecord, other: RunRecord): string | null {
  const a = comparable(published), b = comparable(other)
  if (JSON.stringify(a) === JSON.stringify(b)) return null
  const show = (v: unknown) => (v === undefined ? 'absent' : JSON.stringify(v))
  for (const f of ['engineVersion', 'backend', 'seed', 'steps'] as const) {
    if (a[f] !== b[f]) return `${f}: published ${show(a[f])}, now ${show(b[f])}`
  }
  const hist = (r: RunRecord) => r.history
  const ha = hist(fromStored(a as StoredRecord)), hb = hist(fromStored(b as StoredRecord))
  for (let i = 0; i < Math.max(ha.length, hb.length); i++) {
    for (const m of new Set([...Object.keys(ha[i] ?? {}), ...Object.keys(hb[i] ?? {})])) {
      const x = JSON.stringify(ha[i]?.[m], encodeNumbers), y = JSON.stringify(hb[i]?.[m], encodeNumbers)
      if (x !== y) return `history step ${i + 1}, ${m}: published ${x ?? 'absent'}, now ${y ?? 'absent'}`
    }
  }
  for (let i = 0; i < Math.max(a.evals.length, b.evals.length); i++) {
    const ea = a.evals[i], eb = b.evals[i]
    if (JSON.stringify(ea?.step) !== JSON.stringify(eb?.step)) return `eval ${i}: published at step ${show(ea?.step)}, now at step ${show(eb?.step)}`
    for (const m of new Set([...Object.keys(ea?.metrics ?? {}), ...Object.keys(eb?.metrics ?? {})])) {
      const x = JSON.stringify(ea?.metrics[m]), y = JSON.stringify(eb?.metrics[m])
      if (x !== y) return `eval at step ${ea.step}, ${m}: published ${x ?? 'absent'}, now ${y ?? 'absent'}`
    }
  }
  return 'config differs'
}

// --- reading ---

const manifestsByDir = new Map<string, Manifest[]>()
const indexes = new Map<string, Map<string, PublishedRun & { ablation: string }>>()

/** The store's manifests of this engine version (another engine's runs have other keys: never served). Memoised per folder. */
function manifests(dir: string): Manifest[] {
  let list = manifestsByDir.get(dir)
  if (list) return list
  list = []
  const names = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort() : []
  for (const name of names) {
    let m: Manifest
    try { m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Manifest } catch (e) {
      throw new Error(`published runs: ${join(dir, name)} is not valid JSON (${(e as Error).message}): restore it from git, or re-publish with npm run publish-runs`)
    }
    if (!m || !Array.isArray(m.runs)) throw new Error(`published runs: ${join(dir, name)} is not a manifest (no runs list): restore it from git, or re-publish with npm run publish-runs`)
    if (m.engineVersion === ENGINE_VERSION) list.push(m)
  }
  manifestsByDir.set(dir, list)
  return list
}

/** Every published run of the suite, by run key. Memoised per folder. */
export function publishedIndex(dir = publishedDir()): Map<string, PublishedRun & { ablation: string }> {
  let index = indexes.get(dir)
  if (index) return index
  index = new Map()
  for (const m of manifests(dir)) for (const r of m.runs) if (!index.has(r.key)) index.set(r.key, { ...r, ablation: m.ablation })
  indexes.set(dir, index)
  return index
}

/** Run keys that some ablation file of the suite reads (every manifest not marked `suite: false`). */
export function suiteKeys(dir = publishedDir()): Set<string> {
  return new Set(manifests(dir).filter((m) => m.suite !== false).flatMap((m) => m.runs.map((r) => r.key)))
}

/** Per arm, the seeds ablation `name` has published (this engine version); undefined when it has no manifest. */
export function publishedSeeds(name: string, dir = publishedDir()): Map<string, Set<number>> | undefined {
  const own = manifests(dir).filter((m) => m.ablation === name)
  if (!own.length) return undefined
  const seeds = new Map<string, Set<number>>()
  for (const m of own) for (const r of m.runs) {
    if (!seeds.has(r.arm)) seeds.set(r.arm, new Set())
    seeds.get(r.arm)!.add(r.seed)
  }
  return seeds
}

/** Forget the memoised manifests (tests, and publish-runs after writing). */
export function resetPublishedIndex(): void { indexes.clear(); manifestsByDir.clear() }

export type PublishedRead = { status: 'hit'; record: RunRecord } | { status: 'missing' } | { status: 'bad'; problem: string; path: string }

/** The published record of run `key`, verified: content hash, schema, engine version, and that its config is this run's. */
export function readPublishedRun(key: string, dir = publishedDir()): PublishedRead {
  const entry = publishedIndex(dir).get(key)
  if (!entry) return { status: 'missing' }
  const path = recordPath(entry.hash, dir)
  const bad = (problem: string): PublishedRead => ({ status: 'bad', problem, path })
  let text: string
  try { text = brotliDecompressSync(readFileSync(path)).toString('utf8') } catch (e) {
    return bad((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'is missing' : `cannot be read (${(e as Error).message})`)
  }
  if (sha256(text) !== entry.hash) return bad('does not match its content hash (the file was edited or damaged)')
  let record: RunRecord
  try {
    const stored = JSON.parse(text, decodeNumbers) as StoredRecord
    if (stored.format !== 1) return bad(`has an unknown format ${JSON.stringify(stored.format)}`)
    record = fromStored(stored)
  } catch (e) { return bad(`does not decode (${(e as Error).message})`) }
  const invalid = recordProblem(record)
  if (invalid) return bad(`is not a valid run record: ${invalid}`)
  if (record.engineVersion !== ENGINE_VERSION) return bad(`is a record of engine ${record.engineVersion}, this engine is ${ENGINE_VERSION}`)
  if (keyOfRecord(record) !== key) return bad(`is the record of another run (its config, seed and backend give another run key)`)
  return { status: 'hit', record }
}

/** The run key a record's own config, seed and backend give (the key it must be stored under). */
export function keyOfRecord(record: RunRecord): string {
  const { organismName: _n, ...config } = record.config
  return runKey(config as unknown as GrpoConfig, record.seed, record.backend)
}
