// What a stored run record must look like, checked (zod) whenever one is read back from the local
// cache or the published store, and the hash of its content that every stored record carries. A
// record that fails either check is never used: the runner says which run it was and retrains it.
import { z } from 'zod'
import type { RunRecord } from '../engine/trainer.js'
import { canonicalJson, sha256 } from './hash.js'

// Any JS number: a step with no update records NaN, so NaN and the infinities are values, not errors.
const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' })
const metrics = z.record(z.string(), anyNumber)

export const RunRecordSchema = z.object({
  engineVersion: z.string().min(1),
  backend: z.enum(['node', 'wasm', 'cpu']),
  seed: z.number().int(),
  config: z.looseObject({ steps: z.number().int().min(1), organism: z.looseObject({ kind: z.string() }) }),
  history: z.array(metrics),
  evals: z.array(z.object({ step: z.number().int().min(0), metrics })).min(1, 'has no evaluation (a run evaluates at step 0 and at its last step)'),
  stepSeconds: z.array(anyNumber),
  wallSeconds: anyNumber,
  cpuSeconds: anyNumber.optional(),
}).superRefine((r, ctx) => {
  if (r.history.length !== r.config.steps) {
    ctx.addIssue({ code: 'custom', path: ['history'], message: `has ${r.history.length} steps, the config trains ${r.config.steps}` })
  }
  if (r.evals.length > 0 && (r.evals[0].step !== 0 || r.evals.at(-1)!.step !== r.config.steps)) {
    ctx.addIssue({ code: 'custom', path: ['evals'], message: `must run from step 0 to step ${r.config.steps}, runs from ${r.evals[0].step} to ${r.evals.at(-1)!.step}` })
  }
})

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
