// Reward functions: a completion (parsed by its task) -> a scalar. Each is one line of logic.
// Randomness comes only from the `rng` passed in (the run's 'reward' stream), drawn in batch order,
// a fixed number of uniforms per sample that never depends on the outcome (listed per kind below),
// so rewards are seeded and one reward's draws never shift another's.
// Rewards that need the pre-RL model (majority-vote, incorrect-label) or restrict the prompt pool
// (incorrect-label, one-shot) are built by buildReward, once, before training.
import { z } from 'zod'
import type { BackendName } from '../engine/backend.js'
import type { Policy } from '../engine/policy.js'
import type { OrganismSpec } from '../organisms/index.js'
import type { Problem, Parsed, Task } from '../organisms/task.js'
import { isCorrect } from '../organisms/task.js'
import { sha256 } from '../util/hash.js'
import type { Rng } from '../util/rng.js'
import { majorityLabels } from './majority.js'

export interface RewardInput {
  task: Task
  problem: Problem
  parsed: Parsed
  completion: Int32Array
}

/** A user-defined reward: one completion -> a finite number. Must be pure (no outside state). */
export type CustomRewardFn = (input: RewardInput) => number

const samples = z.number().int().min(1).default(64)
const temperature = z.number().positive().default(1)
const customFn = z.custom<CustomRewardFn>((v) => typeof v === 'function', { message: 'must be a function (input: RewardInput) => number' })

/**
 * The cache-key stand-in for a custom reward's function: sha256 of its name and its source text
 * (fn.toString()). Changing the body changes the key (the runs retrain); values the function
 * captures from outside (closures, imports) are not part of its text: encode them in `name`.
 */
export const customRewardVersion = (name: string, fn: CustomRewardFn): string =>
  sha256(`${name}\n${fn.toString()}`).slice(0, 16)

export const RewardSpec = z.discriminatedUnion('kind', [
  /** 1 if the answer equals the problem's answer, else 0. 0 uniforms. */
  z.strictObject({ kind: z.literal('verifier') }),
  /** Bernoulli(gamma), independent of the response (Spurious Rewards' random reward). 1 uniform. */
  z.strictObject({ kind: z.literal('random'), gamma: z.number().min(0).max(1).default(0.5) }),
  /** 1 if a boxed answer is present, whatever its value. 0 uniforms. */
  z.strictObject({ kind: z.literal('format') }),
  /** With probability q a random Bernoulli(gamma) reward, else the verifier's (q = 0 clean, q = 1 random). 2 uniforms. */
  z.strictObject({ kind: z.literal('noisy-verifier'), q: z.number().min(0).max(1), gamma: z.number().min(0).max(1).default(0.5) }),
  /** The same value for every completion (a control: no signal at all). 0 uniforms. */
  z.strictObject({ kind: z.literal('constant'), value: z.number().default(0) }),
  /** 1 if the answer equals the prompt's pseudo-label: the pre-RL majority answer over `samples` samples (cached). 0 uniforms. */
  z.strictObject({ kind: z.literal('majority-vote'), samples, temperature }),
  /** Only prompts whose pre-RL majority answer is wrong are trained on; 1 if the answer equals that wrong label. 0 uniforms. */
  z.strictObject({ kind: z.literal('incorrect-label'), samples, temperature }),
  /** One training prompt (train[index]) in every slot of every step, rewarded by the verifier (Wang et al.). 0 uniforms. */
  z.strictObject({ kind: z.literal('one-shot'), index: z.number().int().min(0).default(0) }),
  /**
   * DAPO's soft overlong punishment (Yu et al. 2025, arXiv:2503.14476), added to the verifier's reward
   * (verifier: false: the penalty alone). With L = maxLength (null: the task's maxCompletionLength) and
   * |y| the completion's length: 0 while |y| <= L - cache, (L - cache - |y|) / cache in the last `cache`
   * tokens (so -1 at L, a truncated completion), -1 beyond L. 0 uniforms.
   */
  z.strictObject({
    kind: z.literal('soft-overlong'), cache: z.number().int().min(1),
    maxLength: z.number().int().min(1).nullable().default(null), verifier: z.boolean().default(true),
  }),
  /** A user function of one completion; keyed by `version` = customRewardVersion(name, fn), set at validation (any given value is replaced). 0 uniforms. */
  z.strictObject({ kind: z.literal('custom'), name: z.string().min(1), fn: customFn, version: z.string().optional() })
    .transform((s) => ({ ...s, version: customRewardVersion(s.name, s.fn) })),
])
export type RewardSpec = z.output<typeof RewardSpec>
export type RewardSpecInput = z.input<typeof RewardSpec>

