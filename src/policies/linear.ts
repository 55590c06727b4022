// The linear policy of the mode organism (docs/organisms.md): a completion is [mode, answer].
//   mode   ~ softmax((b + x_p W + o_p) / T)           x_p: fixed random features of prompt p; o_p: an
//                                                      optional fixed per-prompt mode offset (0 without)
//   answer ~ softmax((c[mode] + x_p U[mode] + A_p[mode]) / T)   per-mode answer head (trainable or
//                                                      fixed); A_p: an optional fixed per-prompt
//                                                      answer table (log-probs), 0 without one
// Prompts are one token: the index of the prompt's feature row.
import * as tf from '@tensorflow/tfjs'
import type { Policy, Rollout, SampleOptions, TaskShape, TokenLogProbs, Weights } from '../engine/policy.js'
import type { SeedBatch } from '../engine/seed-batch.js'
import { assignVariables, readVariables } from './named-variables.js'
import { makeRng, sampleIndex, type Rng } from '../util/rng.js'

export interface LinearPolicyOptions {
  numModes: number
  numAnswers: number
  /** Rows of the feature table: every prompt token (train and eval) indexes one. */
  numPrompts: number
  /** Feature dimension F. */
  features: number
  /** Std of each feature component. */
  featureScale: number
  /** Initial P(mode), one entry per mode (sets b; W starts at 0 unless initScale > 0). */
  modePrior: number[]
  /**
   * P(mode | prompt), [numPrompts][numModes]: a prompt-dependent prior around modePrior (the arithmetic
   * organisms' modeSpread). The fixed offset o_p = log P_p - log modePrior joins the mode logits, so
   * every prompt starts at P_p while b and W train as without it. Absent: o_p = 0 (no op is added).
   */
  modeTable?: number[][]
  /** Initial P(answer | mode), [numModes][numAnswers] (sets c; U starts at 0). Unused with answerTable. */
  answerProbs?: number[][]
  /**
   * P(answer | prompt, mode), [numPrompts][numModes][numAnswers]: a fixed per-prompt table whose
   * logs are added to the answer logits (then c starts at 0). The calibrated organisms use it for
   * per-problem difficulty and error patterns.
   */
  answerTable?: number[][][]
  /** Train c and U too; false keeps P(answer | mode) fixed, as in the section-2 organism. */
  trainAnswerHead: boolean
  /** Std of the initial W and U entries. */
  initScale: number
}

export function createLinearPolicy(o: LinearPolicyOptions, seed: number): Policy {
  const M = o.numModes, K = o.numAnswers, F = o.features
  if (o.modePrior.length !== M) throw new Error(`linear policy: modePrior has ${o.modePrior.length} entries, expected numModes = ${M}`)
  if (o.answerTable) {
    if (o.answerTable.length !== o.numPrompts || o.answerTable.some((t) => t.length !== M || t.some((r) => r.length !== K))) {
      throw new Error(`linear policy: answerTable must be [${o.numPrompts}][${M}][${K}] (prompts x modes x answers)`)
    }
  } else if (!o.answerProbs || o.answerProbs.length !== M || o.answerProbs.some((r) => r.length !== K)) {
    throw new Error(`linear policy: answerProbs must be [${M}][${K}] (modes x answers)`)
  }
  const modeOffset = modeOffsetTable(o)
  const rng = makeRng(seed, 'linear-init')
  const randn = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale)
  const logOf = (p: number[]) => Float32Array.from(p, (v) => Math.log(Math.max(v, 1e-12)))
  // Features are part of the organism, not trained: same seed, same prompts.
  const features = tf.tensor2d(randn(o.numPrompts * F, o.featureScale), [o.numPrompts, F])
  // tf.variable keeps its own copy of the data: dispose the initial tensor.
  const own = (t: tf.Tensor, trainable: boolean) => { const v = tf.variable(t, trainable); t.dispose(); return v }
  const vars = {
    modeBias: own(tf.tensor1d(logOf(o.modePrior)), true),
    modeW: own(tf.tensor2d(randn(F * M, o.initScale), [F, M]), true),
    answerBias: own(o.answerTable ? tf.zeros([1, M * K]) : tf.tensor2d(logOf(o.answerProbs!.flat()), [1, M * K]), o.trainAnswerHead),
    answerW: own(tf.tensor2d(randn(F * M * K, o.initScale), [F, M * K]), o.trainAnswerHead),
  }
  const table = o.answerTable ? tf.tensor2d(logOf(o.answerTable.flat(2)), [o.numPrompts, M * K]) : null
  return new LinearPolicy(o, features, vars, table, modeOffset)
}

