// The GRPO training loop, over a leading seed axis: S runs of one config (one per seed) train
// together, and train() (src/engine/trainer.ts) is the case S = 1. Read top to bottom: sample
// groups, score them, compute advantages, then numIterations x miniBatches clipped updates.
//
// What touches the policy is seed-batched (a SeedBatch, src/engine/seed-batch.ts): sampling, and
// each update is one gradient tape, one policyLoss over [S, n, L] (a group axis: each seed
// aggregated over its own mini-batch), per-seed gradient-norm clipping and one optimiser call for
// every seed, so tfjs's per-op cost outside the policy is paid once for S seeds. Everything else
// stays per seed, drawn exactly as for the seed alone: RNG streams (prompts, sample, reward,
// shuffle), rewards, advantages, mini-batch shuffles, optimiser state (elementwise), diagnostics,
// evaluations. Each seed's RunRecord is the one of the seed trained alone, bit for bit, whichever
// seeds share its batch (test/train-seeds.test.ts); a seed whose loss turns non-finite fails alone.
// stepSeconds and wallSeconds are the batch's times divided by its seeds (each seed's share).
import * as tf from '@tensorflow/tfjs'
import { initBackend } from './backend.js'
import { parseConfig, type GrpoConfig, type GrpoConfigInput } from './config.js'
import { forwardLogProbs } from './forward.js'
import { policyLoss } from './grpo-loss.js'
import type { Policy } from './policy.js'
import { ENGINE_VERSION, NonFiniteLossError, type Metrics, type RunRecord } from './run-record.js'
import type { SeedBatch } from './seed-batch.js'
import { diagnostics, drawPrompts, lossOptions, MetricAccumulator, miniBatches, scoreRollout, stepMetrics, type ScoredRollout } from './step.js'
import { buildOrganism, resolveOrganism } from '../organisms/index.js'
import type { Problem, Task } from '../organisms/task.js'
import { buildReward, promptPool } from '../rewards/index.js'
import { evaluate } from '../metrics/evaluate.js'
import { klToReference } from '../metrics/kl.js'
import { LinearSeedBatch } from '../policies/linear.js'
import { TransformerSeedBatch } from '../policies/transformer-seeds.js'
import { makeRng } from '../util/rng.js'

/** One seed-batched optimiser update: its inputs (host arrays) and outputs, for the step's diagnostics. */
interface Update {
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
  /** Which seeds this update trained. */
  live: boolean[]
}

/** dst rows [at, at + rows.length) = src rows `rows`, each `width` wide. */
function copyRows(dst: Float32Array | Int32Array, at: number, src: Float32Array | Int32Array, rows: Int32Array, width: number): void {
  for (let i = 0; i < rows.length; i++) {
    const from = rows[i] * width, to = (at + i) * width
    for (let j = 0; j < width; j++) dst[to + j] = src[from + j]
  }
}

/** Why cfg's seeds cannot train together (then train() each seed: S = 1), or null. Decided by the config alone. */
export function seedBatchable(cfg: GrpoConfig): string | null {
  const o = resolveOrganism(cfg.organism)
  // The length organisms' linear policy is not LinearSeedBatch's stacked one: it trains seed by seed.
  if (o.kind === 'arithmetic' && o.length) return 'the organism has variable-length completions (its own linear policy)'
  // tfjs-wasm's batched matMul sums in blocks of 48 terms, its single matMul (XNNPACK) in one run:
  // they agree bit for bit only up to 48 features (the linear batch stacks weights on the seed axis).
  const features = o.kind === 'linear' ? o.features : o.kind === 'arithmetic' && o.policy.kind === 'linear' ? o.policy.features : 0
  if (features > 48) return `the policy has ${features} > 48 features`
  // Dropped groups would make the seeds' mini-batches ragged.
  if (cfg.dynamicSampling) return 'dynamicSampling is on'
  return null
}

const TRANSFORMER_ROWS_PER_UPDATE = 1024

/**
 * Most seeds of one config to train in one batch. Linear: speed per seed flattens out by ~16 and
 * memory is small. Transformer: per seed ~S-independent compute, so the batch only saves the loop's
 * own per-op cost, and one update's activations over every seed's mini-batch must fit tfjs-wasm's
 * heap: 8 seeds x 128 rows train, 8 seeds x 2,048 rows (one mini-batch per step, clipping-bias's
 * on-policy arm) failed with "memory access out of bounds". So at most 1,024 rows per update across
 * the batch's seeds (the measured case), and one seed always trains (2,048 rows alone do).
 */
