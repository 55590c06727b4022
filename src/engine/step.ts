// The pieces of one GRPO step that do not touch tensors of the policy: drawing prompts, scoring
// rollouts (rewards, advantages, which samples train), mini-batch rows, loss options, and the
// step's metrics. The loop that puts them together is src/engine/train-seeds.ts.
import type * as tf from '@tensorflow/tfjs'
import { computeAdvantages } from './advantages.js'
import type { GrpoConfig } from './config.js'
import type { PolicyLossMetrics, PolicyLossOptions } from './grpo-loss.js'
import type { Rollout } from './policy.js'
import type { Metrics } from './run-record.js'
import type { Problem, Task } from '../organisms/task.js'
import type { RewardFunction, RewardInput } from '../rewards/index.js'
import { completionMetrics } from '../metrics/completions.js'
import { permutation, type Rng } from '../util/rng.js'

/** The diagnostics policyLoss returns, in a fixed order (index 0 is the loss). */
const LOSS_KEYS = ['loss/policy', 'loss/clip_frac_low', 'loss/clip_frac_high', 'loss/clip_frac', 'policy/approx_kl',
  'policy/entropy', 'policy/kl_ref', 'ratio/mean', 'ratio/min', 'ratio/max', 'grad/norm'] as const
/** Old-probability bucket edges of the clip diagnostics: loss/clip_frac_by_pold/<lo>-<hi>. */
export const CLIP_BUCKETS = [0.05, 0.2, 0.5, 0.8, 0.95]
const BUCKET_KEYS = [0, ...CLIP_BUCKETS].map((lo, i) => `loss/clip_frac_by_pold/${lo.toFixed(2)}-${(CLIP_BUCKETS[i] ?? 1).toFixed(2)}`)

/** Step 1 of a GRPO step: promptsPerStep problems, each prompt repeated G times, laid out group by group. */
export function drawPrompts(cfg: GrpoConfig, task: Task, pool: Problem[], rng: Rng): { problems: Problem[]; prompts: Int32Array; B: number } {
  const G = cfg.numGenerations, P = task.promptLength
  const problems = pickProblems(pool, cfg.promptsPerStep, rng)
  const B = problems.length * G
  const prompts = new Int32Array(B * P)
  for (let b = 0; b < B; b++) prompts.set(problems[Math.floor(b / G)].prompt, b * P)
  return { problems, prompts, B }
}

export interface ScoredRollout {
  items: (RewardInput & { eos: boolean })[]
  rewards: Float32Array
  adv: Float32Array
  /** [B * L] which tokens train. */
  mask: Float32Array
  keptGroups: number[]
  /** Tokens that train in this generation batch (dapo's normaliser). */
  numItems: number
}

/** Steps 2-3: rewards and group-relative advantages, then which samples train. */
export function scoreRollout(cfg: GrpoConfig, task: Task, reward: RewardFunction, rng: Rng, problems: Problem[], roll: Rollout): ScoredRollout {
  const G = cfg.numGenerations, L = task.maxCompletionLength, B = roll.batch
  const items = Array.from({ length: B }, (_, b) => {
    const problem = problems[Math.floor(b / G)]
    const completion = roll.tokens.subarray(b * L, (b + 1) * L)
    return { task, problem, completion, parsed: task.parse(problem, completion), eos: roll.eos[b] === 1 }
  })
  const rewards = reward(items, rng)
  const adv = computeAdvantages(rewards, { groupSize: G, scaleRewards: cfg.scaleRewards, epsilon: cfg.advantageEpsilon })
  // DAPO dynamic sampling drops groups with equal rewards; maskTruncatedCompletions drops
  // completions that never emitted EOS.
  const mask = roll.mask.slice()
  if (cfg.maskTruncatedCompletions) for (let b = 0; b < B; b++) if (!roll.eos[b]) mask.fill(0, b * L, (b + 1) * L)
  const keptGroups = Array.from({ length: problems.length }, (_, g) => g)
    .filter((g) => !cfg.dynamicSampling || !allEqual(rewards, g * G, G))
  const numItems = keptGroups.reduce((s, g) => s + sumRange(mask, g * G * L, G * L), 0)
  return { items, rewards, adv, mask, keptGroups, numItems }
}

export function lossOptions(cfg: GrpoConfig, L: number, numItems: number[]): PolicyLossOptions {
  return {
    importanceSamplingLevel: cfg.importanceSamplingLevel, epsilon: cfg.epsilon, epsilonHigh: cfg.epsilonHigh,
    clip: cfg.clip, delta: cfg.delta, clipRatioC: cfg.clipRatioC, lossType: cfg.lossType,
    maxCompletionLength: L, numItemsPerGroup: numItems, beta: cfg.beta, entropyCoef: cfg.entropyCoef, oldProbBuckets: CLIP_BUCKETS,
  }
}

