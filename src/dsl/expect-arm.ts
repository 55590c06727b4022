// expectArm(X).on(metric, where?).toBeLessThan(Y): builds a comparison definition. Nothing is
// computed here; arguments are checked at once so a mistake fails when the spec is collected.
import { SpecError } from './errors.js'
import { metricDef, metricNames, type CustomMetric, type MetricAt } from '../metrics/registry.js'
import type { ArmRef, ComparisonDef, ComparisonKind, ComparisonOptions, MetricRef, MinEffect, PairedTestKind } from './spec.js'

/**
 * Where to read the metric: final (default), at one step, or averaged over a step range. Also:
 * `test` ('t' or 'sign') overrides the ablation's test for this comparison; `aboutCollapse: true`
 * declares a hypothesis about collapse (collapsed control runs then do not make it 'invalid control').
 */
export type OnOptions = { step?: number; meanOverSteps?: [number, number]; label?: string; test?: PairedTestKind; aboutCollapse?: true }

/** The comparison options of `on(metric, where)`, checked; undefined when none is given. */
export function comparisonOptions(where: OnOptions): ComparisonOptions | undefined {
  if (where.test !== undefined && where.test !== 't' && where.test !== 'sign') {
    throw new SpecError('RLVR_BAD_OPTION', `test must be 't' or 'sign', got ${JSON.stringify(where.test)}`, [])
  }
  if (where.aboutCollapse !== undefined && where.aboutCollapse !== true) {
    throw new SpecError('RLVR_BAD_OPTION', `aboutCollapse must be true (or left out), got ${JSON.stringify(where.aboutCollapse)}`, [])
  }
  const o: ComparisonOptions = {}
  if (where.test !== undefined) o.test = where.test
  if (where.aboutCollapse) o.aboutCollapse = true
  return Object.keys(o).length ? o : undefined
}

function assertArm(x: unknown, role: string): asserts x is ArmRef {
  if (!x || typeof x !== 'object' || (x as ArmRef).kind !== 'arm') {
    throw new SpecError('RLVR_NOT_AN_ARM', `${role} is not an arm (got ${typeof x === 'object' ? JSON.stringify(x) : String(x)})`, [],
      "pass the value returned by arm('name', overrides) in the same ablation")
  }
}

function checkMinEffect(m: MinEffect | undefined): MinEffect | undefined {
  if (m === undefined) return m
  const v = 'difference' in m ? m.difference : (m as { standardized: number }).standardized
  if (typeof v !== 'number' || !(v >= 0)) {
    throw new SpecError('RLVR_BAD_OPTION', `minimum effect ${JSON.stringify(m)} must be { difference: d } or { standardized: g } with a number >= 0`, [])
  }
  return m
}

export function expectArm(arm: ArmRef) {
  assertArm(arm, 'expectArm(arm)')
  return {
    on(metric: string | CustomMetric, where: OnOptions = {}) {
      let at: MetricAt = { final: true }
      if (where.step !== undefined && where.meanOverSteps !== undefined) {
        throw new SpecError('RLVR_BAD_OPTION', 'give either step or meanOverSteps, not both', [])
      }
      if (where.step !== undefined) {
        if (!Number.isInteger(where.step) || where.step < 0) throw new SpecError('RLVR_BAD_OPTION', `step must be an integer >= 0, got ${where.step}`, [])
        at = { step: where.step }
      } else if (where.meanOverSteps !== undefined) {
        const [a, b] = where.meanOverSteps
        if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < a) {
          throw new SpecError('RLVR_BAD_OPTION', `meanOverSteps must be [first, last] with 0 <= first <= last, got [${a}, ${b}]`, [])
        }
        at = { meanOverSteps: [a, b] }
      }
      let ref: MetricRef
      if (typeof metric === 'function') ref = { name: `custom:${where.label ?? (metric.name || 'metric')}`, custom: metric, at }
      else {
        const def = metricDef(metric)
        if (!def) throw new SpecError('RLVR_UNKNOWN_METRIC', `unknown metric '${metric}'`, [], `known metrics: ${metricNames().join(', ')}; or pass a function (run) => number`)
        ref = { name: metric, def, at }
      }
      const options = comparisonOptions(where)
      const withOptions = (c: ComparisonKind): ComparisonDef => {
        if (options?.test === 'sign' && (c.kind === 'equivalent' || c.kind === 'unchanged')) {
          throw new SpecError('RLVR_BAD_OPTION', `test: 'sign' does not apply to ${c.kind === 'equivalent' ? 'toBeEquivalentTo' : 'toBeUnchanged'} (an equivalence test, TOST)`, [], "drop test: 'sign' here")
        }
        if (options?.test === 'sign' && 'minEffect' in c && c.minEffect) {
          throw new SpecError('RLVR_BAD_OPTION', `test: 'sign' tests the share of seeds, not a minimum effect ${JSON.stringify(c.minEffect)}`, [], "drop the minimum effect, or use test: 't'")
        }
        return options ? { ...c, options } : c
      }
      const two = (kind: 'greater' | 'less', other: ArmRef, minEffect?: MinEffect): ComparisonDef => {
        assertArm(other, `the arm compared with '${arm.name}'`)
        return withOptions({ kind, arm, other, metric: ref, minEffect: checkMinEffect(minEffect) })
      }
      return {
        /** The arm's metric is larger than the other arm's (optionally by a minimum effect). */
        toBeGreaterThan: (other: ArmRef, minEffect?: MinEffect) => two('greater', other, minEffect),
        toBeLessThan: (other: ArmRef, minEffect?: MinEffect) => two('less', other, minEffect),
        /** The two arms differ by less than margin (two one-sided tests). */
        toBeEquivalentTo(other: ArmRef, opts: { margin: number }): ComparisonDef {
          assertArm(other, `the arm compared with '${arm.name}'`)
          if (!(opts?.margin > 0)) throw new SpecError('RLVR_BAD_OPTION', `toBeEquivalentTo needs { margin } > 0, got ${JSON.stringify(opts)}`, [])
          return withOptions({ kind: 'equivalent', arm, other, metric: ref, margin: opts.margin })
        },
        /** The metric rises from its pre-training value (paired per seed). */
        toIncrease: (minEffect?: MinEffect): ComparisonDef => withOptions({ kind: 'increase', arm, metric: ref, minEffect: checkMinEffect(minEffect) }),
        toDecrease: (minEffect?: MinEffect): ComparisonDef => withOptions({ kind: 'decrease', arm, metric: ref, minEffect: checkMinEffect(minEffect) }),
        /** The metric stays within ±margin of its pre-training value (equivalence, paired per seed). */
        toBeUnchanged(opts: { margin: number }): ComparisonDef {
          if (!(opts?.margin > 0)) throw new SpecError('RLVR_BAD_OPTION', `toBeUnchanged needs { margin } > 0, got ${JSON.stringify(opts)}`, [])
          return withOptions({ kind: 'unchanged', arm, metric: ref, margin: opts.margin })
        },
        /** The mean over seeds is above an absolute bound (one-sample t-test). */
        toBeAbove: (bound: number): ComparisonDef => withOptions({ kind: 'above', arm, metric: ref, bound }),
        toBeBelow: (bound: number): ComparisonDef => withOptions({ kind: 'below', arm, metric: ref, bound }),
      }
    },
  }
}
