// Gathers HypothesisResults from vitest's reported tasks after the run. Only uses what survives a
// `vitest --merge-reports` of shard blobs: test meta, test names and vitest's recorded durations.

import type { AblationGroup } from './render.js'
import { META_KEY, type HypothesisResult } from './types.js'

/** The slice of vitest's TestCase this module reads. */
export interface TestCaseLike {
  readonly name: string
  meta(): { [META_KEY]?: HypothesisResult }
  diagnostic(): { readonly duration: number } | undefined
}

/** The slice of vitest's TestModule this module reads. */
export interface TestModuleLike {
  readonly moduleId: string
  readonly children: { allTests(): Iterable<TestCaseLike> }
  diagnostic(): { readonly duration: number }
}

export interface CollectedRow {
  result: HypothesisResult
  testName: string
  moduleId: string
  /** vitest's duration of the test itself (hooks excluded), ms. */
  durationMs: number | undefined
}

export interface Collected {
  rows: CollectedRow[]
  groups: AblationGroup[]
  /** Tests whose meta.rlvr is present but not shaped like a HypothesisResult. */
  invalid: { testName: string; moduleId: string }[]
}

const VERDICTS = new Set(['supported', 'refuted', 'inconclusive', 'invalid control', 'error'])

/** Shallow shape check: enough for the renderer not to crash on a hand-written meta. */
export function isHypothesisResult(x: unknown): x is HypothesisResult {
  if (typeof x !== 'object' || x === null) return false
  const r = x as Record<string, unknown>
  return (
    typeof r.ablation === 'string' &&
    typeof r.hypothesis === 'string' &&
    typeof r.metric === 'string' &&
    typeof r.verdict === 'string' &&
    VERDICTS.has(r.verdict) &&
    Array.isArray(r.arms) &&
    r.arms.every((a) => typeof a === 'object' && a !== null && Array.isArray((a as { seeds?: unknown }).seeds))
  )
}

function finite(x: number | undefined): number | undefined {
  return x !== undefined && Number.isFinite(x) ? x : undefined
}

/**
 * Rows in module order then test order; groups by ablation in order of first appearance.
 *
 * Wall time of an ablation: for a module whose results all belong to one ablation, the module's
 * duration (tests + hooks, so runs trained in beforeAll count); for a module mixing ablations,
 * each test's own duration goes to its ablation. Summed over modules.
 */
export function collectResults(testModules: Iterable<TestModuleLike>): Collected {
  const rows: CollectedRow[] = []
  const invalid: Collected['invalid'] = []
  const wall = new Map<string, number>()
  const order: string[] = []
  const byAblation = new Map<string, HypothesisResult[]>()

  for (const mod of testModules) {
    const modRows: CollectedRow[] = []
    for (const test of mod.children.allTests()) {
      const meta = test.meta()?.[META_KEY]
      if (meta === undefined) continue
      if (!isHypothesisResult(meta)) {
        invalid.push({ testName: test.name, moduleId: mod.moduleId })
        continue
      }
      modRows.push({
        result: meta,
        testName: test.name,
        moduleId: mod.moduleId,
        durationMs: finite(test.diagnostic()?.duration),
      })
    }
    if (modRows.length === 0) continue
    rows.push(...modRows)
    for (const row of modRows) {
      const a = row.result.ablation
      if (!byAblation.has(a)) {
        byAblation.set(a, [])
        order.push(a)
      }
      byAblation.get(a)!.push(row.result)
    }

    const ablations = new Set(modRows.map((r) => r.result.ablation))
    const moduleMs = finite(mod.diagnostic()?.duration)
    if (ablations.size === 1 && moduleMs !== undefined && moduleMs > 0) {
      const a = modRows[0].result.ablation
      wall.set(a, (wall.get(a) ?? 0) + moduleMs)
    } else {
      for (const row of modRows) {
        if (row.durationMs === undefined) continue
        const a = row.result.ablation
        wall.set(a, (wall.get(a) ?? 0) + row.durationMs)
      }
    }
  }

  const groups: AblationGroup[] = order.map((ablation) => ({
    ablation,
    results: byAblation.get(ablation)!,
    wallTimeMs: wall.get(ablation),
  }))
  return { rows, groups, invalid }
}