/** Scores a batch; draws from `rng` in batch order. */
export type RewardFunction = (batch: RewardInput[], rng: Rng) => Float32Array

/** A built reward: scores batches, and may restrict the training prompts (the trainer applies the filter to task.train). */
export type Reward = RewardFunction & {
  /** Training prompts this reward keeps; absent: all of task.train. */
  promptFilter?: (problem: Problem) => boolean
}

/** What buildReward may need: the task and the policy before any update, and the cache identity. */
export interface RewardContext {
  task: Task
  /** The initial (pre-RL) policy; sampled only by majority-vote and incorrect-label. */
  policy: Policy
  backend: BackendName
  /** The resolved organism spec (part of the majority-label cache key). */
  organismSpec: OrganismSpec
  /** Majority-label cache directory; default RLVR_CACHE_DIR/labels (.rlvr-cache/labels). */
  labelsDir?: string
}

const map = (f: (x: RewardInput, rng: Rng) => number): RewardFunction => (batch, rng) =>
  Float32Array.from(batch, (x) => f(x, rng))

/** DAPO's soft overlong punishment of a completion of `length` tokens under limit L with an interval of `cache` tokens. */
export function overlongPenalty(length: number, L: number, cache: number): number {
  if (length <= L - cache) return 0
  if (length <= L) return (L - cache - length) / cache
  return -1
}

/** The rewards that need neither the task's prompts nor the pre-RL model. */
export function makeReward(spec: RewardSpec): RewardFunction {
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
    case 'soft-overlong': return map((x) => {
      const limit = spec.maxLength ?? x.task.maxCompletionLength
      if (spec.cache > limit) throw new Error(`soft-overlong reward: cache ${spec.cache} exceeds the length limit ${limit}: lower reward.cache`)
      return (spec.verifier ? Number(isCorrect(x.problem, x.parsed)) : 0) + overlongPenalty(x.parsed.length, limit, spec.cache)
    })
    case 'custom': return map((x) => {
      const r = spec.fn(x)
      if (typeof r !== 'number' || !Number.isFinite(r)) {
        throw new Error(`custom reward '${spec.name}' returned ${String(r)} for problem ${x.problem.id}: it must return a finite number`)
      }
      return r
    })
    case 'majority-vote': case 'incorrect-label': case 'one-shot':
      throw new Error(`reward '${spec.kind}' needs the task and the pre-RL policy: build it with buildReward(spec, context)`)
  }
}

/** Build any reward, before training (majority labels are read from, or computed into, the cache). */
export async function buildReward(spec: RewardSpec, ctx: RewardContext): Promise<Reward> {
  const train = ctx.task.train
  switch (spec.kind) {
    case 'majority-vote': case 'incorrect-label': {
      const { labels } = majorityLabels({ ...ctx }, spec)
      const labelOf = new Map(train.map((p, i) => [p, labels[i]]))
      const label = (p: Problem): string | null => {
        const l = labelOf.get(p)
        if (l === undefined) throw new Error(`${spec.kind} reward: problem ${p.id} is not one of the task's training prompts (labels exist only for task.train)`)
        return l
      }
      if (spec.kind === 'majority-vote') return map((x) => Number(x.parsed.answer !== null && x.parsed.answer === label(x.problem)))
      const wrong = (p: Problem) => { const l = label(p); return l !== null && l !== p.answer }
      const kept = train.filter(wrong).length
      if (kept === 0) {
        throw new Error(`incorrect-label reward: the pre-RL majority answer (${spec.samples} samples) is right, or absent, on all ${train.length} training prompts, so no prompt qualifies: use an organism whose majority is sometimes wrong`)
      }
      // Outside the kept prompts (never trained on) the reward is 0.
      return Object.assign(map((x) => Number(wrong(x.problem) && x.parsed.answer === label(x.problem))), { promptFilter: wrong })
    }
    case 'one-shot': {
      if (spec.index >= train.length) throw new Error(`one-shot reward: index ${spec.index} is out of range: the task has ${train.length} training prompts`)
      const only = train[spec.index]
      return Object.assign(makeReward({ kind: 'verifier' }), { promptFilter: (p: Problem) => p === only })
    }
    default: return makeReward(spec)
  }
}

/** The training prompts a reward keeps (all of task.train without a filter); throws if none is left. */
export function promptPool(reward: Reward, task: Task): Problem[] {
  if (!reward.promptFilter) return task.train
  const pool = task.train.filter(reward.promptFilter)
  if (pool.length === 0) throw new Error(`the reward's prompt filter keeps none of the ${task.train.length} training prompts`)
  return pool
}

export { majorityLabels, computeMajorityLabels, majorityOf, labelsCacheDir, labelsKey, LABELS_VERSION, type MajorityLabels } from './majority.js'
