// Majority-vote pseudo-labels (Spurious Rewards): for every training prompt, the most common answer
// of the *pre-RL* policy over `samples` completions, computed once and cached on disk.
//
// Determinism: sampling draws from a fixed stream, makeRng(0, 'majority-labels'), independent of
// the run's seed, so every arm and seed of an ablation sees the same labels. Prompts are sampled in
// train order, in chunks of whole prompts (at most CHUNK_ROWS rows per policy.sample call).
//
// Cache: one JSON file per (organism spec, backend, samples, temperature, LABELS_VERSION), named by
// the sha256 of their canonical JSON, under RLVR_CACHE_DIR/labels (default .rlvr-cache/labels).
// Written atomically (temp file + rename); a file that does not parse, does not match its key or
// does not fit the task is deleted and recomputed. Bump LABELS_VERSION (and ENGINE_VERSION, since
// run keys do not include it) whenever a change can alter the labels.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { BackendName } from '../engine/backend.js'
import type { Policy } from '../engine/policy.js'
import type { Task } from '../organisms/task.js'
import { canonicalJson, sha256 } from '../util/hash.js'
import { makeRng } from '../util/rng.js'

/** Part of every label key: bump when the computation below changes. */
export const LABELS_VERSION = 'majority-labels/1'
/** Rows per policy.sample call (whole prompts per chunk); part of the algorithm, so fixed. */
const CHUNK_ROWS = 4096

/** RLVR_CACHE_DIR/labels, else .rlvr-cache/labels under the working directory. */
export function labelsCacheDir(): string {
  return resolve(process.env.RLVR_CACHE_DIR ?? join(process.cwd(), '.rlvr-cache'), 'labels')
}

export interface MajorityOptions {
  /** Completions per prompt (the paper: 64). */
  samples: number
  /** Sampling temperature of the pre-RL policy. */
  temperature: number
}

export interface MajorityContext {
  task: Task
  /** The policy before RL. */
  policy: Policy
  backend: BackendName
  /** The resolved organism spec (any JSON value that identifies task + initial policy). */
  organismSpec: unknown
  /** Cache directory; default labelsCacheDir(). */
  labelsDir?: string
}

export interface MajorityLabels {
  /** labels[i]: majority answer for task.train[i]; null when no sample had a readable answer. */
  labels: (string | null)[]
  /** share[i]: fraction of the samples of task.train[i] that gave labels[i] (0 when null). */
  share: number[]
  key: string
  path: string
  source: 'cache' | 'computed'
}

interface LabelsFile {
  key: string
  version: string
  samples: number
  temperature: number
  backend: BackendName
  labels: (string | null)[]
  share: number[]
}

/** Content address of a label set. */
export function labelsKey(organismSpec: unknown, backend: BackendName, o: MajorityOptions): string {
  return sha256(canonicalJson({ version: LABELS_VERSION, organism: organismSpec, backend, samples: o.samples, temperature: o.temperature }))
}

/** The most common non-null answer; ties go to the answer seen first. null if all are null. */
export function majorityOf(answers: Iterable<string | null>): { label: string | null; count: number } {
  const counts = new Map<string, number>() // iterates in first-seen order
  for (const a of answers) if (a !== null) counts.set(a, (counts.get(a) ?? 0) + 1)
  let label: string | null = null, count = 0
  for (const [a, c] of counts) if (c > count) { label = a; count = c } // strictly greater: the earlier answer keeps a tie
  return { label, count }
}

/** Sample the policy `samples` times per training prompt and take each prompt's majority answer. */
export function computeMajorityLabels(policy: Policy, task: Task, o: MajorityOptions): { labels: (string | null)[]; share: number[] } {
  const rng = makeRng(0, 'majority-labels')
  const P = task.promptLength, S = o.samples
  const perChunk = Math.max(1, Math.floor(CHUNK_ROWS / S))
  const labels: (string | null)[] = [], share: number[] = []
  for (let lo = 0; lo < task.train.length; lo += perChunk) {
    const chunk = task.train.slice(lo, lo + perChunk)
    const B = chunk.length * S
    const prompts = new Int32Array(B * P)
    for (let b = 0; b < B; b++) prompts.set(chunk[Math.floor(b / S)].prompt, b * P)
    const roll = policy.sample(prompts, B, { temperature: o.temperature, rng })
    const L = roll.length
    chunk.forEach((problem, j) => {
      const answers = Array.from({ length: S }, (_, s) => {
        const b = j * S + s
        return task.parse(problem, roll.tokens.subarray(b * L, (b + 1) * L)).answer
      })
      const m = majorityOf(answers)
      labels.push(m.label)
      share.push(m.count / S)
    })
  }
  return { labels, share }
}

/** The cached labels for this organism/backend/options, computing (and caching) them if needed. */
export function majorityLabels(ctx: MajorityContext, o: MajorityOptions): MajorityLabels {
  const dir = ctx.labelsDir ?? labelsCacheDir()
  const key = labelsKey(ctx.organismSpec, ctx.backend, o)
  const path = join(dir, `${key}.json`)
  const hit = readLabels(path, key, ctx.task.train.length)
  if (hit) return { labels: hit.labels, share: hit.share, key, path, source: 'cache' }
  const { labels, share } = computeMajorityLabels(ctx.policy, ctx.task, o)
  mkdirSync(dir, { recursive: true })
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  const file: LabelsFile = { key, version: LABELS_VERSION, samples: o.samples, temperature: o.temperature, backend: ctx.backend, labels, share }
  writeFileSync(tmp, JSON.stringify(file))
  renameSync(tmp, path)
  return { labels, share, key, path, source: 'computed' }
}

function readLabels(path: string, key: string, n: number): LabelsFile | undefined {
  let text: string
  try { text = readFileSync(path, 'utf8') } catch { return undefined }
  try {
    const f = JSON.parse(text) as LabelsFile
    if (f.key === key && Array.isArray(f.labels) && f.labels.length === n && Array.isArray(f.share) && f.share.length === n &&
      f.labels.every((l) => l === null || typeof l === 'string') && f.share.every((s) => typeof s === 'number')) return f
  } catch { /* corrupt: fall through */ }
  rmSync(path, { force: true }) // corrupt or foreign: recompute
  return undefined
}
