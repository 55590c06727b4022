// The GRPO policy loss, in one place, term by term as TRL's GRPOTrainer and verl define it.
//
//   ratio_t   = exp(logp_t - oldLogp_t)                        (token level)
//             = exp(mean_t(logp_t - oldLogp_t)) for every t    (sequence level, GSPO)
//   pg1_t     = ratio_t * A                                    (unclipped surrogate)
//   pg2_t     = clip(ratio_t, 1 - epsilon, 1 + epsilonHigh) * A
//   loss_t    = -min(pg1_t, pg2_t)                             (clip: false -> -pg1_t)
//   delta     caps the unclipped ratio (two-sided clipping); clipRatioC bounds loss_t by -A * c
//             for A < 0 (verl's dual clip)
//   loss_t   += beta * k3(ref || pi)   with k3 = exp(ref - logp) - (ref - logp) - 1
//   loss_t   -= entropyCoef * H_t
//   aggregate over masked tokens by lossType:
//     grpo    mean over sequences of the per-sequence token mean
//     bnpo    sum / active tokens of this mini-batch
//     dr_grpo sum / (sequences * maxCompletionLength)
//     dapo    sum / active tokens of the whole generation batch (numItemsInBatch)
// A leading group axis ([G, B, L] inputs) holds G independent batches, e.g. seeds trained together:
// each group is aggregated on its own, as if alone, and `loss` is the sum of the groups' losses (so
// each group's parameters get exactly their own loss's gradient); metrics are then per group, [G].
import * as tf from '@tensorflow/tfjs'

export type LossType = 'grpo' | 'bnpo' | 'dr_grpo' | 'dapo'
export type ImportanceSamplingLevel = 'token' | 'sequence'

export interface PolicyLossOptions {
  importanceSamplingLevel: ImportanceSamplingLevel
  /** Lower clip bound: ratio >= 1 - epsilon. */
  epsilon: number
  /** Upper clip bound: ratio <= 1 + epsilonHigh (DAPO Clip-Higher); defaults to epsilon. */
  epsilonHigh?: number | null
  /** false: unclipped surrogate (the no-clip control). */
  clip: boolean
  /** Cap on the unclipped ratio (two-sided clipping); null/undefined: off. */
  delta?: number | null
  /** verl's clip_ratio_c: loss bounded by -A * c where A < 0; null/undefined: off. */
  clipRatioC?: number | null
  lossType: LossType
  /** For dr_grpo. */
  maxCompletionLength: number
  /** For dapo: active tokens in the whole generation batch (with a group axis: the same in every group). */
  numItemsInBatch?: number
  /** For dapo with a group axis: each group's own numItemsInBatch (overrides it). */
  numItemsPerGroup?: number[]
  /** Edges of old-probability buckets for the clip diagnostics by pi_old(token) (e.g. [0.05, 0.5, 0.95]). */
  oldProbBuckets?: number[]
  /** false: return the loss alone (metrics null), e.g. inside a gradient tape where diagnostics would only cost. */
  diagnostics?: boolean
  /** KL coefficient (needs refLogp when > 0). */
  beta: number
  entropyCoef: number
}

/** Shapes are [B, L] and [B], or [G, B, L] and [G, B] with a group axis (see the top of this file). */
export interface PolicyLossInputs {
  /** [B, L] log pi_theta(token), differentiable. */
  logp: tf.Tensor2D | tf.Tensor3D
  /** [B, L] log pi_old(token), constant. */
  oldLogp: tf.Tensor2D | tf.Tensor3D
  /** [B, L] log pi_ref(token); needed when beta > 0. */
  refLogp?: tf.Tensor2D | tf.Tensor3D
  /** [B] advantages. */
  advantages: tf.Tensor1D | tf.Tensor2D
  /** [B, L] 1 on completion tokens. */
  mask: tf.Tensor2D | tf.Tensor3D
  /** [B, L] entropy of pi_theta per position; needed for entropyCoef and the entropy metric. */
  entropy?: tf.Tensor2D | tf.Tensor3D
}

