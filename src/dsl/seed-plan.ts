// A sequential seeds plan: `seeds: { initial: 8, step: 8, max: 48, from: 200 }` (or an explicit
// `{ list: [...], looks: [8, 16, ...] }`) instead of a fixed count. Validated here, when the spec is
// collected; the stages run in stages.ts. See docs/sequential.md.
import { z } from 'zod'
import type { Spending } from '../stats/index.js'
import { SpecError } from './errors.js'

/** A plan as written in the ablation base: one form or the other (`never` keeps a mix of the two a type error). */
export type SeedPlanInput =
  | { initial: number; step: number; max: number; from?: number; spending?: Spending; list?: never; looks?: never }
  | { list: number[]; looks: number[]; spending?: Spending; initial?: never; step?: never; max?: never; from?: never }

/** A plan resolved: every seed in training order, the cumulative seed count of each look. */
export interface SeedPlan { seeds: number[]; looks: number[]; spending: Spending }

const spending = z.enum(['obrien-fleming', 'pocock'])
const int = z.number().int()
const stepPlan = z.strictObject({ initial: int.min(2), step: int.min(1), max: int.min(2), from: int.min(0).optional(), spending: spending.optional() })
  .refine((p) => p.max >= p.initial, { path: ['max'], message: 'max must be >= initial' })
const listPlan = z.strictObject({ list: z.array(int).min(2), looks: z.array(int.min(2)).min(1), spending: spending.optional() })
  .refine((p) => new Set(p.list).size === p.list.length, { path: ['list'], message: 'the seeds in list must be distinct' })
  .refine((p) => p.looks.every((n, i) => i === 0 || n > p.looks[i - 1]), { path: ['looks'], message: 'looks must be increasing seed counts' })
  .refine((p) => p.looks.at(-1) === p.list.length, { path: ['looks'], message: 'the last look must use every seed of list' })

/** True for a plan object (not a count or a list). */
export const isSeedPlan = (seeds: unknown): seeds is SeedPlanInput => !!seeds && typeof seeds === 'object' && !Array.isArray(seeds)

/** Validate and resolve a plan; throws a SpecError naming the field (`seeds.max`, ...). */
export function resolveSeedPlan(input: SeedPlanInput, where: string[]): SeedPlan {
  const isList = 'list' in input || 'looks' in input
  const parsed = (isList ? listPlan : stepPlan).safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = ['seeds', ...issue.path.map(String)].join('.')
    throw new SpecError('RLVR_BAD_OPTION', `${field}: ${issue.message} (got ${JSON.stringify(input)})`, [...where, `field ${field}`],
      'write seeds: { initial: 8, step: 8, max: 48 } (seeds from 0, or from: 200), or { list: [...], looks: [8, 16, ...] }; see docs/sequential.md')
  }
  const p = parsed.data
  if ('list' in p) return { seeds: [...p.list], looks: [...p.looks], spending: p.spending ?? 'obrien-fleming' }
  const looks: number[] = []
  for (let n = p.initial; n < p.max; n += p.step) looks.push(n)
  looks.push(p.max)
  const from = p.from ?? 0
  return { seeds: Array.from({ length: p.max }, (_, i) => from + i), looks, spending: p.spending ?? 'obrien-fleming' }
}