export function seedBatchLimit(cfg: GrpoConfig): number {
  const o = resolveOrganism(cfg.organism)
  const linear = o.kind === 'linear' || (o.kind === 'arithmetic' && o.policy.kind === 'linear')
  if (linear) return 32
  const rowsPerUpdate = (cfg.promptsPerStep * cfg.numGenerations) / cfg.miniBatches
  return Math.max(1, Math.min(8, Math.floor(TRANSFORMER_ROWS_PER_UPDATE / rowsPerUpdate)))
}

function makeSeedBatch(policies: Policy[]): SeedBatch {
  // LinearSeedBatch stacks LinearPolicy weights; any other policy (transformer, the length organisms'
  // linear policy) trains through its own Policy methods, one seed's tape beside the next.
  return LinearSeedBatch.accepts(policies[0]) ? new LinearSeedBatch(policies) : new TransformerSeedBatch(policies)
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
 * for all seeds, only when the config cannot train at all (invalid, not seedBatchable with more
 * than one seed, reward build).
 */
export async function trainSeeds(input: GrpoConfigInput, seeds: number[], opts: TrainSeedsOptions = {}): Promise<SeedResult[]> {
  const cfg = parseConfig(input)
  const why = seeds.length > 1 ? seedBatchable(cfg) : null
  if (why) throw new Error(`trainSeeds: ${why}; train each seed with train()`)
  const backend = await initBackend()
  const organismSpec = resolveOrganism(cfg.organism)
  const { task, policy: base } = await buildOrganism(organismSpec)
  // Built from the pre-RL policy (majority labels; may restrict the training prompts: incorrect-label,
  // one-shot); a reward is pure given its rng, so one serves all seeds.
  const reward = await buildReward(cfg.reward, { task, policy: base, backend, organismSpec })
    .catch((err) => { base.dispose(); throw err })
  const trainPool = promptPool(reward, task)
  const S = seeds.length, G = cfg.numGenerations, P = task.promptLength, L = task.maxCompletionLength
  const evalOpts = {
    samples: cfg.evalSamples, temperature: cfg.temperature,
    templateCollapsePrompts: cfg.templateCollapsePrompts, templateCollapseSamples: cfg.templateCollapseSamples,
  }
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
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
    const batch = makeSeedBatch(policies)
    owned.push(batch)
    const optimizer: tf.Optimizer = cfg.optimizer === 'adam'
      ? tf.train.adam(cfg.learningRate, cfg.adamBeta1, cfg.adamBeta2, cfg.adamEpsilon)
      : tf.train.sgd(cfg.learningRate)
    owned.push(optimizer)
    const evalLive = (step: number) => { for (const i of live()) runs[i].evals.push({ step, metrics: runEval(batch.policy(i)) }) }

    for (let step = 1; step <= cfg.steps && live().length > 0; step++) {
      const t0 = performance.now()
      // 1. Rollouts: G completions for each of promptsPerStep prompts, laid out group by group, for
      //    every live seed in one call (a failed seed keeps prompt 0 and draws nothing).
      const draws: ({ problems: Problem[]; prompts: Int32Array } | null)[] = runs.map((r) => (r.failure ? null : drawPrompts(cfg, task, trainPool, r.rng.prompts)))
      const B = cfg.promptsPerStep * G
      const allPrompts = new Int32Array(S * B * P)
      draws.forEach((d, i) => d && allPrompts.set(d.prompts, i * B * P))
      const rolls = batch.sample(allPrompts, B, cfg.temperature, runs.map((r) => (r.failure ? null : r.rng.sample)))
      // 2-3. Per seed: rewards, advantages, which samples train.
      const scored: (ScoredRollout | null)[] = runs.map((r, i) => {
        if (r.failure) return null
        try { return scoreRollout(cfg, task, reward, r.rng.reward, draws[i]!.problems, rolls[i]!) } catch (err) { fail(i, err, step); return null }
      })
      // 4. Old (and reference) log-probs: constants during this step's updates. The sampler already
      //    computed log pi_old(token) at the temperature; a second forward pass would only repeat it
      //    (to float rounding) at ~15% of a transformer step's cost.
      const refLogp = cfg.beta > 0
        ? draws.map((d, i) => (d && scored[i] ? forwardLogProbs(initial, d.prompts, rolls[i]!.tokens, cfg.temperature, 1024) : null))
        : null
      // dapo's normaliser: each seed's own tokens that train in this generation batch.
      const numItems = scored.map((x) => x?.numItems ?? 1)
      const lossOpts = lossOptions(cfg, L, numItems)

      // 5. numIterations epochs x miniBatches optimiser steps, all seeds in each. Each update's
      //    diagnostics wait for the step's last update: then one policyLoss call per mini-batch
      //    size computes those of every (update, seed) at once, each group exactly as alone.
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
        const vals = diagnose(updates)
        updates.forEach((u, k) => u.live.forEach((on, i) => {
          if (!on || runs[i].failure) return
          const v = vals[k][i]
          if (Number.isFinite(v[0])) acc[i].add(v) // in update order
          else fail(i, new NonFiniteLossError(step, v[0]), step)
        }))
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
        const on = rowsOf.map((x) => x !== null)
        const [logp, entropy, norm] = tf.tidy(() => {
          const inputs = {
            oldLogp: tf.tensor3d(old, [S, n, L]), refLogp: ref ? tf.tensor3d(ref, [S, n, L]) : undefined,
            advantages: tf.tensor2d(adv, [S, n]), mask: tf.tensor3d(mask, [S, n, L]),
          }
          // The loss alone on the gradient tape; its diagnostics later, on the same log-probs, off
          // the tape (they cost as much as the backward pass of a small policy when taped).
          let kept: tf.Tensor3D[] = []
          const { grads } = tf.variableGrads(() => {
            const { logp, entropy } = batch.logProbs(pr, co, n, cfg.temperature, on)
            kept = [tf.keep(logp), tf.keep(entropy)]
            return policyLoss({ ...inputs, logp, entropy }, { ...lossOpts, diagnostics: false }).loss
          }, batch.variables(on))
          // Global-norm clipping per seed, as torch.nn.utils.clip_grad_norm_: coef = min(1, max / (norm + 1e-6)).
          const norm = batch.gradNorms(grads, on)
          const coef = cfg.maxGradNorm === null ? null : tf.minimum(tf.div(cfg.maxGradNorm, tf.add(norm, 1e-6)), 1) as tf.Tensor1D
          optimizer.applyGradients(batch.scaleGrads(grads, coef, on))
          return [...kept, norm]
        })
        return { n, old, ref, adv, mask, logp: logp as tf.Tensor3D, entropy: entropy as tf.Tensor3D, norm, live: on }
      }

      /**
       * [update][seed]: [loss diagnostics (10), grad norm, bucket tokens (nb), bucket clipped (nb)].
       * One policyLoss call per mini-batch size (they differ only when fewer rows than the config's
       * batch remain), over a group axis of (update, seed).
       */
      function diagnose(us: Update[]): Float32Array[][] {
        const out: Float32Array[][] = us.map(() => [])
        for (const n of new Set(us.map((u) => u.n))) {
          const ks = us.map((u, k) => (u.n === n ? k : -1)).filter((k) => k >= 0)
          const part = ks.map((k) => us[k])
          const GS = part.length * S
          const join = (get: (u: Update) => Float32Array) => {
            const w = get(part[0]).length, dst = new Float32Array(part.length * w)
            part.forEach((u, j) => dst.set(get(u), j * w))
            return dst
          }
          const t = tf.tidy(() => {
            const { groupLoss, metrics: m } = policyLoss({
              logp: tf.concat(part.map((u) => u.logp)), entropy: tf.concat(part.map((u) => u.entropy)),
              oldLogp: tf.tensor3d(join((u) => u.old), [GS, n, L]), refLogp: refLogp ? tf.tensor3d(join((u) => u.ref!), [GS, n, L]) : undefined,
              advantages: tf.tensor2d(join((u) => u.adv), [GS, n]), mask: tf.tensor3d(join((u) => u.mask), [GS, n, L]),
            }, { ...lossOpts, numItemsPerGroup: part.flatMap(() => numItems) })
            const diag = tf.transpose(tf.stack(diagnostics(groupLoss, m!))) // [GS, 10]
            return tf.concat([diag, tf.reshape(tf.concat(part.map((u) => u.norm)), [GS, 1]), m!.bucketTokens!, m!.bucketClipped!], 1)
          })
          const vals = t.dataSync() as Float32Array
          t.dispose()
          const width = vals.length / GS
          ks.forEach((k, j) => { for (let i = 0; i < S; i++) out[k][i] = vals.subarray((j * S + i) * width, (j * S + i + 1) * width) })
        }
        return out
      }
    }
    evalLive(cfg.steps)
    for (const i of live()) opts.inspect?.(i, batch.policy(i), task, 'end')
  } finally {
    for (const x of owned) x.dispose()
  }
  const wallSeconds = (performance.now() - started) / 1000 / S
  // The process's CPU time: with RLVR_WORKERS > 1 it includes the other workers' threads.
  const cpu = process.cpuUsage(cpuStarted)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 / S
  const config = { ...cfg, organism: organismSpec, organismName: typeof cfg.organism === 'string' ? cfg.organism : null }
  return runs.map((r): SeedResult => r.failure
    ? { seed: r.seed, ok: false, error: r.failure.error, step: r.failure.step }
    : { seed: r.seed, ok: true, record: { engineVersion: ENGINE_VERSION, backend, seed: r.seed, config: { ...config }, history: r.history, evals: r.evals, stepSeconds: r.stepSeconds, wallSeconds, cpuSeconds } })
}
