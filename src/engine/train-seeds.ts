// Seed-batched GRPO for the linear policy: S runs of one config that differ only in their seed advance
// in lockstep, and each optimiser update of all S is one tfjs computation on parameters stacked on a
// leading seed axis (LinearSeedBatch in src/policies/linear.ts), so tfjs's per-op cost (which is
// nearly all of a linear run's time) is paid once for S seeds. Everything else stays per seed, drawn
// exactly as train() draws it: RNG streams (prompts, sample, reward, shuffle), rewards, advantages,
// mini-batch shuffles, the loss (a group axis in policyLoss: each seed aggregated over its own
// mini-batch), gradient-norm clipping, the optimiser state (elementwise), diagnostics, evaluations.
// Each seed's RunRecord equals train()'s for that seed bit for bit, whichever seeds share its batch
// (test/train-seeds.test.ts); a seed whose loss turns non-finite fails alone. stepSeconds and
// wallSeconds are the batch's times divided by its seeds (each seed's share).
import * as tf from '@tensorflow/tfjs'
import { initBackend } from './backend.js'
import { parseConfig, type GrpoConfig, type GrpoConfigInput } from './config.js'
import { forwardLogProbs } from './forward.js'
import { policyLoss } from './grpo-loss.js'
import type { Policy } from './policy.js'
import {
  diagnostics, drawPrompts, ENGINE_VERSION, lossOptions, MetricAccumulator, miniBatches, NonFiniteLossError,
  scoreRollout, stepMetrics, type Metrics, type RunRecord, type ScoredRollout,
} from './trainer.js'
import { buildOrganism, resolveOrganism } from '../organisms/index.js'
import type { Problem, Task } from '../organisms/task.js'
import { buildReward, promptPool } from '../rewards/index.js'
import { evaluate } from '../metrics/evaluate.js'
import { klToReference } from '../metrics/kl.js'
import { LinearSeedBatch } from '../policies/linear.js'
import { makeRng } from '../util/rng.js'

/** One seed-batched optimiser update: its inputs (host arrays) and outputs, for the step's diagnostics. */
interface Update {
  rows: (Int32Array | null)[]
  n: number
  old: Float32Array
  ref: Float32Array | null
  adv: Float32Array
  mask: Float32Array
  /** [S, n, L], before the update. */
  logp: tf.Tensor3D
  entropy: tf.Tensor3D
  /** [S] gradient norm before clipping. */
  norm: tf.Tensor
}

/** dst rows [at, at + rows.length) = src rows `rows`, each `width` wide. */
function copyRows(dst: Float32Array | Int32Array, at: number, src: Float32Array | Int32Array, rows: Int32Array, width: number): void {
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * width, to = (at + i) * width
    for (let j = 0; j < width; j++) dst[to + j] = src[from + j]
  }
}

/** Why cfg cannot train seed-batched (then train() each seed), or null. Decided by the config alone. */
export function seedBatchable(cfg: GrpoConfig): string | null {
  const o = resolveOrganism(cfg.organism)
  const linear = o.kind === 'linear' || (o.kind === 'arithmetic' && o.policy.kind === 'linear')
  if (!linear) return 'the organism is not a linear policy'
  if (o.kind === 'arithmetic' && o.length) return 'the organism has variable-length completions (its own linear policy)'
  // tfjs-wasm's batched matMul sums in blocks of 48 terms, its single matMul (XNNPACK) in one run:
  // they agree bit for bit only up to 48 features.
  const features = o.kind === 'linear' ? o.features : o.policy.kind === 'linear' ? o.policy.features : 0
  if (features > 48) return `the policy has ${features} > 48 features`
  // Dropped groups would make the seeds' mini-batches ragged.
  if (cfg.dynamicSampling) return 'dynamicSampling is on'
  return null
}

export type SeedResult = { seed: number; ok: true; record: RunRecord } | { seed: number; ok: false; error: unknown; step: number | null }

export interface TrainSeedsOptions {
  /** Called after every step of every seed still training (progress reporting). */
  onStep?: (seedIndex: number, step: number, metrics: Metrics) => void
  /** Called with each seed's policy before training and after its last step (tests). */
  inspect?: (seedIndex: number, policy: Policy, task: Task, phase: 'start' | 'end') => void
}

