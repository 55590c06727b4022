// The JSON report: one file per ablation, <outputDir>/<slug>.json, holding every HypothesisResult
// (all figures the table prints, plus per-seed values and curves) and, once for the ablation rather
// than in each result, the list of its runs (arm, seed, run key) that `npm run publish-runs` reads. Written atomically:
// a temp file in the same directory, then rename(2), so a reader never sees half a report.

import { randomBytes } from 'node:crypto'
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { distinct } from './format.js'
import { ablationRuns, type AblationGroup, type RunCounts } from './render.js'
import type { HypothesisResult, RunRef } from './types.js'

export interface AblationReport {
  ablation: string
  /** ISO 8601 time the report was written. */
  generatedAt: string
  organism: string
  backend: string
  engineVersion: string
  /** Runs behind the ablation: element-wise max over its hypotheses (they share runs), and the list of them. */
  runs: RunCounts
  /** What the summary line prints as wall time (ms), null if vitest did not measure it. */
  wallTimeMs: number | null
  hypotheses: HypothesisResult[]
}

/** File-name slug: "Clip-Higher ε (DAPO)" -> "clip-higher-e-dapo"; never empty. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '')
  return slug === '' ? 'ablation' : slug
}

/** The union of the results' run lists (by arm and seed; empty when every arm read files), or nothing when none has one. */
function runList(rs: readonly HypothesisResult[]): { list?: RunRef[] } {
  const all = new Map<string, RunRef>()
  for (const r of rs) for (const run of r.runs?.list ?? []) all.set(`${run.arm}\u0000${run.seed}`, run)
  return rs.some((r) => Array.isArray(r.runs?.list)) ? { list: [...all.values()] } : {}
}

export function buildAblationReport(group: AblationGroup, generatedAt: Date | string = new Date()): AblationReport {
  const rs = group.results
  return {
    ablation: group.ablation,
    generatedAt: typeof generatedAt === 'string' ? generatedAt : generatedAt.toISOString(),
    organism: distinct(rs.map((r) => r.organism), ''),
    backend: distinct(rs.map((r) => r.backend), ''),
    engineVersion: distinct(rs.map((r) => r.engineVersion), ''),
    runs: { ...ablationRuns(rs), ...runList(rs) },
    wallTimeMs: group.wallTimeMs !== undefined && Number.isFinite(group.wallTimeMs) ? Math.round(group.wallTimeMs) : null,
    hypotheses: rs.map(({ runs: { list: _list, ...counts }, ...r }) => ({ ...r, runs: counts })),
  }
}

/** Writes `data` to `path` via a temp file in the same directory + rename. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  try {
    await writeFile(tmp, data, 'utf8')
    await rename(tmp, path)
  } catch (err) {
    await unlink(tmp).catch(() => {})
    throw err
  }
}

/** Slugs for the groups, de-duplicated in order ("x", "x-2", ...). */
export function reportFileNames(groups: readonly AblationGroup[]): string[] {
  const used = new Set<string>()
  return groups.map((g) => {
    const base = slugify(g.ablation)
    let name = base
    for (let i = 2; used.has(name); i++) name = `${base}-${i}`
    used.add(name)
    return `${name}.json`
  })
}

export interface WriteReportsOptions {
  /** Timestamp for generatedAt (default: now). */
  now?: Date
}

/** Writes one JSON report per ablation into `dir` (created if missing). Returns the file paths. */
export async function writeAblationReports(
  groups: readonly AblationGroup[],
  dir: string,
  options: WriteReportsOptions = {},
): Promise<string[]> {
  if (groups.length === 0) return []
  await mkdir(dir, { recursive: true })
  const now = options.now ?? new Date()
  const names = reportFileNames(groups)
  return Promise.all(
    groups.map(async (g, i) => {
      const path = join(dir, names[i])
      await writeFileAtomic(path, `${JSON.stringify(buildAblationReport(g, now), null, 2)}\n`)
      return path
    }),
  )
}
