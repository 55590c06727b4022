// One GRPO run: organism + reward + optimiser config -> metrics per step. train() is the training
// loop of src/engine/train-seeds.ts with one seed (S = 1): there is no other copy of the loop.
import type { GrpoConfigInput } from './config.js'
import type { Policy } from './policy.js'
import type { Metrics, RunRecord } from './run-record.js'
import { trainSeeds } from './train-seeds.js'
import type { Task } from '../organisms/task.js'

export { ENGINE_VERSION, NonFiniteLossError, type Metrics, type RunRecord } from './run-record.js'
export { CLIP_BUCKETS } from './step.js'

export interface TrainOptions {
  seed: number
  /** Called after every step (progress reporting). */
  onStep?: (step: number, metrics: Metrics) => void
  /** Called with the live policy before training and after the last step (extra evaluations, tests). */
  inspect?: (policy: Policy, task: Task, phase: 'start' | 'end') => void
}

/** Train one run; throws what failed it (NonFiniteLossError names the step). */
export async function train(input: GrpoConfigInput, opts: TrainOptions): Promise<RunRecord> {
  const [r] = await trainSeeds(input, [opts.seed], {
    onStep: opts.onStep && ((_i, step, metrics) => opts.onStep!(step, metrics)),
    inspect: opts.inspect && ((_i, policy, task, phase) => opts.inspect!(policy, task, phase)),
  })
  if (!r.ok) throw r.error
  return r.record
}
