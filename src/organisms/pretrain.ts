// Supervised pretraining of a calibrated transformer organism on the corpus its spec defines.
//
// Soft targets: every problem's corpus is a small tree (mode x box x candidate answer) with known
// probabilities, so instead of sampling sequences from it we minimise the exact expected
// cross-entropy  E_corpus[-log q(sequence)] = sum over the tree's leaves of w_leaf * (-log q(leaf)),
// whose gradient is that of the per-position cross-entropy against the exact target distributions.
// It reaches its floor, the corpus entropy, exactly when the model reproduces the corpus; the gap
// is KL(corpus || model) per sequence, which the log reports.
//
// Each step takes promptsPerStep problems (train and held-out: pretraining stands for everything the
// model learnt before RL; "held out" means held out from RL) from seeded permutations, all leaves
// of each, and one AdamW update (betas 0.9 / 0.98, global grad-norm clip 1, linear warm-up, cosine
// decay). Deterministic: a pure function of the spec (and the backend's arithmetic).
import * as tf from '@tensorflow/tfjs'
import type { Weights } from '../engine/policy.js'
import { createTransformerPolicy } from '../policies/transformer.js'
import { makeRng, permutation } from '../util/rng.js'
import { arithmeticCorpus, arithmeticTable, arithmeticTask, PROMPT_LENGTH, type ArithmeticTable } from './arithmetic.js'
import { lengthCorpus, lengthTask } from './length.js'
import type { ArithmeticSpec } from './spec.js'

export interface PretrainProgress {
  step: number
  steps: number
  /** KL(corpus || model) per sequence on this step's problems (nats). */
  kl: number
  learningRate: number
  seconds: number
}

export interface PretrainOptions {
  /** Called every `every` steps and at the last step. */
  onProgress?: (p: PretrainProgress) => void
  every?: number
}

export interface PretrainResult {
  weights: Weights
  /** Mean KL(corpus || model) per sequence over the last 5% of steps. */
  finalKl: number
  seconds: number
}

const BETA1 = 0.9, BETA2 = 0.98, ADAM_EPS = 1e-8, MAX_GRAD_NORM = 1

export function learningRateAt(step: number, p: ArithmeticSpec['policy'] & { kind: 'transformer' }): number {
  const { steps, learningRate: peak, finalLearningRate: low, warmupSteps } = p.pretrain
  if (step < warmupSteps) return (peak * (step + 1)) / warmupSteps
  const t = steps <= warmupSteps ? 1 : (step - warmupSteps) / Math.max(1, steps - 1 - warmupSteps)
  return low + 0.5 * (peak - low) * (1 + Math.cos(Math.PI * Math.min(1, t)))
}

