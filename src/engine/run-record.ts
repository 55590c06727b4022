// What a run produces, and the version stamp that keys every cached run.
import type { BackendName } from './backend.js'
import type { GrpoConfig } from './config.js'
import type { OrganismSpec } from '../organisms/index.js'

/** Bump whenever a change can alter any run's numbers: it is part of every cache key. */
export const ENGINE_VERSION = '0.2.0'

export type Metrics = Record<string, number>

/** Everything a run produced; JSON-serialisable. */
export interface RunRecord {
  engineVersion: string
  backend: BackendName
  seed: number
  /** The resolved config (defaults filled in, organism expanded to its full spec). */
  config: Omit<GrpoConfig, 'organism'> & { organism: OrganismSpec; organismName: string | null }
  /** history[i] holds the metrics of step i + 1 (rollout, loss, optimiser). */
  history: Metrics[]
  /** Held-out evaluations; step 0 is the organism before RL. */
  evals: { step: number; metrics: Metrics }[]
  /** Wall time of each step (kept apart from history, which is deterministic). */
  stepSeconds: number[]
  wallSeconds: number
  /** CPU seconds (user + system) of the training process while the run trained, each seed's share of its batch;
   *  like the wall times, not deterministic. Absent in records written before it was kept. */
  cpuSeconds?: number
}

/** Thrown when the loss is NaN or infinite; names the step so the runner can name arm and seed. */
export class NonFiniteLossError extends Error {
  readonly code = 'RLVR_NONFINITE_LOSS'
  constructor(readonly step: number, readonly value: number) {
    super(`loss became ${value} at step ${step}: lower learningRate, set maxGradNorm, or check the reward`)
    this.name = 'NonFiniteLossError'
  }
}
