// sweep(name, { param: [values] }, build): one arm per value; expectSweep(S) states a trend along it
// or where two sweeps cross. The seed's open question, where along the continuum from clean to random
// reward Clip-Higher stops helping, is two sweeps and one expectation:
//
//   const std = sweep('standard', { q: [0, 0.25, 0.5, 0.75, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', q } }))
//   const hi  = sweep('clip-higher', { q: [0, 0.25, 0.5, 0.75, 1] }, (q) => ({ reward: { kind: 'noisy-verifier', q }, epsilonHigh: 0.28 }))
//   hypothesis('Clip-Higher stops helping somewhere', () => expectSweep(hi).on('accuracy').toCrossOver(std))
import { arm } from './arm.js'
import { sweepArmName } from '../util/sweep-arm-name.js'
import { SpecError, callerLocation } from './errors.js'
import { expectArm, type OnOptions } from './expect-arm.js'
import type { CustomMetric } from '../metrics/registry.js'
import type { ArmOverrides, ComparisonDef, CrossoverEnds, NoExtraKeys, SweepRef } from './spec.js'

export function sweep<O extends ArmOverrides>(name: string, grid: Record<string, number[]>, build: (value: number) => O & NoExtraKeys<O, ArmOverrides>): SweepRef {
  const keys = Object.keys(grid ?? {})
  const where = [callerLocation(), `sweep '${name}'`]
  if (keys.length !== 1) throw new SpecError('RLVR_BAD_OPTION', `a sweep varies exactly one parameter, got ${keys.length} (${keys.join(', ')})`, where, "write sweep(name, { q: [0, 0.5, 1] }, (q) => ({ ... }))")
  const param = keys[0], values = grid[param]
  if (!Array.isArray(values) || values.length < 2 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new SpecError('RLVR_BAD_OPTION', `sweep values of '${param}' must be >= 2 finite numbers, got ${JSON.stringify(values)}`, where)
  }
  if (new Set(values).size !== values.length) throw new SpecError('RLVR_BAD_OPTION', `sweep values of '${param}' repeat`, where)
  const arms = values.map((v) => arm(sweepArmName(name, param, v), build(v)))
  return Object.freeze({ kind: 'sweep', name, param, values: [...values], arms, ablationId: arms[0].ablationId })
}

export function expectSweep(s: SweepRef) {
  if (!s || s.kind !== 'sweep') throw new SpecError('RLVR_NOT_AN_ARM', 'expectSweep needs the value returned by sweep(...)', [])
  return {
    on(metric: string | CustomMetric, where: OnOptions = {}) {
      const { metric: ref, options } = expectArm(s.arms[0]).on(metric, where).toIncrease()
      return {
        /** The metric rises (or falls) with the swept value. */
        toBeMonotone: (direction: 'increasing' | 'decreasing'): ComparisonDef => {
          if (direction !== 'increasing' && direction !== 'decreasing') throw new SpecError('RLVR_BAD_OPTION', `toBeMonotone takes 'increasing' or 'decreasing', got ${String(direction)}`, [])
          return { kind: 'monotone', arm: s.arms[0], sweep: s, direction, metric: ref, ...(options ? { options } : {}) }
        },
        /**
         * This sweep's metric minus the other's changes sign between the low and the high end of the
         * swept values: significant one way at the low end and the other way at the high end
         * (intersection-union test). `start: 'above'` declares that this sweep starts above the other
         * (and ends below; 'below' the reverse); undeclared, either way counts. `ends` averages each
         * end over pre-declared swept values instead of taking the first and the last.
         */
        toCrossOver: (other: SweepRef, opts: { start?: 'above' | 'below'; ends?: CrossoverEnds } = {}): ComparisonDef => {
          if (!other || other.kind !== 'sweep') throw new SpecError('RLVR_NOT_AN_ARM', 'toCrossOver needs another sweep', [])
          if (other.param !== s.param || other.values.join() !== s.values.join()) {
            throw new SpecError('RLVR_BAD_OPTION', `sweeps '${s.name}' and '${other.name}' must sweep the same values of the same parameter`, [])
          }
          if (opts.start !== undefined && opts.start !== 'above' && opts.start !== 'below') {
            throw new SpecError('RLVR_BAD_OPTION', `toCrossOver start must be 'above' or 'below', got ${JSON.stringify(opts.start)}`, [])
          }
          const ends = opts.ends === undefined ? undefined : checkEnds(opts.ends, s.values)
          return {
            kind: 'crossover', arm: s.arms[0], sweep: s, other: other.arms[0], otherSweep: other, metric: ref,
            ...(opts.start ? { start: opts.start } : {}), ...(ends ? { ends } : {}), ...(options ? { options } : {}),
          }
        },
      }
    },
  }
}

/** End regions: non-empty lists of swept values, every low value below every high value. */
function checkEnds(ends: CrossoverEnds, values: readonly number[]): CrossoverEnds {
  const ok = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((x) => values.includes(x))
  if (!ends || !ok(ends.low) || !ok(ends.high)) {
    throw new SpecError('RLVR_BAD_OPTION', `toCrossOver ends must be { low: [...], high: [...] } of swept values (${values.join(', ')}), got ${JSON.stringify(ends)}`, [])
  }
  if (Math.max(...ends.low) >= Math.min(...ends.high)) {
    throw new SpecError('RLVR_BAD_OPTION', `toCrossOver ends: every low value must lie below every high value, got ${JSON.stringify(ends)}`, [])
  }
  return { low: [...ends.low], high: [...ends.high] }
}