/**
 * Train one run per seed of one config, seed-batched; one result per seed, in order. A seed whose
 * loss becomes non-finite (or whose reward throws) is reported failed; the others go on. Throws,
 * for all seeds, only when the config cannot train at all (invalid, not seedBatchable, reward build).
 */
export async function trainSeeds(input: GrpoConfigInput, seeds: number[], opts: TrainSeedsOptions = {}): Promise<SeedResult[]> {
  const cfg = parseConfig(input)
  const why = seedBatchable(cfg)
  if (why) throw new Error(`trainSeeds: ${why}; train each seed with train()`)
  const backend = await initBackend()
  const organismSpec = resolveOrganism(cfg.organism)
  const { task, policy: base } = await buildOrganism(organismSpec)
  // Built from the pre-RL policy, as train() does; a reward is pure given its rng, so one serves all seeds.
  const reward = await buildReward(cfg.reward, { task, policy: base, backend, organismSpec })
    .catch((err) => { base.dispose(); throw err })
  const trainPool = promptPool(reward, task)
  const S = seeds.length, G = cfg.numGenerations, P = task.promptLength, L = task.maxCompletionLength
  const evalOpts = {
    samples: cfg.evalSamples, temperature: cfg.temperature,
    templateCollapsePrompts: cfg.templateCollapsePrompts, templateCollapseSamples: cfg.templateCollapseSamples,
  }
  const started = performance.now()
  // The policy before RL: held-out KL reference, and the KL-penalty reference when beta > 0.
  const initial = base.clone()
  const policies = seeds.map((_s, i) => (i === 0 ? base : base.clone()))
  const owned: { dispose(): void }[] = [initial, ...policies] // disposed at the end, whatever happens
  const runs = seeds.map((seed) => ({
    seed,
    rng: { prompts: makeRng(seed, 'prompts'), sample: makeRng(seed, 'sample'), reward: makeRng(seed, 'reward'), shuffle: makeRng(seed, 'shuffle') },
    history: [] as Metrics[], stepSeconds: [] as number[], evals: [] as { step: number; metrics: Metrics }[],
    failure: null as { error: unknown; step: number | null } | null,
  }))
  const live = () => runs.map((r, i) => (r.failure ? -1 : i)).filter((i) => i >= 0)
  const fail = (i: number, error: unknown, step: number | null) => { runs[i].failure ??= { error, step } }

  try {
    const runEval = (p: Policy): Metrics => ({ ...evaluate(p, task, evalOpts), 'eval/kl_initial': klToReference(p, initial, task, evalOpts) })
    const evals0 = runEval(base) // the same for every seed: evaluation streams do not depend on the seed
    for (const r of runs) r.evals.push({ step: 0, metrics: { ...evals0 } })
    policies.forEach((p, i) => opts.inspect?.(i, p, task, 'start'))
    const batch = new LinearSeedBatch(policies)
    owned.push(batch)
    const optimizer: tf.Optimizer = cfg.optimizer === 'adam'
      ? tf.train.adam(cfg.learningRate, cfg.adamBeta1, cfg.adamBeta2, cfg.adamEpsilon)
      : tf.train.sgd(cfg.learningRate)
    owned.push(optimizer)
    /** Copy the trained weights of the live seeds into their policies and evaluate them. */
    const evalLive = (step: number) => {
      const w = batch.weights()
      for (const i of live()) {
        policies[i].setWeights(w[i])
        runs[i].evals.push({ step, metrics: runEval(policies[i]) })
      }
    }

    for (let step = 1; step <= cfg.steps && live().length > 0; step++) {
      const t0 = performance.now()
      // 1. Rollouts of every live seed in one computation (a failed seed keeps prompt 0 and draws nothing).
      const draws: ({ problems: Problem[]; prompts: Int32Array } | null)[] = runs.map((r) => (r.failure ? null : drawPrompts(cfg, task, trainPool, r.rng.prompts)))
      const B = cfg.promptsPerStep * G
      const allPrompts = new Int32Array(S * B * P)
      draws.forEach((d, i) => d && allPrompts.set(d.prompts, i * B * P))
      const rolls = batch.sample(allPrompts, B, cfg.temperature, runs.map((r) => (r.failure ? null : r.rng.sample)))
      // 2-4. Per seed: rewards, advantages, which samples train, reference log-probs.
      const scored: (ScoredRollout | null)[] = runs.map((r, i) => {
        if (r.failure) return null
        try { return scoreRollout(cfg, task, reward, r.rng.reward, draws[i]!.problems, rolls[i]!) } catch (err) { fail(i, err, step); return null }
      })
      const refLogp = cfg.beta > 0
        ? draws.map((d, i) => (d && scored[i] ? forwardLogProbs(initial, d.prompts, rolls[i]!.tokens, cfg.temperature, 1024) : null))
        : null
      const numItems = [...new Set(scored.filter((x) => x).map((x) => x!.numItems))]
      if (cfg.lossType === 'dapo' && numItems.length > 1) throw new Error('trainSeeds: seeds differ in dapo numItemsInBatch (ragged masks)')
      const lossOpts = lossOptions(cfg, L, numItems[0] ?? 1)

      // 5. numIterations epochs x miniBatches optimiser steps, all seeds in each. Each update's
      //    diagnostics wait for the step's last update: then one policyLoss call computes those of
      //    every (update, seed) at once, each group exactly as alone (fewer tfjs ops).
      const acc = runs.map(() => new MetricAccumulator())
      const updates: Update[] = []
      try {
        for (let epoch = 0; epoch < cfg.numIterations; epoch++) {
          const gens = runs.map((r, i) => (scored[i] ? miniBatches(scored[i]!.keptGroups, G, cfg.miniBatches, cfg.miniBatchMode, r.rng.shuffle) : null))
          for (;;) {
            const rows = gens.map((g) => (g ? g.next().value ?? null : null))
            const n = rows.find((x) => x)?.length
            if (n === undefined) break
            if (rows.some((x, i) => gens[i] && x?.length !== n)) throw new Error('trainSeeds: seeds have mini-batches of different sizes')
            updates.push(updateStep(rows, n))
          }
        }
        if (updates.length) {
          const vals = diagnose(updates)
          const width = vals.length / (updates.length * S)
          updates.forEach((u, k) => u.rows.forEach((x, i) => {
            if (!x || runs[i].failure) return
            const v = vals.subarray((k * S + i) * width, (k * S + i + 1) * width)
            if (Number.isFinite(v[0])) acc[i].add(v) // in update order, as train() adds them
            else fail(i, new NonFiniteLossError(step, v[0]), step)
          }))
        }
      } finally {
        for (const u of updates) tf.dispose([u.logp, u.entropy, u.norm])
      }

      const seconds = (performance.now() - t0) / 1000 / S
      const stepped = live().filter((i) => scored[i])
      for (const i of stepped) {
        runs[i].history.push(stepMetrics(task, scored[i]!, cfg.promptsPerStep, acc[i]))
        runs[i].stepSeconds.push(seconds)
      }
      if (cfg.evalEvery > 0 && step % cfg.evalEvery === 0 && step !== cfg.steps) evalLive(step)
      for (const i of stepped) opts.onStep?.(i, step, runs[i].history[step - 1])

      /** One optimiser step of every seed on its rows (null: a failed seed, zeros masked out). */
      function updateStep(rowsOf: (Int32Array | null)[], n: number): Update {
        const pr = new Int32Array(S * n * P), co = new Int32Array(S * n * L), old = new Float32Array(S * n * L)
        const ref = refLogp ? new Float32Array(S * n * L) : null
        const adv = new Float32Array(S * n), mask = new Float32Array(S * n * L)
        rowsOf.forEach((rows, i) => {
          if (!rows) return
          copyRows(pr, i * n, draws[i]!.prompts, rows, P)
          copyRows(co, i * n, rolls[i]!.tokens, rows, L)
          copyRows(old, i * n, rolls[i]!.logprobs, rows, L)
          if (ref) copyRows(ref, i * n, refLogp![i]!, rows, L)
          copyRows(adv, i * n, scored[i]!.adv, rows, 1)
          copyRows(mask, i * n, scored[i]!.mask, rows, L)
        })
        const [logp, entropy, norm] = tf.tidy(() => {
          const inputs = {
            oldLogp: tf.tensor3d(old, [S, n, L]), refLogp: ref ? tf.tensor3d(ref, [S, n, L]) : undefined,
            advantages: tf.tensor2d(adv, [S, n]), mask: tf.tensor3d(mask, [S, n, L]),
          }
          // As in train(): the loss alone on the tape; the log-probs kept for the diagnostics.
          let kept: tf.Tensor3D[] = []
          const { grads } = tf.variableGrads(() => {
            const { logp, entropy } = batch.logProbs(pr, co, n, cfg.temperature)
            kept = [tf.keep(logp), tf.keep(entropy)]
            return policyLoss({ ...inputs, logp, entropy }, { ...lossOpts, diagnostics: false }).loss
          }, batch.variables)
          // Global-norm clipping per seed (every variable is [S, ...]).
          const norm = tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g), [1, 2])))) // [S]
          if (cfg.maxGradNorm !== null) {
            const coef = tf.reshape(tf.minimum(tf.div(cfg.maxGradNorm, tf.add(norm, 1e-6)), 1), [S, 1, 1])
            for (const k of Object.keys(grads)) grads[k] = tf.mul(grads[k], coef)
          }
          optimizer.applyGradients(grads)
          return [...kept, norm]
        })
        return { rows: rowsOf, n, old, ref, adv, mask, logp: logp as tf.Tensor3D, entropy: entropy as tf.Tensor3D, norm }
      }

      /** Per (update, seed), in that order: [loss diagnostics (10), grad norm, bucket tokens (nb), bucket clipped (nb)]. */
      function diagnose(us: Update[]): Float32Array {
        const n = us[0].n, GS = us.length * S
        if (us.some((u) => u.n !== n)) throw new Error('trainSeeds: updates of different sizes in one step')
        const join = (part: (u: Update) => Float32Array) => {
          const out = new Float32Array(us.length * part(us[0]).length)
          us.forEach((u, k) => out.set(part(u), k * part(u).length))
          return out
        }
        const out = tf.tidy(() => {
          const { groupLoss, metrics: m } = policyLoss({
            logp: tf.concat(us.map((u) => u.logp)), entropy: tf.concat(us.map((u) => u.entropy)),
            oldLogp: tf.tensor3d(join((u) => u.old), [GS, n, L]), refLogp: refLogp ? tf.tensor3d(join((u) => u.ref!), [GS, n, L]) : undefined,
            advantages: tf.tensor2d(join((u) => u.adv), [GS, n]), mask: tf.tensor3d(join((u) => u.mask), [GS, n, L]),
          }, lossOpts)
          const diag = tf.transpose(tf.stack(diagnostics(groupLoss, m!))) // [GS, 10]
          return tf.concat([diag, tf.reshape(tf.concat(us.map((u) => u.norm)), [GS, 1]), m!.bucketTokens!, m!.bucketClipped!], 1)
        })
        const vals = out.dataSync() as Float32Array
        out.dispose()
        return vals
      }
    }
    evalLive(cfg.steps)
    const w = batch.weights()
    for (const i of live()) {
      policies[i].setWeights(w[i])
      opts.inspect?.(i, policies[i], task, 'end')
    }
  } finally {
    for (const x of owned) x.dispose()
  }
  const wallSeconds = (performance.now() - started) / 1000 / S
  const config = { ...cfg, organism: organismSpec, organismName: typeof cfg.organism === 'string' ? cfg.organism : null }
  return runs.map((r): SeedResult => r.failure
    ? { seed: r.seed, ok: false, error: r.failure.error, step: r.failure.step }
    : { seed: r.seed, ok: true, record: { engineVersion: ENGINE_VERSION, backend, seed: r.seed, config: { ...config }, history: r.history, evals: r.evals, stepSeconds: r.stepSeconds, wallSeconds } })
}
