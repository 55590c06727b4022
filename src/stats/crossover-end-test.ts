import type { EndPValues } from './crossover-test.js'
import { pairedTTest } from './paired-t-test.js'
import { signTest } from './sign-test.js'
import type { Interval } from './types.js'
import { welchTTest } from './welch-t-test.js'

/** Result of {@link crossoverEndTest}: the end's one-sided p-values, and the t-based difference. */
export interface CrossoverEndTest extends EndPValues {
  /** Mean difference first - second at this end (from the t test, also when the p-values are the sign test's). */
  diff: number
  /** Its t interval at `level` (the 'greater' test's). */
  ci: Interval
}

/**
 * One end of a crossover, the input of crossoverTest: per seed, each condition's mean over the
 * end's positions (one position: the value there; a pre-declared end region: their mean), then
 * first - second tested both ways, by a paired t test (`paired`, the seeds shared by the two
 * conditions) or Welch's t test, or by the exact sign test of the per-seed differences (`test:
 * 'sign'`, paired only). first[j] / second[j] hold the per-seed values at position j. Throws on an
 * empty or out-of-range position list; the tests check the values.
 *
 * Reference: Berger 1982 (the intersection-union test the ends feed), see crossoverTest.
 *
 * @example
 * // two positions, three seeds; the end is position 0: first - second = 0.5, 0.25, 0.75
 * crossoverEndTest([[1.5, 1.25, 1.75], [0, 0, 0]], [[1, 1, 1], [1, 1, 1]], [0], { paired: true })
 * // { pGreater: 0.0371, pLess: 0.9629, diff: 0.5, ci: { lo: -0.121, hi: 1.121 } }
 */
export function crossoverEndTest(
  first: readonly (readonly number[])[], second: readonly (readonly number[])[], positions: readonly number[],
  opts: { paired: boolean; test?: 't' | 'sign'; level?: number },
): CrossoverEndTest {
  if (!positions.length || positions.some((j) => !Number.isInteger(j) || j < 0 || j >= first.length || j >= second.length)) {
    throw new RangeError(`crossoverEndTest: positions must be a non-empty list of indices below ${Math.min(first.length, second.length)} (got [${positions.join(', ')}])`)
  }
  if (opts.test === 'sign' && !opts.paired) throw new RangeError("crossoverEndTest: test 'sign' needs paired seeds (paired: true)")
  const endOf = (cond: readonly (readonly number[])[]) => cond[positions[0]].map((_v, i) => positions.reduce((a, j) => a + cond[j][i], 0) / positions.length)
  const a = endOf(first), b = endOf(second)
  const t = (alt: 'greater' | 'less') => (opts.paired ? pairedTTest(a, b, alt, { level: opts.level }) : welchTTest(a, b, alt, { level: opts.level }))
  const g = t('greater'), l = t('less')
  const ps: EndPValues = opts.test === 'sign' ? (({ pGreater, pLess }) => ({ pGreater, pLess }))(signTest(a.map((v, i) => v - b[i]))) : { pGreater: g.p, pLess: l.p }
  return { ...ps, diff: g.diff, ci: g.ci }
}
