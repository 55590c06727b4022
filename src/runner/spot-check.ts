// Spot checks: published runs re-trained now and compared with their published records, so that a
// suite served from the store still proves its records. RLVR_SPOT_CHECK = n (a sample of n runs
// across the whole suite's published runs; default DEFAULT_SPOT_CHECKS), `all`, or `0`.
// The sample is drawn from the published runs the suite reads (every manifest but a script's), ordered by a salted hash of the
// run key: every vitest worker draws the same sample from the same salt (RLVR_SPOT_CHECK_SALT, set
// once per invocation by vitest.config.ts), so a whole-suite run re-trains exactly n of them, each
// in the file that uses it. The salt is random unless set, so successive runs check other runs.
import { randomBytes } from 'node:crypto'
import { sha256 } from '../util/hash.js'
import { publishedDir, publishedIndex, suiteKeys } from './published.js'

export const DEFAULT_SPOT_CHECKS = 3
export const SPOT_CHECK_ENV = 'RLVR_SPOT_CHECK'
export const SPOT_CHECK_SALT_ENV = 'RLVR_SPOT_CHECK_SALT'

export type SpotCheckPlan = number | 'all'

/** RLVR_SPOT_CHECK, parsed; throws naming the variable and its values when it is neither. */
export function spotCheckPlan(value = process.env[SPOT_CHECK_ENV]): SpotCheckPlan {
  if (value === undefined || value === '') return DEFAULT_SPOT_CHECKS
  if (value === 'all') return 'all'
  if (/^\d+$/.test(value)) return Number(value)
  throw new Error(`${SPOT_CHECK_ENV}='${value}' is not a number of runs or 'all': use ${SPOT_CHECK_ENV}=3 (re-train 3 published runs across the suite), ${SPOT_CHECK_ENV}=all (re-train every published run) or ${SPOT_CHECK_ENV}=0 (none)`)
}

function salt(): string {
  return (process.env[SPOT_CHECK_SALT_ENV] ||= randomBytes(8).toString('hex'))
}

const samples = new Map<string, Set<string>>()

/** Is published run `key` one this invocation re-trains? */
export function isSpotChecked(key: string, plan: SpotCheckPlan = spotCheckPlan(), dir = publishedDir()): boolean {
  if (plan === 'all') return publishedIndex(dir).has(key)
  if (plan === 0) return false
  const s = salt()
  const id = `${dir}\u0000${plan}\u0000${s}`
  let sample = samples.get(id)
  if (!sample) {
    const keys = [...suiteKeys(dir)] // not the pilots' runs: no file of the suite reads them
    const rank = new Map(keys.map((k) => [k, sha256(`${s}:${k}`)]))
    sample = new Set(keys.sort((a, b) => (rank.get(a)! < rank.get(b)! ? -1 : 1)).slice(0, plan))
    samples.set(id, sample)
  }
  return sample.has(key)
}
