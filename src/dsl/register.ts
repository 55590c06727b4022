// ablation() compiles to a vitest describe, each hypothesis and claim to an it. The definition is
// built (and checked) while the file is collected (collect-ablation.ts); training happens once per
// ablation, when its first test runs, and every hypothesis of the ablation is then judged together
// (judge.ts). This is the only DSL file that imports vitest: test modes, the provided policy, the
// snapshot update mode, and the baseline flags live here.
import { describe, expect, inject, it } from 'vitest'
import { META_KEY, type HypothesisResult } from '../report/types.js'
import { attachBaselines } from '../report/baselines.js'
import { collectAblation } from './collect-ablation.js'
import type { RlvrPolicy } from './control-kinds.js'
import { errorResult, someResult } from './error-result.js'
import { callerLocation, SpecError } from './errors.js'
import { judge } from './judge.js'
import type { AblationBase, AblationDef, Mode } from './spec.js'
import { assertVerdict } from './verdict-assertion.js'

declare module 'vitest' {
  interface ProvidedContext {
    rlvr: RlvrPolicy
  }
}

type Body = () => void

/** The results of one judging pass, and what went wrong with the baseline file, if anything. */
interface Judged { results: Map<number, HypothesisResult | Error>; baselineError?: Error }

function defineAblation(mode: Mode, name: string, base: AblationBase, body: Body): void {
  const def = collectAblation(name, base, body, callerLocation(), providedPolicy())
  const register = mode === 'skip' ? describe.skip : mode === 'only' ? describe.only : describe
  register(name, () => {
    let results: Promise<Judged> | undefined
    const judged = () => (results ??= judge(def).then((r) => withBaselines(def, r)))
    // Hypotheses and claims share one id space and one judging pass.
    for (const h of [...def.hypotheses, ...def.claims]) {
      const test = h.mode === 'skip' ? it.skip : h.mode === 'only' ? it.only : it
      test(h.name, async (ctx) => {
        let all: Judged | undefined
        let r: HypothesisResult | Error
        try {
          all = await judged()
          r = all.results.get(h.id) ?? new Error(`no result was computed for '${h.name}'`)
        } catch (e) { r = e instanceof Error ? e : new Error(String(e)) }
        // An evaluation error is a row too (verdict 'error'), and the test fails with the error.
        if (r instanceof Error) {
          ctx.task.meta[META_KEY] = errorResult(def, h, r, all && someResult(all.results))
          throw r
        }
        ctx.task.meta[META_KEY] = r
        if (all?.baselineError) throw all.baselineError
        if (r.baseline?.status === 'regression') {
          throw new SpecError('RLVR_MECHANISM_REGRESSION', `${r.hypothesis}: ${r.baseline.message}`, [def.file, `ablation '${def.name}'`],
            `if the change is intended, rewrite this file's baseline with \`npx vitest run ${specFile(def)} -u\` (or RLVR_UPDATE_BASELINES=1) and commit it`)
        }
        assertVerdict(r, def, ctx.skip)
      })
    }
  })
}

/** The policy vitest.config.ts provides (`test.provide.rlvr`); nothing outside a vitest worker. */
function providedPolicy(): RlvrPolicy {
  try { return inject('rlvr') ?? {} } catch { return {} }
}

/** vitest -u (snapshot update mode 'all') or RLVR_UPDATE_BASELINES=1 rewrites baselines. */
function updateMode(): boolean {
  if (process.env.RLVR_UPDATE_BASELINES === '1') return true
  const state = (expect.getState() as { snapshotState?: { snapshotUpdateState?: string } }).snapshotState
  return state?.snapshotUpdateState === 'all'
}

/** The spec file of an ablation, without the line: what `npx vitest run <file>` takes. */
const specFile = (def: AblationDef) => def.file.replace(/:\d+$/, '')

/** Attach each result's baseline check (RLVR_BASELINES=off skips them). */
async function withBaselines(def: AblationDef, results: Map<number, HypothesisResult | Error>): Promise<Judged> {
  if (process.env.RLVR_BASELINES === 'off') return { results }
  const all = [...def.hypotheses, ...def.claims]
  const unjudged = all.filter((h) => results.get(h.id) instanceof Error).map((h) => h.name)
  const baselineError = await attachBaselines(def.name, results.values(), { update: updateMode(), file: specFile(def), unjudged, declared: all.map((h) => h.name) })
  return baselineError ? { results, baselineError } : { results }
}

/** Declare an ablation: a vitest describe whose arms train on the GRPO engine. */
export const ablation = Object.assign(
  (name: string, base: AblationBase, body: Body) => defineAblation('run', name, base, body),
  {
    skip: (name: string, base: AblationBase, body: Body) => defineAblation('skip', name, base, body),
    only: (name: string, base: AblationBase, body: Body) => defineAblation('only', name, base, body),
  },
)
