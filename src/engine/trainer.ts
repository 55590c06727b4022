// One GRPO run: organism + reward + optimiser config -> metrics per step. Read top to bottom:
// sample groups, score them, compute advantages, then numIterations x miniBatches clipped updates.
import * as tf from '@tensorflow/tfjs'
import { computeAdvantages } from './advantages.js'
import { initBackend, type BackendName } from './backend.js'
import { parseConfig, type GrpoConfig, type GrpoConfigInput } from './config.js'
import { forwardLogProbs } from './forward.js'
import { policyLoss, type PolicyLossMetrics, type PolicyLossOptions } from './grpo-loss.js'
import type { Policy, Rollout } from './policy.js'
import { buildOrganism, resolveOrganism, type OrganismSpec } from '../organisms/index.js'
import type { Problem, Task } from '../organisms/task.js'
import { buildReward, promptPool, type RewardFunction, type RewardInput } from '../rewards/index.js'
import { completionMetrics } from '../metrics/completions.js'
import { evaluate } from '../metrics/evaluate.js'
import { klToReference } from '../metrics/kl.js'
import { makeRng, permutation, type Rng } from '../util/rng.js'

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
}

export interface TrainOptions {
  seed: number
  /** Called after every step (progress reporting). */
  onStep?: (step: number, metrics: Metrics) => void
  /** Called with the live policy before training and after the last step (extra evaluations, tests). */
  inspect?: (policy: Policy, task: Task, phase: 'start' | 'end') => void
}

/** Thrown when the loss is NaN or infinite; names the step so the runner can name arm and seed. */
export class NonFiniteLossError extends Error {
  readonly code = 'RLVR_NONFINITE_LOSS'
  constructor(readonly step: number, readonly value: number) {
    super(`loss became ${value} at step ${step}: lower learningRate, set maxGradNorm, or check the reward`)
    this.name = 'NonFiniteLossError'
  }
}

/** The diagnostics policyLoss returns, in a fixed order (index 0 is the loss). */
const LOSS_KEYS = ['loss/policy', 'loss/clip_frac_low', 'loss/clip_frac_high', 'loss/clip_frac', 'policy/approx_kl',
  'policy/entropy', 'policy/kl_ref', 'ratio/mean', 'ratio/min', 'ratio/max', 'grad/norm'] as const
/** Old-probability bucket edges of the clip diagnostics: loss/clip_frac_by_pold/<lo>-<hi>. */
export const CLIP_BUCKETS = [0.05, 0.2, 0.5, 0.8, 0.95]
const BUCKET_KEYS = [0, ...CLIP_BUCKETS].map((lo, i) => `loss/clip_frac_by_pold/${lo.toFixed(2)}-${(CLIP_BUCKETS[i] ?? 1).toFixed(2)}`)