/** Pretrain the spec's transformer from its seeded initial weights. Needs an initialised backend. */
export function pretrainTransformer(spec: ArithmeticSpec, opts: PretrainOptions = {}, table: ArithmeticTable = arithmeticTable(spec)): PretrainResult {
  const arch = spec.policy
  if (arch.kind !== 'transformer') throw new Error('pretrainTransformer: the organism is not a transformer')
  const cfg = arch.pretrain
  // The length family (spec.length) has its own completions and corpus; the rest is the same.
  const task = spec.length ? lengthTask(spec, table) : arithmeticTask(spec, table)
  const corpus = spec.length ? lengthCorpus(spec, table) : arithmeticCorpus(spec, table)
  const policy = createTransformerPolicy({ dModel: arch.dModel, nLayers: arch.nLayers, nHeads: arch.nHeads, dMlp: arch.dMlp, initStd: arch.initStd }, task, spec.seed)
  const vars = policy.variables
  const decay = vars.map((v) => v.shape.length === 2) // matrices only
  const m = vars.map((v) => tf.variable(tf.zerosLike(v), false))
  const s = vars.map((v) => tf.variable(tf.zerosLike(v), false))
  const P = PROMPT_LENGTH, L = task.maxCompletionLength
  const nProblems = table.all.length
  const orderRng = makeRng(spec.seed, 'pretrain-order')
  let order = permutation(nProblems, orderRng), cursor = 0
  const started = performance.now()
  const tail = Math.max(1, Math.floor(cfg.steps * 0.05))
  let tailKl = 0
  try {
    for (let step = 0; step < cfg.steps; step++) {
      // The step's problems: the next promptsPerStep of a stream of seeded permutations.
      const picked: number[] = []
      while (picked.length < Math.min(cfg.promptsPerStep, nProblems)) {
        if (cursor === nProblems) { order = permutation(nProblems, orderRng); cursor = 0 }
        picked.push(order[cursor++])
      }
      let R = 0
      for (const i of picked) R += corpus.rowStart[i + 1] - corpus.rowStart[i]
      const pr = new Int32Array(R * P), co = new Int32Array(R * L), w = new Float32Array(R * L), tw = new Float32Array(R * L)
      let r = 0, entropy = 0
      for (const i of picked) {
        const lo = corpus.rowStart[i], hi = corpus.rowStart[i + 1]
        pr.set(corpus.prompts.subarray(lo * P, hi * P), r * P)
        co.set(corpus.completions.subarray(lo * L, hi * L), r * L)
        w.set(corpus.weights.subarray(lo * L, hi * L), r * L)
        tw.set(corpus.trainWeights.subarray(lo * L, hi * L), r * L)
        r += hi - lo
        entropy += corpus.entropy[i]
      }
      const lr = learningRateAt(step, arch)
      const t = step + 1
      const lossT = tf.tidy(() => {
        const prompts = tf.tensor2d(pr, [R, P], 'int32'), comps = tf.tensor2d(co, [R, L], 'int32')
        const weights = tf.tensor2d(w, [R, L]), trainWeights = tf.tensor2d(tw, [R, L])
        let trueLoss!: tf.Tensor
        const { grads } = tf.variableGrads(() => {
          const { logp } = policy.logProbs(prompts, comps, 1)
          trueLoss = tf.keep(tf.div(tf.neg(tf.sum(tf.mul(logp, weights))), picked.length))
          return tf.div(tf.neg(tf.sum(tf.mul(logp, trainWeights))), picked.length) as tf.Scalar
        }, vars)
        const gs = vars.map((v) => grads[v.name])
        const norm = tf.sqrt(tf.addN(gs.map((g) => tf.sum(tf.square(g)))))
        const coef = tf.minimum(tf.div(MAX_GRAD_NORM, tf.add(norm, 1e-6)), 1)
        const c1 = 1 - BETA1 ** t, c2 = 1 - BETA2 ** t
        vars.forEach((v, k) => {
          const g = tf.mul(gs[k], coef)
          const mk = tf.add(tf.mul(m[k], BETA1), tf.mul(g, 1 - BETA1))
          const sk = tf.add(tf.mul(s[k], BETA2), tf.mul(tf.square(g), 1 - BETA2))
          m[k].assign(mk)
          s[k].assign(sk)
          let upd = tf.div(tf.div(mk, c1), tf.add(tf.sqrt(tf.div(sk, c2)), ADAM_EPS))
          if (decay[k] && cfg.weightDecay > 0) upd = tf.add(upd, tf.mul(v, cfg.weightDecay))
          v.assign(tf.sub(v, tf.mul(upd, lr)))
        })
        return trueLoss
      })
      const loss = lossT.dataSync()[0]
      lossT.dispose()
      if (!Number.isFinite(loss)) throw new Error(`pretraining diverged at step ${step + 1} (loss ${loss}): lower pretrain.learningRate`)
      const kl = loss - entropy / picked.length
      if (step >= cfg.steps - tail) tailKl += kl / tail
      const every = opts.every ?? 100
      if (opts.onProgress && ((step + 1) % every === 0 || step === cfg.steps - 1)) {
        opts.onProgress({ step: step + 1, steps: cfg.steps, kl, learningRate: lr, seconds: (performance.now() - started) / 1000 })
      }
    }
    return { weights: policy.getWeights(), finalKl: tailKl, seconds: (performance.now() - started) / 1000 }
  } finally {
    policy.dispose()
    for (const x of [...m, ...s]) x.dispose()
  }
}