/** The fixed per-prompt mode offsets log P_p - log prior, [numPrompts, M], or null without a modeTable. */
export function modeOffsetTable(o: Pick<LinearPolicyOptions, 'numModes' | 'numPrompts' | 'modePrior' | 'modeTable'>): tf.Tensor2D | null {
  const M = o.numModes, t = o.modeTable
  if (!t) return null
  if (t.length !== o.numPrompts || t.some((r) => r.length !== M)) throw new Error(`linear policy: modeTable must be [${o.numPrompts}][${M}] (prompts x modes)`)
  // A mode with prior 0 has P_p = 0: its offset is 0, so it stays at the clamped prior (never resurrected).
  const log = (p: number) => Math.log(Math.max(p, 1e-12))
  return tf.tensor2d(Float32Array.from(t.flatMap((row) => row.map((p, m) => log(p) - log(o.modePrior[m])))), [o.numPrompts, M])
}

type Vars = { modeBias: tf.Variable; modeW: tf.Variable; answerBias: tf.Variable; answerW: tf.Variable }

class LinearPolicy implements Policy {
  readonly kind = 'linear' as const
  readonly shape: TaskShape
  // Not private: LinearSeedBatch (below) stacks them.
  constructor(readonly o: LinearPolicyOptions, readonly features: tf.Tensor2D, readonly v: Vars, readonly table: tf.Tensor2D | null = null,
    readonly modeOffset: tf.Tensor2D | null = null) {
    this.shape = { vocabSize: o.numModes + o.numAnswers, promptLength: 1, maxCompletionLength: 2, eosToken: -1, padToken: -1 }
  }

  get variables(): tf.Variable[] {
    const all = [this.v.modeBias, this.v.modeW, this.v.answerBias, this.v.answerW]
    return all.filter((x) => x.trainable)
  }

  /** Mode logits [B, M] and answer logits for every mode [B, M, K], already divided by T. */
  private logits(promptIdx: tf.Tensor1D, temperature: number): [tf.Tensor2D, tf.Tensor3D] {
    const M = this.o.numModes, K = this.o.numAnswers
    const x = tf.gather(this.features, promptIdx) // [B, F]; constant, so no gather gradient
    let modeZ = tf.add(tf.matMul(x, this.v.modeW), this.v.modeBias) // [B, M]
    if (this.modeOffset) modeZ = tf.add(modeZ, tf.gather(this.modeOffset, promptIdx)) // constant per-prompt prior
    let ansZ = tf.add(tf.matMul(x, this.v.answerW), this.v.answerBias) // [B, M*K]
    if (this.table) ansZ = tf.add(ansZ, tf.gather(this.table, promptIdx)) // constant per-prompt table
    return [tf.div(modeZ, temperature), tf.div(tf.reshape(ansZ, [-1, M, K]), temperature)]
  }