export async function train(input: GrpoConfigInput, opts: TrainOptions): Promise<RunRecord> {
  const cfg = parseConfig(input)
  const backend = await initBackend()
  const organismSpec = resolveOrganism(cfg.organism)
  const { task, policy } = await buildOrganism(organismSpec)
  const ref = cfg.beta > 0 ? policy.clone() : null
  const optimizer: tf.Optimizer = cfg.optimizer === 'adam'
    ? tf.train.adam(cfg.learningRate, cfg.adamBeta1, cfg.adamBeta2, cfg.adamEpsilon)
    : tf.train.sgd(cfg.learningRate)
  // Built from the pre-RL policy (majority labels); may restrict the training prompts (incorrect-label, one-shot).
  const reward = await buildReward(cfg.reward, { task, policy, backend, organismSpec })
    .catch((err) => { policy.dispose(); ref?.dispose(); optimizer.dispose(); throw err })
  const trainPool = promptPool(reward, task)
  const rng = {
    prompts: makeRng(opts.seed, 'prompts'), sample: makeRng(opts.seed, 'sample'),
    reward: makeRng(opts.seed, 'reward'), shuffle: makeRng(opts.seed, 'shuffle'),
  }
  const G = cfg.numGenerations, P = task.promptLength, L = task.maxCompletionLength
  const evalOpts = {
    samples: cfg.evalSamples, temperature: cfg.temperature,
    templateCollapsePrompts: cfg.templateCollapsePrompts, templateCollapseSamples: cfg.templateCollapseSamples,
  }
  const started = performance.now()
  // Held-out evaluation, plus KL to the policy before RL.
  const initial = ref ?? policy.clone()
  const runEval = (): Metrics => ({ ...evaluate(policy, task, evalOpts), 'eval/kl_initial': klToReference(policy, initial, task, evalOpts) })
  const history: Metrics[] = []
  const stepSeconds: number[] = []
  const evals = [{ step: 0, metrics: runEval() }]
  opts.inspect?.(policy, task, 'start')

  try {
    for (let step = 1; step <= cfg.steps; step++) {
      const t0 = performance.now()
      // 1. Rollouts: G completions for each of promptsPerStep prompts, laid out group by group.
      const { problems, prompts, B } = drawPrompts(cfg, task, trainPool, rng.prompts)
      const roll = policy.sample(prompts, B, { temperature: cfg.temperature, rng: rng.sample })
      // 2-3. Rewards, advantages, which samples train.
      const { items, rewards, adv, mask, keptGroups, numItems } = scoreRollout(cfg, task, reward, rng.reward, problems, roll)

      // 4. Old (and reference) log-probs: constants during this step's updates. The sampler already
      //    computed log pi_old(token) at the temperature; a second forward pass would only repeat it
      //    (to float rounding) at ~15% of a transformer step's cost (264 ms of 1.72 s, 2048 rollouts).
      const oldLogp = roll.logprobs
      const refLogp = ref ? forwardLogProbs(ref, prompts, roll.tokens, cfg.temperature, 1024) : null

      // 5. numIterations epochs x miniBatches optimiser steps.
      const acc = new MetricAccumulator()
      for (let epoch = 0; epoch < cfg.numIterations && keptGroups.length > 0; epoch++) {
        for (const rows of miniBatches(keptGroups, G, cfg.miniBatches, cfg.miniBatchMode, rng.shuffle)) {
          const vals = updateStep(rows)
          if (!Number.isFinite(vals[0])) throw new NonFiniteLossError(step, vals[0])
          acc.add(vals)
        }
      }

      const metrics = stepMetrics(task, { items, rewards, keptGroups }, problems.length, acc)
      history.push(metrics)
      stepSeconds.push((performance.now() - t0) / 1000)
      if (cfg.evalEvery > 0 && step % cfg.evalEvery === 0 && step !== cfg.steps) evals.push({ step, metrics: runEval() })
      opts.onStep?.(step, metrics)

      /** One optimiser step on the given rows; returns [loss, diagnostics..., grad norm]. */
      function updateStep(rows: Int32Array): Float32Array {
        const out = tf.tidy(() => {
          const n = rows.length
          const pr = tf.tensor2d(gatherRows(prompts, rows, P), [n, P], 'int32')
          const co = tf.tensor2d(gatherRows(roll.tokens, rows, L), [n, L], 'int32')
          const inputs = {
            oldLogp: tf.tensor2d(gatherRows(oldLogp, rows, L), [n, L]),
            refLogp: refLogp ? tf.tensor2d(gatherRows(refLogp, rows, L), [n, L]) : undefined,
            advantages: tf.tensor1d(gatherRows(adv, rows, 1)),
            mask: tf.tensor2d(gatherRows(mask, rows, L), [n, L]),
          }
          const lossOpts = lossOptions(cfg, L, numItems)
          // The loss alone on the gradient tape; its diagnostics after, on the same log-probs, off the
          // tape (they cost as much as the backward pass of a small policy when taped).
          let kept: { logp: tf.Tensor2D; entropy: tf.Tensor2D } | undefined
          const { grads } = tf.variableGrads(() => {
            const { logp, entropy } = policy.logProbs(pr, co, cfg.temperature)
            kept = { logp: tf.keep(logp), entropy: tf.keep(entropy) }
            return policyLoss({ ...inputs, logp, entropy }, { ...lossOpts, diagnostics: false }).loss
          }, policy.variables)
          const { loss, metrics: m } = policyLoss({ ...inputs, ...kept! }, lossOpts)
          kept!.logp.dispose(); kept!.entropy.dispose()
          const diag = tf.concat([tf.stack(diagnostics(loss, m!)), m!.bucketTokens!, m!.bucketClipped!])
          // Global-norm clipping, as torch.nn.utils.clip_grad_norm_: coef = min(1, max / (norm + 1e-6)).
          const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))))
          if (cfg.maxGradNorm !== null) {
            const coef = tf.minimum(tf.div(cfg.maxGradNorm, tf.add(norm, 1e-6)), 1)
            for (const k of Object.keys(grads)) grads[k] = tf.mul(grads[k], coef)
          }
          optimizer.applyGradients(grads)
          // [loss diagnostics (10), grad norm, bucket tokens (nb), bucket clipped (nb)]
          return tf.concat([tf.slice(diag, 0, 10), tf.reshape(norm, [1]), tf.slice(diag, 10)])
        })
        const vals = out.dataSync() as Float32Array
        out.dispose()
        return vals
      }
    }
    evals.push({ step: cfg.steps, metrics: runEval() })
    opts.inspect?.(policy, task, 'end')
  } finally {
    policy.dispose()
    initial.dispose()
    optimizer.dispose()
  }
  return {
    engineVersion: ENGINE_VERSION, backend, seed: opts.seed,
    config: { ...cfg, organism: organismSpec, organismName: typeof cfg.organism === 'string' ? cfg.organism : null },
    history, evals, stepSeconds, wallSeconds: (performance.now() - started) / 1000,
  }
}

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

export function lossOptions(cfg: GrpoConfig, L: number, numItems: number): PolicyLossOptions {
  return {
    importanceSamplingLevel: cfg.importanceSamplingLevel, epsilon: cfg.epsilon, epsilonHigh: cfg.epsilonHigh,
    clip: cfg.clip, delta: cfg.delta, clipRatioC: cfg.clipRatioC, lossType: cfg.lossType,
    maxCompletionLength: L, numItemsInBatch: numItems, beta: cfg.beta, entropyCoef: cfg.entropyCoef, oldProbBuckets: CLIP_BUCKETS,
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
