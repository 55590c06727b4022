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
  /** For dapo: active tokens in the whole generation batch. */
  numItemsInBatch?: number
  /** Edges of old-probability buckets for the clip diagnostics by pi_old(token) (e.g. [0.05, 0.5, 0.95]). */
  oldProbBuckets?: number[]
  /** false: return the loss alone (metrics null), e.g. inside a gradient tape where diagnostics would only cost. */
  diagnostics?: boolean
  /** KL coefficient (needs refLogp when > 0). */
  beta: number
  entropyCoef: number
}

export interface PolicyLossInputs {
  /** [B, L] log pi_theta(token), differentiable. */
  logp: tf.Tensor2D
  /** [B, L] log pi_old(token), constant. */
  oldLogp: tf.Tensor2D
  /** [B, L] log pi_ref(token); needed when beta > 0. */
  refLogp?: tf.Tensor2D
  /** [B] advantages. */
  advantages: tf.Tensor1D
  /** [B, L] 1 on completion tokens. */
  mask: tf.Tensor2D
  /** [B, L] entropy of pi_theta per position; needed for entropyCoef and the entropy metric. */
  entropy?: tf.Tensor2D
}

/** Scalar tensors; `loss` carries the gradient, the others are diagnostics (null with diagnostics: false). */
export interface PolicyLossOutput {
  loss: tf.Scalar
  metrics: PolicyLossMetrics | null
}

export interface PolicyLossMetrics {
    clipFracLow: tf.Scalar
    clipFracHigh: tf.Scalar
    clipFrac: tf.Scalar
    /** k3 estimate of KL(old || new) on the sampled tokens (CleanRL's approx_kl). */
    approxKl: tf.Scalar
    entropy: tf.Scalar
    /** k3 estimate of KL(pi || ref), 0 without refLogp. */
    klRef: tf.Scalar
    ratioMean: tf.Scalar
    ratioMin: tf.Scalar
    ratioMax: tf.Scalar
    /** Per old-probability bucket (with oldProbBuckets): masked tokens, and clipped ones among them. */
    bucketTokens?: tf.Tensor1D
    bucketClipped?: tf.Tensor1D
}

/** Masked mean over all tokens: sum(x * m) / max(sum(m), 1). */
const maskedMean = (x: tf.Tensor, m: tf.Tensor2D): tf.Scalar =>
  tf.div(tf.sum(tf.mul(x, m)), tf.maximum(tf.sum(m), 1))

export function policyLoss(inp: PolicyLossInputs, o: PolicyLossOptions): PolicyLossOutput {
  const { logp, oldLogp, refLogp, advantages, mask, entropy } = inp
  const epsLow = o.epsilon
  const epsHigh = o.epsilonHigh ?? o.epsilon
  const [B, L] = logp.shape
  const A = tf.reshape(advantages, [B, 1]) // [B, 1], broadcast over tokens
  const tokensPerSeq = tf.maximum(tf.sum(mask, 1, true), 1) // [B, 1]

  // Importance ratio: per token, or one per sequence (GSPO: exp of the mean log-ratio).
  const tokenLogRatio = tf.sub(logp, oldLogp) // [B, L]
  const logRatio = o.importanceSamplingLevel === 'token'
    ? tokenLogRatio
    : tf.div(tf.sum(tf.mul(tokenLogRatio, mask), 1, true), tokensPerSeq) // [B, 1]
  const ratio = tf.exp(logRatio)

  // Clipped surrogate.
  const ratioCapped = o.delta != null ? tf.minimum(ratio, o.delta) : ratio
  const pg1 = tf.mul(ratioCapped, A)
  const pg2 = tf.mul(tf.clipByValue(ratio, 1 - epsLow, 1 + epsHigh), A)
  let perToken: tf.Tensor = o.clip ? tf.neg(tf.minimum(pg1, pg2)) : tf.neg(pg1)
  // Dual clip: for A < 0 the loss is at most -A * c.
  if (o.clipRatioC != null) {
    const bounded = tf.minimum(perToken, tf.mul(tf.neg(A), o.clipRatioC))
    perToken = tf.where(tf.less(A, 0), tf.broadcastTo(bounded, [B, L]), tf.broadcastTo(perToken, [B, L]))
  }
  perToken = tf.broadcastTo(perToken, [B, L])

  // KL to the frozen reference (k3 estimator, Schulman), added per token.
  let klRef: tf.Scalar = tf.scalar(0)
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
  let loss: tf.Scalar
  if (o.lossType === 'grpo') loss = tf.mean(tf.div(tf.sum(masked, 1, true), tokensPerSeq))
  else if (o.lossType === 'bnpo') loss = tf.div(tf.sum(masked), tf.maximum(tf.sum(mask), 1))
  else if (o.lossType === 'dr_grpo') loss = tf.div(tf.sum(masked), B * o.maxCompletionLength)
  else {
    if (!(o.numItemsInBatch! > 0)) throw new Error('policyLoss: lossType dapo needs numItemsInBatch > 0')
    loss = tf.div(tf.sum(masked), o.numItemsInBatch!)
  }

  // Diagnostics (no gradient needed; computed on the same tensors).
  if (o.diagnostics === false) return { loss, metrics: null }
  const ratioTok = tf.broadcastTo(ratio, [B, L])
  const aTok = tf.broadcastTo(A, [B, L])
  const low = tf.cast(tf.logicalAnd(tf.less(ratioTok, 1 - epsLow), tf.less(aTok, 0)), 'float32')
  const high = tf.cast(tf.logicalAnd(tf.greater(ratioTok, 1 + epsHigh), tf.greater(aTok, 0)), 'float32')
  const on = tf.greater(mask, 0)
  const logRatioTok = tf.broadcastTo(logRatio, [B, L])
  // Where the clip acts, by the old probability of the token (does clipping hit rare tokens?).
  let buckets: { bucketTokens?: tf.Tensor1D; bucketClipped?: tf.Tensor1D } = {}
  if (o.oldProbBuckets?.length) {
    const pOld = tf.exp(oldLogp)
    const idx = tf.addN(o.oldProbBuckets.map((e) => tf.cast(tf.greaterEqual(pOld, e), 'int32'))) as tf.Tensor2D
    const member = tf.mul(tf.oneHot(idx, o.oldProbBuckets.length + 1), tf.expandDims(mask, 2)) // [B, L, nb]
    buckets = {
      bucketTokens: tf.sum(member, [0, 1]) as tf.Tensor1D,
      bucketClipped: tf.sum(tf.mul(member, tf.expandDims(tf.add(low, high), 2)), [0, 1]) as tf.Tensor1D,
    }
  }
  return {
    loss,
    metrics: {
      clipFracLow: maskedMean(low, mask),
      clipFracHigh: maskedMean(high, mask),
      clipFrac: maskedMean(tf.add(low, high), mask),
      approxKl: maskedMean(tf.sub(tf.sub(tf.exp(logRatioTok), 1), logRatioTok), mask),
      entropy: entropy ? maskedMean(entropy, mask) : tf.scalar(0),
      klRef,
      ratioMean: maskedMean(ratioTok, mask),
      ratioMin: tf.min(tf.where(on, ratioTok, tf.fill([B, L], Infinity))),
      ratioMax: tf.max(tf.where(on, ratioTok, tf.fill([B, L], -Infinity))),
      ...buckets,
    },
  }
}
