// Every branch of the verdict rule in src/stats/decide.ts.
import { describe, expect, it } from 'vitest'
import { decide, type DecideInput } from '../src/stats/index.js'

const base: DecideInput = { direction: 'greater', p: 0.01, pOpposite: 0.99, diff: 2, ci: { lo: 0.5, hi: 3.5 } }

/** The same evidence for the mirrored claim 'a is below b' (all differences negated). */
function mirror(i: DecideInput): DecideInput {
  const m: DecideInput = { ...i, direction: 'less', diff: -i.diff, ci: { lo: -i.ci.hi, hi: -i.ci.lo } }
  if (i.minEffect && 'standardized' in i.minEffect) {
    const e = i.minEffect
    m.minEffect = { standardized: e.standardized, g: -e.g, ci: { lo: -e.ci.hi, hi: -e.ci.lo } }
  }
  return m
}

/**
 * Check a case in both orientations. The reason quotes the numbers as the table shows them
 * (mean(a) - mean(b)), so the mirrored case has its own reason (`mirrored`; default the same).
 */
function expectVerdict(i: DecideInput, verdict: string, reason?: RegExp, mirrored = reason) {
  for (const [input, r] of [[i, reason], [mirror(i), mirrored]] as const) {
    const d = decide(input)
    expect(d.verdict).toBe(verdict)
    if (r) expect(d.reason).toMatch(r)
  }
}

describe('decide', () => {
  it('supported: p < alpha, one-sided bound > 0, no minimum effect', () => {
    expectVerdict(base, 'supported', /p=0\.01 < 0\.05, difference lower bound 0\.5 > 0/,
      /p=0\.01 < 0\.05, difference upper bound -0\.5 < 0/)
  })

  it('supported with a raw minimum effect met by the point estimate (bound need only exclude 0)', () => {
    expectVerdict({ ...base, minEffect: { difference: 1.5 } }, 'supported', /effect 2 >= minimum 1\.5/, /effect -2 <= minimum -1\.5/)
  })

  it('supported with a standardized minimum effect judged on g', () => {
    expectVerdict({ ...base, minEffect: { standardized: 0.5, g: 0.9, ci: { lo: 0.2, hi: 1.6 } } }, 'supported', /g 0\.9 >= minimum 0\.5/, /g -0\.9 <= minimum -0\.5/)
  })

  it('inconclusive: significant, but the point estimate is below the minimum and the CI still reaches it', () => {
    expectVerdict({ ...base, minEffect: { difference: 2.5 } }, 'inconclusive', /effect 2 < minimum 2\.5/, /effect -2 > minimum -2\.5/)
  })

  it('inconclusive: p < alpha but the interval bound does not exclude 0 (e.g. a disagreeing bootstrap CI)', () => {
    expectVerdict({ ...base, ci: { lo: -0.1, hi: 3.5 } }, 'inconclusive', /difference lower bound -0\.1 <= 0/, /difference upper bound 0\.1 >= 0/)
  })

  it('inconclusive: not significant, interval straddles 0', () => {
    expectVerdict({ ...base, p: 0.2, pOpposite: 0.8, diff: 0.5, ci: { lo: -0.5, hi: 1.5 } }, 'inconclusive', /p=0\.2 >= 0\.05/)
  })

  it('refuted: significant in the opposite direction', () => {
    expectVerdict({ ...base, p: 0.995, pOpposite: 0.005, diff: -2, ci: { lo: -3.5, hi: -0.5 } }, 'refuted', /opposite direction: pOpposite=0\.005/)
  })

  it('refuted: whole interval below the claimed raw minimum effect, even though significant', () => {
    // A real but too-small improvement: 2 with CI [0.5, 3.5] against a claimed minimum of 4.
    expectVerdict({ ...base, minEffect: { difference: 4 } }, 'refuted', /interval of effect ends at 3\.5 < minimum 4/, /interval of effect ends at -3\.5 > minimum -4/)
  })

  it('refuted: interval of g below the standardized minimum effect', () => {
    expectVerdict({ ...base, minEffect: { standardized: 0.8, g: 0.4, ci: { lo: 0.1, hi: 0.7 } } }, 'refuted', /interval of g ends at 0\.7 < minimum 0\.8/, /interval of g ends at -0\.7 > minimum -0\.8/)
  })

  it('refuted without a minimum effect when the whole interval is on the wrong side of 0', () => {
    // p-values from a different test than the interval: the interval alone decides here.
    expectVerdict({ ...base, p: 0.9, pOpposite: 0.1, diff: -1, ci: { lo: -2, hi: -0.1 } }, 'refuted', /ends at -0\.1 < minimum 0/, /ends at 0\.1 > minimum 0/)
  })

  it('inconclusive when any input is NaN (too few seeds)', () => {
    expectVerdict({ ...base, p: NaN, pOpposite: NaN }, 'inconclusive', /undefined statistic/)
    expectVerdict({ ...base, ci: { lo: NaN, hi: NaN } }, 'inconclusive', /undefined statistic/)
    expectVerdict({ ...base, minEffect: { standardized: 0.5, g: NaN, ci: { lo: NaN, hi: NaN } } }, 'inconclusive', /undefined statistic/)
  })

  it('inconclusive when both rules fire (an estimate outside its own interval)', () => {
    expectVerdict({ ...base, minEffect: { standardized: 0.5, g: 0.9, ci: { lo: 0.1, hi: 0.4 } } }, 'inconclusive', /conflicting/)
  })

  it('respects alpha', () => {
    expect(decide({ ...base, p: 0.03, alpha: 0.01 }).verdict).toBe('inconclusive')
    expect(decide({ ...base, p: 0.03, alpha: 0.05 }).verdict).toBe('supported')
  })

  it('throws on contract violations, naming the argument', () => {
    expect(() => decide({ ...base, p: 0.01, pOpposite: 0.01 })).toThrow(/decide: p .* and pOpposite .* are both below alpha/)
    expect(() => decide({ ...base, ci: { lo: 3, hi: 1 } })).toThrow(/decide: ci must have lo <= hi/)
    expect(() => decide({ ...base, p: 1.5 })).toThrow(/decide: p must be in \[0, 1\]/)
    expect(() => decide({ ...base, minEffect: { difference: -1 } })).toThrow(/decide: minimum effect/)
    expect(() => decide({ ...base, alpha: 0 })).toThrow(/decide: alpha/)
    expect(() => decide({ ...base, direction: 'two-sided' as 'greater' })).toThrow(/decide: direction/)
  })
})