  logProbs(prompts: tf.Tensor2D, completions: tf.Tensor2D, temperature: number): TokenLogProbs {
    const M = this.o.numModes, K = this.o.numAnswers
    const B = prompts.shape[0]
    const [modeZ, ansZ] = this.logits(tf.reshape(prompts, [B]) as tf.Tensor1D, temperature)
    const [modeTok, ansTok] = tf.split(completions, 2, 1)
    const modeOh = tf.oneHot(tf.reshape(modeTok, [B]), M) // [B, M]
    const ansOh = tf.oneHot(tf.sub(tf.reshape(ansTok, [B]), tf.scalar(M, 'int32')) as tf.Tensor1D, K) // [B, K]
    const modeLsm = tf.logSoftmax(modeZ)
    // Answer logits of the chosen mode: [B, K]
    const ansZm = tf.sum(tf.mul(ansZ, tf.reshape(modeOh, [B, M, 1])), 1) as tf.Tensor2D
    const ansLsm = tf.logSoftmax(ansZm)
    const lp0 = tf.sum(tf.mul(modeOh, modeLsm), 1)
    const lp1 = tf.sum(tf.mul(ansOh, ansLsm), 1)
    const ent = (lsm: tf.Tensor2D) => tf.neg(tf.sum(tf.mul(tf.exp(lsm), lsm), 1))
    return {
      logp: tf.stack([lp0, lp1], 1) as tf.Tensor2D,
      entropy: tf.stack([ent(modeLsm), ent(ansLsm)], 1) as tf.Tensor2D,
    }
  }

  sample(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout {
    const M = this.o.numModes, K = this.o.numAnswers
    const [modeP, ansP] = tf.tidy(() => {
      const [mz, az] = this.logits(tf.tensor1d(prompts, 'int32'), opts.temperature)
      return [tf.softmax(mz), tf.softmax(az)]
    })
    const pm = modeP.dataSync() as Float32Array, pa = ansP.dataSync() as Float32Array
    modeP.dispose(); ansP.dispose()
    return drawRollout(this.o, pm, pa, Int32Array.from({ length: batch }, (_, b) => b), opts.rng)
  }

  /** Exact P(mode) [B, M] and P(answer | mode) [B, M, K] at temperature T, for exact evaluation. */
  probabilities(promptIdx: Int32Array, temperature = 1): { mode: Float32Array; answer: Float32Array } {
    return tf.tidy(() => {
      const [mz, az] = this.logits(tf.tensor1d(promptIdx, 'int32'), temperature)
      return { mode: tf.softmax(mz).dataSync() as Float32Array, answer: tf.softmax(az).dataSync() as Float32Array }
    })
  }

  clone(): Policy {
    const copy = (x: tf.Variable) => tf.variable(x, x.trainable)
    return new LinearPolicy(this.o, this.features.clone(), {
      modeBias: copy(this.v.modeBias), modeW: copy(this.v.modeW),
      answerBias: copy(this.v.answerBias), answerW: copy(this.v.answerW),
    }, this.table ? this.table.clone() : null, this.modeOffset ? this.modeOffset.clone() : null)
  }

  copyFrom(other: Policy): void {
    this.setWeights(other.getWeights())
  }

  getWeights(): Weights {
    return readVariables(this.v)
  }

  setWeights(w: Weights): void {
    assignVariables(this.v, w, 'linear policy')
  }

  dispose(): void {
    this.features.dispose()
    this.table?.dispose()
    this.modeOffset?.dispose()
    for (const x of Object.values(this.v)) x.dispose()
  }
}

/**
 * One sampled completion per row: P(mode) [rows, M] and P(answer | mode) [rows, M, K] at table row
 * rows[b] for sample b. Position 0 (mode) for every sample, then position 1 (answer): the
 * interface's uniform order.
 */
function drawRollout(o: LinearPolicyOptions, pm: Float32Array, pa: Float32Array, rows: Int32Array, rng: Rng): Rollout {
  const M = o.numModes, K = o.numAnswers, batch = rows.length
  const tokens = new Int32Array(batch * 2), logprobs = new Float32Array(batch * 2)
  const modes = new Int32Array(batch)
  for (let b = 0; b < batch; b++) {
    const m = sampleIndex(pm, rows[b] * M, M, rng.next())
    modes[b] = m
    tokens[2 * b] = m
    logprobs[2 * b] = Math.log(pm[rows[b] * M + m])
  }
  for (let b = 0; b < batch; b++) {
    const off = (rows[b] * M + modes[b]) * K
    const a = sampleIndex(pa, off, K, rng.next())
    tokens[2 * b + 1] = M + a
    logprobs[2 * b + 1] = Math.log(pa[off + a])
  }
  // With a fixed answer head the answer is the environment's draw, not an action: masking it
  // keeps the loss on the mode token alone, exactly the section-2 organism.
  const mask = new Float32Array(batch * 2)
  for (let b = 0; b < batch; b++) { mask[2 * b] = 1; mask[2 * b + 1] = o.trainAnswerHead ? 1 : 0 }
  return { batch, length: 2, tokens, logprobs, mask, eos: new Uint8Array(batch).fill(1) }
}

/** Entropy over the last axis from log-probabilities: -sum(p log p), as LinearPolicy.logProbs. */
const entropyOf = (lsm: tf.Tensor) => tf.neg(tf.sum(tf.mul(tf.exp(lsm), lsm), -1))

/**
 * S linear policies of one organism (same options, features and answer table; their own weights)
 * stacked on a leading seed axis: modeBias [S, 1, M], modeW [S, F, M], answerBias [S, 1, M*K],
 * answerW [S, F, M*K]. Sampling, and the log-probs of an update, of all S seeds are one tfjs
 * computation each (batched matMul), so tfjs's per-op cost is paid once for S seeds. Constants are
 * prepared on the host: the feature rows, one-hot tokens and, with a fixed answer head, the answer
 * logits (computed once per prompt). Per row the arithmetic is LinearPolicy's bit for bit (a row's
 * logits depend on that row alone; batched and single matMul sum the same way for F <= 48 on wasm,
 * always on cpu), and nothing mixes seeds: a seed whose weights turn NaN leaves the others alone.
 */
export class LinearSeedBatch implements SeedBatch {
  readonly size: number
  private readonly policies: LinearPolicy[]
  private readonly o: LinearPolicyOptions
  private readonly features: Float32Array // [numPrompts, F]
  /** Features tiled per seed, [S, numPrompts, F]: the rows of every prompt (sampling, answer logits). */
  private readonly allRows: tf.Tensor3D
  private readonly table: tf.Tensor2D | null
  /** The per-prompt mode offsets [numPrompts, M] (LinearPolicyOptions.modeTable), on the host and as a tensor; null without. */
  private readonly modeOffset: { host: Float32Array; tensor: tf.Tensor2D } | null
  private readonly v: Vars
  /** With a fixed answer head: its per-prompt figures by temperature (fixedAnswer). */
  private readonly fixedAnswers = new Map<number, { lsm: Float32Array; ent: Float32Array }>()

