// The on-disk run cache: one JSON file per run, named by the hash of everything that determines it
// (resolved config, seed, backend, engine version). Written atomically (temp file + rename), so an
// interrupted suite keeps every finished run and never leaves a half-written one behind; a file that
// does not parse or does not match its key is treated as missing and recomputed.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { BackendName } from '../engine/backend.js'
import type { GrpoConfig } from '../engine/config.js'
import { ENGINE_VERSION, type RunRecord } from '../engine/trainer.js'
import { resolveOrganism } from '../organisms/index.js'
import { canonicalJson, sha256 } from './hash.js'

/** RLVR_CACHE_DIR, else .rlvr-cache/runs under the working directory. */
export function cacheDir(): string {
  return resolve(process.env.RLVR_CACHE_DIR ?? join(process.cwd(), '.rlvr-cache'), 'runs')
}

/** The identity of a run. The organism is expanded, so editing a preset changes its runs' keys. */
export function runKey(config: GrpoConfig, seed: number, backend: BackendName): string {
  const organism = resolveOrganism(config.organism)
  return sha256(canonicalJson({ engineVersion: ENGINE_VERSION, backend, seed, config: { ...config, organism } }))
}

interface CacheEntry { key: string; record: RunRecord }

// JSON has no NaN/Infinity (a step with no update records NaN): keep them exact through the cache.
const encode = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v)
const decode = (_k: string, v: unknown) => (typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v)

export function readCachedRun(key: string, dir = cacheDir()): RunRecord | undefined {
  const path = join(dir, `${key}.json`)
  let text: string
  try { text = readFileSync(path, 'utf8') } catch { return undefined }
  try {
    const entry = JSON.parse(text, decode) as CacheEntry
    if (entry.key === key && Array.isArray(entry.record?.history) && Array.isArray(entry.record?.evals)) return entry.record
  } catch { /* corrupt: fall through */ }
  rmSync(path, { force: true }) // corrupt or foreign: recompute
  return undefined
}

export function writeCachedRun(key: string, record: RunRecord, dir = cacheDir()): void {
  mkdirSync(dir, { recursive: true })
  const path = join(dir, `${key}.json`)
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  writeFileSync(tmp, JSON.stringify({ key, record } satisfies CacheEntry, encode))
  renameSync(tmp, path)
}
