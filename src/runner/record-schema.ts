// Checking a stored run record whenever one is read back from the local cache or the published
// store (against RunRecordSchema, src/engine/run-record.ts), and the hash of its content that every
// stored record carries. A record that fails either check is never used: the runner says which run
// it was and retrains it.
import { RunRecordSchema, type RunRecord } from '../engine/run-record.js'
import { canonicalJson, sha256 } from '../util/hash.js'

/** Why `value` is not a valid run record ("evals: has no evaluation ..."), or null when it is one. */
export function recordProblem(value: unknown): string | null {
  const r = RunRecordSchema.safeParse(value)
  if (r.success) return null
  return r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ')
}

// JSON has no NaN/Infinity: they are written as "__num:NaN" etc., exactly, and read back as numbers.
export const encodeNumbers = (_k: string, v: unknown): unknown => (typeof v === 'number' && !Number.isFinite(v) ? `__num:${v}` : v)
export const decodeNumbers = (_k: string, v: unknown): unknown => (typeof v === 'string' && v.startsWith('__num:') ? Number(v.slice(6)) : v)

/** sha256 of the record's canonical JSON (keys sorted, non-finite numbers kept): its content hash. */
export function recordHash(record: RunRecord): string {
  return sha256(canonicalJson(JSON.parse(JSON.stringify(record, encodeNumbers))))
}
