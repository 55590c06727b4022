// The ablation options that choose statistics (test, validity), checked when the file is collected.
import { SpecError } from './errors.js'
import type { PairedTestKind } from './spec.js'

export const DEFAULT_VALIDITY_THRESHOLD = 0.95

export function checkStatisticsOptions(o: { test: unknown; validity: unknown }, where: string[]): { test: PairedTestKind; validity: { threshold: number } } {
  if (o.test !== 't' && o.test !== 'sign') {
    throw new SpecError('RLVR_BAD_OPTION', `test must be 't' or 'sign', got ${JSON.stringify(o.test)}`, [...where, 'field test'], "test: 'sign' tests the signs of the per-seed differences (docs/statistics.md)")
  }
  const v = o.validity ?? {}
  if (typeof v !== 'object' || v === null || Object.keys(v).some((k) => k !== 'threshold')) {
    throw new SpecError('RLVR_BAD_OPTION', `validity must be { threshold }, got ${JSON.stringify(o.validity)}`, [...where, 'field validity'], 'e.g. validity: { threshold: 0.9 }')
  }
  const threshold = (v as { threshold?: unknown }).threshold ?? DEFAULT_VALIDITY_THRESHOLD
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new SpecError('RLVR_BAD_OPTION', `validity.threshold must be a number in [0, 1], got ${JSON.stringify(threshold)}`, [...where, 'field validity.threshold'], `the default is ${DEFAULT_VALIDITY_THRESHOLD}; 0 turns the check off`)
  }
  return { test: o.test, validity: { threshold } }
}