  /** Whether p is the stacked-weights linear policy this batch trains (not, e.g., the length organisms'). */
  static accepts(p: Policy): boolean {
    return p instanceof LinearPolicy
  }

  /** Stacks the current weights of policies (all from one organism: createLinearPolicy or clones). */
  constructor(policies: Policy[]) {
    const lin = policies.map((p) => {
      if (!(p instanceof LinearPolicy)) throw new Error('LinearSeedBatch: every policy must be a linear policy')
      return p
    })
    if (lin.length === 0) throw new Error('LinearSeedBatch: no policies')
    const first = lin[0], S = lin.length
    this.policies = lin
    this.o = first.o
    this.size = S
    this.features = first.features.dataSync().slice() as Float32Array
    this.allRows = tf.tidy(() => tf.tile(tf.expandDims(first.features, 0), [S, 1, 1]) as tf.Tensor3D)
    this.table = first.table ? first.table.clone() : null
    this.modeOffset = first.modeOffset ? { host: first.modeOffset.dataSync().slice() as Float32Array, tensor: first.modeOffset.clone() } : null
    const stack = (k: keyof Vars) => {
      const x = first.v[k]
      const stacked = tf.tidy(() => tf.reshape(tf.stack(lin.map((p) => p.v[k])), [S, ...(x.rank === 1 ? [1] : []), ...x.shape]))
      const out = tf.variable(stacked, x.trainable)
      stacked.dispose()
      return out
    }
    this.v = { modeBias: stack('modeBias'), modeW: stack('modeW'), answerBias: stack('answerBias'), answerW: stack('answerW') }
  }