/** `loss` (a scalar) carries the gradient; the rest are scalars, or [G] with a group axis. */
export interface PolicyLossOutput {
  loss: tf.Scalar
  /** Each group's loss ([G]); the loss itself without a group axis. */
  groupLoss: tf.Tensor
  /** Diagnostics; null with diagnostics: false. */
  metrics: PolicyLossMetrics | null
}

export interface PolicyLossMetrics {
    clipFracLow: tf.Tensor
    clipFracHigh: tf.Tensor
    clipFrac: tf.Tensor
    /** k3 estimate of KL(old || new) on the sampled tokens (CleanRL's approx_kl). */
    approxKl: tf.Tensor
    entropy: tf.Tensor
    /** k3 estimate of KL(pi || ref), 0 without refLogp. */
    klRef: tf.Tensor
    ratioMean: tf.Tensor
    ratioMin: tf.Tensor
    ratioMax: tf.Tensor
    /** Per old-probability bucket (with oldProbBuckets): masked tokens, and clipped ones among them ([nb] or [G, nb]). */
    bucketTokens?: tf.Tensor
    bucketClipped?: tf.Tensor
}

export function policyLoss(inp: PolicyLossInputs, o: PolicyLossOptions): PolicyLossOutput {
  const { logp, oldLogp, refLogp, advantages, mask, entropy } = inp
  const epsLow = o.epsilon
  const epsHigh = o.epsilonHigh ?? o.epsilon
  const grouped = logp.rank === 3
  const lead = logp.shape.slice(0, -2) // [] or [G]
  const [B, L] = logp.shape.slice(-2)
  const BL = [...lead, B, L]
  // Reductions over one batch's tokens: every axis, or every axis but the group axis.
  const tok = grouped ? [1, 2] : undefined
  const total = (x: tf.Tensor) => tf.sum(x, tok)
  const maskedMean = (x: tf.Tensor, m: tf.Tensor) => tf.div(total(tf.mul(x, m)), tf.maximum(total(m), 1))
  const A = tf.reshape(advantages, [...lead, B, 1]) // broadcast over tokens
  const tokensPerSeq = tf.maximum(tf.sum(mask, -1, true), 1) // [.., B, 1]

  // Importance ratio: per token, or one per sequence (GSPO: exp of the mean log-ratio).
  const tokenLogRatio = tf.sub(logp, oldLogp) // [.., B, L]
  const logRatio = o.importanceSamplingLevel === 'token'
    ? tokenLogRatio
    : tf.div(tf.sum(tf.mul(tokenLogRatio, mask), -1, true), tokensPerSeq) // [.., B, 1]
  const ratio = tf.exp(logRatio)

  // Clipped surrogate.
  const ratioCapped = o.delta != null ? tf.minimum(ratio, o.delta) : ratio
  const pg1 = tf.mul(ratioCapped, A)
  const pg2 = tf.mul(tf.clipByValue(ratio, 1 - epsLow, 1 + epsHigh), A)
  let perToken: tf.Tensor = o.clip ? tf.neg(tf.minimum(pg1, pg2)) : tf.neg(pg1)
  // Dual clip: for A < 0 the loss is at most -A * c.
  if (o.clipRatioC != null) {
    const bounded = tf.minimum(perToken, tf.mul(tf.neg(A), o.clipRatioC))
    perToken = tf.where(tf.less(A, 0), tf.broadcastTo(bounded, BL), tf.broadcastTo(perToken, BL))
  }
  perToken = tf.broadcastTo(perToken, BL)

  // KL to the frozen reference (k3 estimator, Schulman), added per token.
  let klRef: tf.Tensor = tf.zeros(lead)
  if (o.beta > 0 || refLogp) {
    if (!refLogp) throw new Error('policyLoss: beta > 0 needs refLogp (log-probs of the reference policy)')
    const d = tf.sub(refLogp, logp)
    const k3 = tf.sub(tf.sub(tf.exp(d), d), 1)
    klRef = maskedMean(k3, mask)
    if (o.beta > 0) perToken = tf.add(perToken, tf.mul(k3, o.beta))
  }
  // Entropy bonus.
  if (o.entropyCoef !== 0) {
    if (!entropy) throw new Error('policyLoss: entropyCoef != 0 needs the per-token entropy')
    perToken = tf.sub(perToken, tf.mul(entropy, o.entropyCoef))
  }

  // Aggregation.
  const masked = tf.mul(perToken, mask)
  let groupLoss: tf.Tensor
  if (o.lossType === 'grpo') groupLoss = tf.mean(tf.div(tf.sum(masked, -1, true), tokensPerSeq), tok)
  else if (o.lossType === 'bnpo') groupLoss = tf.div(total(masked), tf.maximum(total(mask), 1))
  else if (o.lossType === 'dr_grpo') groupLoss = tf.div(total(masked), B * o.maxCompletionLength)
  else {
    const per = grouped ? o.numItemsPerGroup : undefined
    if (per ? per.length !== lead[0] || !per.every((x) => x > 0) : !(o.numItemsInBatch! > 0)) {
      throw new Error('policyLoss: lossType dapo needs numItemsInBatch > 0 (or numItemsPerGroup, one per group)')
    }
    groupLoss = tf.div(total(masked), per ? tf.tensor1d(per) : o.numItemsInBatch!)
  }
  const loss = (grouped ? tf.sum(groupLoss) : groupLoss) as tf.Scalar

  // Diagnostics (no gradient needed; computed on the same tensors).
  if (o.diagnostics === false) return { loss, groupLoss, metrics: null }
  const ratioTok = tf.broadcastTo(ratio, BL)
  const low = tf.cast(tf.logicalAnd(tf.less(ratioTok, 1 - epsLow), tf.less(A, 0)), 'float32')
  const high = tf.cast(tf.logicalAnd(tf.greater(ratioTok, 1 + epsHigh), tf.greater(A, 0)), 'float32')
  const on = tf.greater(mask, 0)
  const logRatioTok = tf.broadcastTo(logRatio, BL)
  // Where the clip acts, by the old probability of the token (does clipping hit rare tokens?).
  let buckets: { bucketTokens?: tf.Tensor; bucketClipped?: tf.Tensor } = {}
  if (o.oldProbBuckets?.length) {
    const pOld = tf.exp(oldLogp)
    const idx = tf.addN(o.oldProbBuckets.map((e) => tf.cast(tf.greaterEqual(pOld, e), 'int32')))
    // Weighted counts per bucket (exact: sums of 0s and 1s), one row per group.
    const rows = (x: tf.Tensor) => (grouped ? tf.reshape<tf.Rank.R2>(x, [lead[0], -1]) : tf.reshape<tf.Rank.R1>(x, [-1]))
    const count = (w: tf.Tensor) => tf.denseBincount<tf.Tensor1D | tf.Tensor2D>(rows(idx), rows(w), o.oldProbBuckets!.length + 1)
    buckets = { bucketTokens: count(mask), bucketClipped: count(tf.mul(tf.add(low, high), mask)) }
  }
  return {
    loss, groupLoss,
    metrics: {
      clipFracLow: maskedMean(low, mask),
      clipFracHigh: maskedMean(high, mask),
      clipFrac: maskedMean(tf.add(low, high), mask),
      approxKl: maskedMean(tf.sub(tf.sub(tf.exp(logRatioTok), 1), logRatioTok), mask),
      entropy: entropy ? maskedMean(entropy, mask) : tf.zeros(lead),
      klRef,
      ratioMean: maskedMean(ratioTok, mask),
      ratioMin: tf.min(tf.where(on, ratioTok, tf.fill(BL, Infinity)), tok),
      ratioMax: tf.max(tf.where(on, ratioTok, tf.fill(BL, -Infinity)), tok),
      ...buckets,
    },
  }
}
