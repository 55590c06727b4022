// Reward functions: a completion (parsed by its task) -> a scalar. Each is one line of logic.
// Randomness comes from the run's 'reward' stream, one uniform per sample, so it is seeded.
import { z } from 'zod'
import type { Problem, Parsed, Task } from '../organisms/task.js'
import { isCorrect } from '../organisms/task.js'
import type { Rng } from '../util/rng.js'

export const RewardSpec = z.discriminatedUnion('kind', [
  /** 1 if the answer equals the problem's answer, else 0. */
  z.strictObject({ kind: z.literal('verifier') }),
  /** Bernoulli(gamma), independent of the response (Spurious Rewards' random reward). */
  z.strictObject({ kind: z.literal('random'), gamma: z.number().min(0).max(1).default(0.5) }),
  /** 1 if a boxed answer is present, whatever its value. */
  z.strictObject({ kind: z.literal('format') }),
  /** With probability q a random Bernoulli(gamma) reward, else the verifier's (q = 0 clean, q = 1 random). */
  z.strictObject({ kind: z.literal('noisy-verifier'), q: z.number().min(0).max(1), gamma: z.number().min(0).max(1).default(0.5) }),
  /** The same value for every completion (a control: no signal at all). */
  z.strictObject({ kind: z.literal('constant'), value: z.number().default(0) }),
])
export type RewardSpec = z.output<typeof RewardSpec>

export interface RewardInput {
  task: Task
  problem: Problem
  parsed: Parsed
  completion: Int32Array
}

/** Scores a batch; draws from `rng` in batch order. */
export type RewardFunction = (batch: RewardInput[], rng: Rng) => Float32Array

export function makeReward(spec: RewardSpec): RewardFunction {
  const map = (f: (x: RewardInput, rng: Rng) => number): RewardFunction => (batch, rng) =>
    Float32Array.from(batch, (x) => f(x, rng))
  switch (spec.kind) {
    case 'verifier': return map((x) => Number(isCorrect(x.problem, x.parsed)))
    case 'random': return map((_x, rng) => Number(rng.next() < spec.gamma))
    case 'format': return map((x) => Number(x.parsed.boxed))
    case 'noisy-verifier': return map((x, rng) => {
      // Two uniforms per sample, always, so the stream does not depend on the outcome.
      const flip = rng.next() < spec.q, coin = rng.next() < spec.gamma
      return flip ? Number(coin) : Number(isCorrect(x.problem, x.parsed))
    })
    case 'constant': return map(() => spec.value)
  }
}
