// The policy interface the GRPO engine trains. Two architectures implement it (src/policies):
// `linear` (mode logits b + W x_prompt, then a per-mode answer head) and `transformer` (a tiny
// decoder-only causal transformer with KV-cache sampling).
import type * as tf from '@tensorflow/tfjs'
import type { Rng } from '../util/rng.js'

/** Shapes of a task as a policy sees it: fixed-length prompts, completions ending in EOS. */
export interface TaskShape {
  vocabSize: number
  /** Every prompt has exactly this many tokens. */
  promptLength: number
  /** Completions are cut here; one that has not emitted EOS by then is "truncated". */
  maxCompletionLength: number
  eosToken: number
  /** Token written after EOS (masked out). */
  padToken: number
}

/** B sampled completions. Row-major [B, L] with L = maxCompletionLength. */
export interface Rollout {
  batch: number
  length: number
  /** Completion tokens; positions after EOS hold padToken. */
  tokens: Int32Array
  /** log pi(token | prefix) at the sampling temperature, 0 where masked. */
  logprobs: Float32Array
  /** 1 for completion tokens up to and including EOS, else 0. */
  mask: Float32Array
  /** 1 if the completion ended with EOS, 0 if it was truncated at maxCompletionLength. */
  eos: Uint8Array
}

export interface SampleOptions {
  temperature: number
  rng: Rng
}

/** Differentiable per-token quantities of given completions (a type alias, so tf.tidy can return it). */
export type TokenLogProbs = {
  /** [B, L] log pi(token | prefix) at the temperature. */
  logp: tf.Tensor2D
  /** [B, L] entropy of the next-token distribution at the temperature. */
  entropy: tf.Tensor2D
}

/** Weights by variable name, for saving, loading and cloning. */
export type Weights = Record<string, { shape: number[]; data: Float32Array }>

export interface Policy {
  readonly kind: 'linear' | 'transformer'
  readonly shape: TaskShape
  /** Trainable variables (what the optimiser updates). */
  readonly variables: tf.Variable[]
  /**
   * Sample one completion per prompt row. prompts: [B * promptLength] token ids, row-major.
   * Consumes uniforms from opts.rng in a fixed order: position by position, one uniform per row at
   * each position (rows in order, finished rows included), so cached and uncached sampling agree.
   */
  sample(prompts: Int32Array, batch: number, opts: SampleOptions): Rollout
  /** Per-token log-probs and entropies; to be called inside tf.tidy / variableGrads. */
  logProbs(prompts: tf.Tensor2D, completions: tf.Tensor2D, temperature: number): TokenLogProbs
  /** An independent copy (old policy, frozen reference). */
  clone(): Policy
  /** Overwrite this policy's weights with another's of the same architecture. */
  copyFrom(other: Policy): void
  getWeights(): Weights
  setWeights(w: Weights): void
  dispose(): void
}
