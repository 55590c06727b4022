// What a run produces (its type inferred from the schema a stored record is checked against), and
// the version stamp that keys every cached run.
import { z } from 'zod'
import type { BackendName } from './backend.js'
import type { GrpoConfig } from './config.js'
import type { OrganismSpec } from '../organisms/index.js'

/** Bump whenever a change can alter any run's numbers: it is part of every cache key. */
export const ENGINE_VERSION = '0.2.0'

// Any JS number: a step with no update records NaN, so NaN and the infinities are values, not errors.
const anyNumber = z.custom<number>((v) => typeof v === 'number', { message: 'must be a number' })
const metrics = z.record(z.string(), anyNumber)

export type Metrics = z.infer<typeof metrics>

/** The resolved config (defaults filled in, organism expanded to its full spec). */
export type ResolvedConfig = Omit<GrpoConfig, 'organism'> & { organism: OrganismSpec; organismName: string | null }
// A stored record's config is checked only for what reading the record needs (the config itself was
// validated before it trained); its type is the engine's.
const resolvedConfig = z.looseObject({ steps: z.number().int().min(1), organism: z.looseObject({ kind: z.string() }) }) as unknown as z.ZodType<ResolvedConfig>

const BACKENDS = ['node', 'wasm', 'cpu'] as const satisfies readonly BackendName[]

/**
 * Everything a run produced (JSON-serialisable), and what a stored one must look like: the runner
 * checks every record it reads back from the cache or the published store against this schema.
 */
export const RunRecordSchema = z.object({
  engineVersion: z.string().min(1),
  backend: z.enum(BACKENDS),
  seed: z.number().int(),
  config: resolvedConfig,
  /** history[i] holds the metrics of step i + 1 (rollout, loss, optimiser). */
  history: z.array(metrics),
  /** Held-out evaluations; step 0 is the organism before RL. */
  evals: z.array(z.object({ step: z.number().int().min(0), metrics })).min(1, 'has no evaluation (a run evaluates at step 0 and at its last step)'),
  /** Wall time of each step (kept apart from history, which is deterministic). */
  stepSeconds: z.array(anyNumber),
  wallSeconds: anyNumber,
  /** CPU seconds (user + system) of the training process while the run trained, each seed's share of its batch;
   *  like the wall times, not deterministic. Absent in records written before it was kept. */
  cpuSeconds: anyNumber.optional(),
}).superRefine((r, ctx) => {
  if (r.history.length !== r.config.steps) {
    ctx.addIssue({ code: 'custom', path: ['history'], message: `has ${r.history.length} steps, the config trains ${r.config.steps}` })
  }
  if (r.evals.length > 0 && (r.evals[0].step !== 0 || r.evals.at(-1)!.step !== r.config.steps)) {
    ctx.addIssue({ code: 'custom', path: ['evals'], message: `must run from step 0 to step ${r.config.steps}, runs from ${r.evals[0].step} to ${r.evals.at(-1)!.step}` })
  }
})

export type RunRecord = z.infer<typeof RunRecordSchema>

/** Thrown when the loss is NaN or infinite; names the step so the runner can name arm and seed. */
export class NonFiniteLossError extends Error {
  readonly code = 'RLVR_NONFINITE_LOSS'
  constructor(readonly step: number, readonly value: number) {
    super(`loss became ${value} at step ${step}: lower learningRate, set maxGradNorm, or check the reward`)
    this.name = 'NonFiniteLossError'
  }
}