/** The first 10 LOSS_KEYS as tensors (scalars, or [S] with a seed axis); grad/norm follows them. */
export const diagnostics = (loss: tf.Tensor, m: PolicyLossMetrics): tf.Tensor[] =>
  [loss, m.clipFracLow, m.clipFracHigh, m.clipFrac, m.approxKl, m.entropy, m.klRef, m.ratioMean, m.ratioMin, m.ratioMax]

/** A step's history entry. */
export function stepMetrics(task: Task, s: Pick<ScoredRollout, 'items' | 'rewards' | 'keptGroups'>, numProblems: number, acc: MetricAccumulator): Metrics {
  return {
    'reward/mean': mean(s.rewards), 'reward/std': std(s.rewards),
    ...completionMetrics(task, s.items, 'train'),
    ...acc.result(),
    'samples/kept_frac': s.keptGroups.length / numProblems,
  }
}

/** promptsPerStep problems: without replacement when there are enough, else with replacement. */
function pickProblems(pool: Problem[], n: number, rng: Rng): Problem[] {
  if (n <= pool.length) return Array.from(permutation(pool.length, rng).subarray(0, n), (i) => pool[i])
  return Array.from({ length: n }, () => pool[rng.int(pool.length)])
}

/** Row indices of each mini-batch: shuffled samples, or shuffled whole groups. */
export function* miniBatches(groups: number[], G: number, k: number, mode: 'samples' | 'groups', rng: Rng): Generator<Int32Array> {
  let rows: Int32Array
  if (mode === 'groups') {
    const order = permutation(groups.length, rng)
    rows = new Int32Array(groups.length * G)
    order.forEach((o, i) => { for (let j = 0; j < G; j++) rows[i * G + j] = groups[o] * G + j })
  } else {
    const all = new Int32Array(groups.length * G)
    groups.forEach((g, i) => { for (let j = 0; j < G; j++) all[i * G + j] = g * G + j })
    rows = Int32Array.from(permutation(all.length, rng), (i) => all[i])
  }
  // Near-equal chunks; with dynamic sampling fewer rows may remain than the config's batch.
  const unit = mode === 'groups' ? G : 1
  const units = rows.length / unit
  for (let i = 0; i < k; i++) {
    const lo = Math.round((i * units) / k) * unit, hi = Math.round(((i + 1) * units) / k) * unit
    if (hi > lo) yield rows.subarray(lo, hi)
  }
}

export function gatherRows<T extends Int32Array | Float32Array>(src: T, rows: Int32Array, width: number): T {
  const out = new (src.constructor as new (n: number) => T)(rows.length * width)
  for (let i = 0; i < rows.length; i++) out.set(src.subarray(rows[i] * width, (rows[i] + 1) * width), i * width)
  return out
}

export class MetricAccumulator {
  private sum = new Float64Array(LOSS_KEYS.length)
  private buckets = new Float64Array(2 * BUCKET_KEYS.length) // tokens, then clipped
  private min = Infinity
  private max = -Infinity
  private n = 0
  add(v: Float32Array) {
    for (let i = 0; i < LOSS_KEYS.length; i++) this.sum[i] += v[i]
    for (let i = 0; i < this.buckets.length; i++) this.buckets[i] += v[LOSS_KEYS.length + i]
    this.min = Math.min(this.min, v[8]); this.max = Math.max(this.max, v[9]); this.n++
  }
  /** Means over the step's updates; ratio min/max over all of them; bucket fractions pooled. NaN when nothing trained. */
  result(): Metrics {
    const out: Metrics = {}
    LOSS_KEYS.forEach((k, i) => (out[k] = this.n ? this.sum[i] / this.n : NaN))
    out['ratio/min'] = this.n ? this.min : NaN
    out['ratio/max'] = this.n ? this.max : NaN
    out['optim/updates'] = this.n
    const nb = BUCKET_KEYS.length
    BUCKET_KEYS.forEach((k, i) => (out[k] = this.buckets[i] > 0 ? this.buckets[nb + i] / this.buckets[i] : NaN))
    return out
  }
}

const mean = (x: ArrayLike<number>) => { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]; return s / x.length }
const std = (x: ArrayLike<number>) => { const m = mean(x); let s = 0; for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2; return Math.sqrt(s / x.length) }
const sumRange = (x: Float32Array, lo: number, n: number) => { let s = 0; for (let i = lo; i < lo + n; i++) s += x[i]; return s }
const allEqual = (x: Float32Array, lo: number, n: number) => { for (let i = lo + 1; i < lo + n; i++) if (x[i] !== x[lo]) return false; return true }