  /** Trainable variables, in the order of LinearPolicy.variables; every seed's (a failed seed's rows are zeros). */
  variables(): tf.Variable[] {
    return [this.v.modeBias, this.v.modeW, this.v.answerBias, this.v.answerW].filter((x) => x.trainable)
  }

  /** Per seed: sqrt of the sum over variables of the sum of squares (every variable is [S, ...]). */
  gradNorms(grads: tf.NamedTensorMap): tf.Tensor1D {
    return tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g), [1, 2])))) as tf.Tensor1D
  }

  scaleGrads(grads: tf.NamedTensorMap, coef: tf.Tensor1D | null): tf.NamedTensorMap {
    if (coef === null) return grads
    const c = tf.reshape(coef, [this.size, 1, 1])
    return Object.fromEntries(Object.entries(grads).map(([k, g]) => [k, tf.mul(g, c)]))
  }

  /** Seed s's LinearPolicy, its weights copied from the batch. */
  policy(s: number): Policy {
    this.policies[s].setWeights(this.weights()[s])
    return this.policies[s]
  }

  // Rows x [S, n, F] -> mode logits [S, n, M] and answer logits [S, n, M, K] (table: the rows' answer
  // table, [S, n, M*K]), divided by T: LinearPolicy.logits with a seed axis.
  private modeLogits(x: tf.Tensor3D, T: number, offset: tf.Tensor | null = null): tf.Tensor3D {
    const z = tf.add(tf.matMul(x, this.v.modeW), this.v.modeBias)
    return tf.div(offset ? tf.add(z, offset) : z, T)
  }
  private answerLogits(x: tf.Tensor3D, table: tf.Tensor | null, T: number): tf.Tensor4D {
    const [S, n] = x.shape
    let ansZ = tf.add(tf.matMul(x, this.v.answerW), this.v.answerBias)
    if (table) ansZ = tf.add(ansZ, table)
    return tf.div(tf.reshape(ansZ, [S, n, this.o.numModes, this.o.numAnswers]), T)
  }

  /**
   * A fixed answer head, per (seed, prompt, mode), computed once per T as logProbs would per row:
   * log-softmax of the answer logits [S, numPrompts, M, K] and its entropy [S, numPrompts, M].
   */
  private fixedAnswer(T: number): { lsm: Float32Array; ent: Float32Array } {
    let out = this.fixedAnswers.get(T)
    if (!out) {
      const [lsm, ent] = tf.tidy(() => {
        const l = tf.logSoftmax(this.answerLogits(this.allRows, this.table, T))
        return [l, entropyOf(l)]
      })
      out = { lsm: lsm.dataSync() as Float32Array, ent: ent.dataSync() as Float32Array }
      lsm.dispose(); ent.dispose()
      this.fixedAnswers.set(T, out)
    }
    return out
  }

  /**
   * Log-probs and entropies [S, n, 2] of given completions, from host arrays: prompts [S * n] prompt
   * ids, completions [S * n * 2] tokens, seed after seed. To be called inside tf.tidy / variableGrads.
   * What is constant is looked up on the host: feature rows, one-hot tokens and, with a fixed answer
   * head, the answer position's log-prob and entropy (LinearPolicy's sum(one-hot x row) selects
   * exactly these values).
   */
  logProbs(prompts: Int32Array, completions: Int32Array, n: number, T: number): { logp: tf.Tensor3D; entropy: tf.Tensor3D } {
    // A failed seed's rows stay in (prompt 0, token 0): its weights may be NaN, which no other seed reads.
    const M = this.o.numModes, K = this.o.numAnswers, F = this.o.features, Np = this.o.numPrompts, S = this.size, rows = S * n
    const fixed = this.v.answerW.trainable ? null : this.fixedAnswer(T)
    const x = new Float32Array(rows * F), modeOh = new Float32Array(rows * M), ansOh = new Float32Array(rows * K)
    const lp1 = new Float32Array(rows), ent1 = new Float32Array(rows)
    const off = this.modeOffset ? new Float32Array(rows * M) : null
    for (let r = 0; r < rows; r++) {
      const p = prompts[r], m = completions[2 * r], a = completions[2 * r + 1] - M
      for (let f = 0; f < F; f++) x[r * F + f] = this.features[p * F + f]
      if (off) for (let k = 0; k < M; k++) off[r * M + k] = this.modeOffset!.host[p * M + k]
      // Out-of-range tokens (a failed seed's padding) give a zero row, as tf.oneHot does.
      if (m >= 0 && m < M) modeOh[r * M + m] = 1
      if (a >= 0 && a < K) ansOh[r * K + a] = 1
      if (fixed && m >= 0 && m < M) {
        const pm = (Math.floor(r / n) * Np + p) * M + m
        ent1[r] = fixed.ent[pm]
        if (a >= 0 && a < K) lp1[r] = fixed.lsm[pm * K + a]
      }
    }
    const xt = tf.tensor3d(x, [S, n, F]), modeOhT = tf.tensor3d(modeOh, [S, n, M])
    const modeLsm = tf.logSoftmax(this.modeLogits(xt, T, off && tf.tensor3d(off, [S, n, M])))
    const lp0 = tf.sum(tf.mul(modeOhT, modeLsm), 2)
    // [S, n, 2] by a stack on axis 0 and a transpose: tfjs-wasm stacks on the last axis one element at a time.
    const positions = (a: tf.Tensor, b: tf.Tensor) => tf.transpose(tf.stack([a, b]), [1, 2, 0]) as tf.Tensor3D
    if (fixed) return { logp: positions(lp0, tf.tensor2d(lp1, [S, n])), entropy: positions(entropyOf(modeLsm), tf.tensor2d(ent1, [S, n])) }
    const table = this.table ? tf.gather(this.table, tf.tensor2d(prompts, [S, n], 'int32')) : null // constant
    const ansZ = this.answerLogits(xt, table, T)
    const ansZm = tf.sum(tf.mul(ansZ, tf.reshape(modeOhT, [S, n, M, 1])), 2) as tf.Tensor3D // the chosen mode's answer logits
    const ansLsm = tf.logSoftmax(ansZm)
    const lp1t = tf.sum(tf.mul(tf.tensor3d(ansOh, [S, n, K]), ansLsm), 2)
    return { logp: positions(lp0, lp1t), entropy: positions(entropyOf(modeLsm), entropyOf(ansLsm)) }
  }

  /**
   * One completion per prompt row for every seed: prompts [S * batch] prompt ids (seed after seed),
   * rngs[s] the seed's sampling stream (null: skip the seed). Draws exactly as LinearPolicy.sample,
   * from probabilities computed once per (seed, prompt).
   */
  sample(prompts: Int32Array, batch: number, T: number, rngs: (Rng | null)[]): (Rollout | null)[] {
    const Np = this.o.numPrompts
    const [modeP, ansP] = tf.tidy(() => {
      return [tf.softmax(this.modeLogits(this.allRows, T, this.modeOffset?.tensor ?? null)), tf.softmax(this.answerLogits(this.allRows, this.table, T))]
    })
    const pm = modeP.dataSync() as Float32Array, pa = ansP.dataSync() as Float32Array
    modeP.dispose(); ansP.dispose()
    return rngs.map((rng, s) => rng && drawRollout(this.o, pm, pa, Int32Array.from(prompts.subarray(s * batch, (s + 1) * batch), (p) => s * Np + p), rng))
  }

  /** Each seed's weights, in the shapes of a single LinearPolicy (for setWeights). */
  weights(): Weights[] {
    const out: Weights[] = Array.from({ length: this.size }, () => ({}))
    for (const [k, x] of Object.entries(this.v)) {
      const data = x.dataSync() as Float32Array
      const shape = x.shape.slice(k === 'modeBias' ? 2 : 1)
      const n = data.length / this.size
      out.forEach((w, s) => (w[k] = { shape, data: data.slice(s * n, (s + 1) * n) }))
    }
    return out
  }

  dispose(): void {
    this.allRows.dispose()
    this.table?.dispose()
    this.modeOffset?.tensor.dispose()
    for (const x of Object.values(this.v)) x.dispose()
  }
}
