// The on-disk run cache: one JSON file per run, named by the hash of everything that determines it
// (resolved config, seed, backend, engine version), holding the record and the hash of its content.
// Written atomically (temp file + rename), so an interrupted suite keeps every finished run and never
// leaves a half-written one behind. A read checks the entry (it parses, it is this run's, it is a
// valid record, its content matches its hash): a bad entry is reported, never used, and left for
// the retrained record to replace (never deleted on read: a read-only cache must not fail there).
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { BackendName } from '../engine/backend.js'
import type { GrpoConfig } from '../engine/config.js'
import { ENGINE_VERSION, type RunRecord } from '../engine/trainer.js'
import { resolveOrganism } from '../organisms/index.js'
import { canonicalJson, sha256 } from '../util/hash.js'
import { decodeNumbers, encodeNumbers, recordHash, recordProblem } from './record-schema.js'

/** RLVR_CACHE_DIR, else .rlvr-cache/runs under the working directory. */
export function cacheDir(): string {
  return resolve(process.env.RLVR_CACHE_DIR ?? join(process.cwd(), '.rlvr-cache'), 'runs')
}

/** The identity of a run. The organism is expanded, so editing a preset changes its runs' keys. */
export function runKey(config: GrpoConfig, seed: number, backend: BackendName): string {
  const organism = resolveOrganism(config.organism)
  return sha256(canonicalJson({ engineVersion: ENGINE_VERSION, backend, seed, config: { ...config, organism } }))
}

interface CacheEntry { key: string; hash: string; record: RunRecord }

export type CacheRead =
  | { status: 'hit'; record: RunRecord }
  | { status: 'missing' }
  /** `problem` says what is wrong with the file at `path` ("its content does not match its hash ..."). */
  | { status: 'bad'; problem: string; path: string }

/** Read and check the entry of run `key`. Never throws, never deletes. */
export function readCacheEntry(key: string, dir = cacheDir()): CacheRead {
  const path = join(dir, `${key}.json`)
  let text: string
  try { text = readFileSync(path, 'utf8') } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { status: 'missing' }
    return { status: 'bad', problem: `cannot be read (${code ?? (e as Error).message})`, path }
  }
  const bad = (problem: string): CacheRead => ({ status: 'bad', problem, path })
  let entry: Partial<CacheEntry>
  try { entry = JSON.parse(text, decodeNumbers) as Partial<CacheEntry> } catch { return bad('does not parse as JSON (a truncated or edited file)') }
  if (!entry || typeof entry !== 'object') return bad('is not a cache entry')
  if (entry.key !== key) return bad(`holds the record of another run (key ${String(entry.key).slice(0, 12)}...)`)
  const invalid = recordProblem(entry.record)
  if (invalid) return bad(`is not a valid run record: ${invalid}`)
  if (typeof entry.hash !== 'string') return bad('carries no content hash (written before records were hashed)')
  if (recordHash(entry.record!) !== entry.hash) return bad('does not match its content hash (the record was edited after it was written)')
  if (entry.record!.engineVersion !== ENGINE_VERSION) return bad(`is a record of engine ${entry.record!.engineVersion}, this engine is ${ENGINE_VERSION}`)
  return { status: 'hit', record: entry.record! }
}

/** The record of run `key` if the cache holds a good one. */
export function readCachedRun(key: string, dir = cacheDir()): RunRecord | undefined {
  const r = readCacheEntry(key, dir)
  return r.status === 'hit' ? r.record : undefined
}

/** A cache write that failed, said plainly: which folder, why, and what to do. */
export class CacheWriteError extends Error {
  readonly code = 'RLVR_CACHE_WRITE'
  constructor(readonly dir: string, cause: unknown) {
    const code = (cause as NodeJS.ErrnoException)?.code
    const why = code === 'ENOTDIR' || code === 'EEXIST' ? 'a part of that path is a file, not a folder'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'it is read-only for this user'
        : (cause as Error)?.message ?? String(cause)
    super(`cannot write to the run cache ${dir}: ${why}${code ? ` (${code})` : ''}; set RLVR_CACHE_DIR to a folder this user can write`)
    this.name = 'CacheWriteError'
  }
}

export function writeCachedRun(key: string, record: RunRecord, dir = cacheDir()): void {
  const path = join(dir, `${key}.json`)
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    mkdirSync(dir, { recursive: true })
    writeFileSync(tmp, JSON.stringify({ key, hash: recordHash(record), record } satisfies CacheEntry, encodeNumbers))
    renameSync(tmp, path)
  } catch (e) {
    try { rmSync(tmp, { force: true }) } catch { /* nothing to clean */ }
    throw new CacheWriteError(dir, e)
  }
}
