// The schema of a calibrated organism (kind 'arithmetic'): the arithmetic task family of
// docs/organisms.md with latent reasoning modes whose prior, per-mode accuracy, format rate, problem
// difficulty and error patterns are set here, on one of two policies: a transformer pretrained on
// the corpus the spec defines (src/organisms/pretrain.ts), or the linear (tabular) policy on the same
// problems. Presets (src/organisms/presets.ts) are specs of this schema; users write their own.
import { z } from 'zod'

/** Part of every pretrained organism's identity: bump when pretraining can produce other weights. */
export const PRETRAIN_VERSION = 'pretrain/1'

const prob = z.number().min(0).max(1)
const posInt = z.number().int().min(1)

/** Supervised pretraining on the organism's corpus (expected cross-entropy over the corpus tree). */
export const PretrainSpec = z.strictObject({
  /** Optimiser steps (AdamW). */
  steps: posInt.default(1200),
  /** Problems per step; each brings every sequence of its corpus tree with its probability. */
  promptsPerStep: posInt.default(64),
  /** Peak learning rate (linear warm-up, then cosine decay to finalLearningRate). */
  learningRate: z.number().positive().default(3e-3),
  /** Learning rate at the last step. */
  finalLearningRate: z.number().min(0).default(1e-4),
  /** Warm-up steps. */
  warmupSteps: z.number().int().min(0).default(100),
  /** AdamW decoupled weight decay (matrices only). */
  weightDecay: z.number().min(0).default(0),
  /** Pretraining algorithm version (filled in; part of the cache keys). */
  version: z.literal(PRETRAIN_VERSION).default(PRETRAIN_VERSION),
})

/** A decoder-only transformer (the organism study's shape, docs/organisms.md), pretrained on the organism's corpus. */
export const TransformerArch = z.strictObject({
  kind: z.literal('transformer'),
  /** Residual width. */
  dModel: posInt.default(64),
  nLayers: posInt.default(2),
  nHeads: posInt.default(4),
  dMlp: posInt.default(256),
  /** Std of the initial weights before pretraining. */
  initStd: z.number().positive().default(0.02),
  pretrain: PretrainSpec.prefault({}),
}).refine((a) => a.dModel % a.nHeads === 0, { message: 'dModel must be divisible by nHeads', path: ['nHeads'] })

/** The linear policy of the mode organism (docs/organisms.md) on the same problems: mode logits b + W x_p, and a
 *  per-problem answer table (the problem's calibrated P(answer, box | mode)). */
export const LinearArch = z.strictObject({
  kind: z.literal('linear'),
  /** Prompt feature dimension. */
  features: posInt.default(16),
  /** Std of each feature component. */
  featureScale: z.number().positive().default(1),
  /** Std of the initial prompt-dependent weights (0: every prompt starts at the prior). */
  initScale: z.number().min(0).default(0),
  /** Train the answer head too (false: P(answer | prompt, mode) stays the calibrated table). */
  trainAnswerHead: z.boolean().default(false),
})

/** The length family's check segment: k ~ Geometric with the given mean, per mode and by whether the
 *  answer is right; a completion is cut (truncated, no answer) after maxChecks CHECK tokens. */
export const LengthSpec = z.strictObject({
  /** Mean CHECK tokens after the answer, one [if right, if wrong] pair per mode (the corpus's geometric prior). */
  meanChecks: z.array(z.tuple([z.number().min(0), z.number().min(0)])),
  /** CHECK slots before the length limit: a completion that would write more is truncated (no EOS, no answer). */
  maxChecks: z.number().int().min(1).max(24),
})

export const ArithmeticOrganism = z.strictObject({
  kind: z.literal('arithmetic'),
  /** Reasoning modes. 'code' restates the problem (a + b); any other mode writes its own fixed 3-token template. */
  modes: z.array(z.string().min(1)).min(1).default(['code', 'nl']),
  /** P(mode), one per mode, summing to 1: every prompt's, or (with modeSpread) the mean over all problems. */
  prior: z.array(prob).default([0.65, 0.35]),
  /** A prompt-dependent mode prior: the std, on the logit scale, of each problem's own log-odds between any
   *  two modes around the prior (each mode logit gets an independent offset of std modeSpread / sqrt 2),
   *  recentred so the mean over all problems is exactly `prior`. A mode with prior 0 stays at 0.
   *  Absent (not 0, so existing specs keep their hashes): every problem has P(mode) = prior. */
  modeSpread: z.number({ error: 'modeSpread must be a finite number >= 0 (omit it for one prior on every prompt)' })
    .min(0, { error: 'modeSpread must be >= 0: it is a std on the logit scale (omit it for one prior on every prompt)' }).optional(),
  /** P(correct | mode), one per mode: the mean over each split's problems, exactly. */
  accuracy: z.array(prob).default([0.609, 0.35]),
  /** P(boxed answer), independent of mode and answer. */
  formatRate: prob.default(0.8),
  /** Std of the per-problem difficulty on the logit scale (shared by the modes; 0: all problems alike). */
  difficulty: z.number().min(0).default(1.5),
  /** Weight of idiosyncratic per-problem noise in the difficulty (0: the sum of an effect per operand value, 1: independent per problem). */
  difficultyNoise: prob.default(0),
  /** Share of the wrong-answer mass on the problem's preferred wrong answer; the rest goes to its secondary error. */
  preferredError: prob.default(0.75),
  /** A real capability gap: on carry problems `mode` is right only with probability `accuracy` and
   *  otherwise drops the carry (answers a + b - 10); its other problems make up its mean accuracy. null: off. */
  gap: z.strictObject({ mode: z.string(), accuracy: prob.default(0.02) }).nullable().default(null),
  /** Operands a and b range over 0..maxOperand (all pairs are problems). */
  maxOperand: z.number().int().min(3).max(44).default(19),
  /** Held-out problems (RL never trains on them; pretraining covers both splits). */
  numEval: posInt.default(80),
  /** The policy: a pretrained transformer, or the linear policy with per-problem answer tables. */
  policy: z.discriminatedUnion('kind', [TransformerArch, LinearArch]).prefault({ kind: 'transformer' }),
  /** Seed of the split, difficulties, error patterns, initial weights, features and pretraining order. */
  seed: z.number().int().default(0),
  /** Variable-length completions (src/organisms/length.ts): the answer is followed by k CHECK tokens and
   *  EOS. Absent: the fixed-length family (absent, not null, so existing specs keep their hashes). */
  length: LengthSpec.optional(),
}).superRefine((o, ctx) => {
  const M = o.modes.length
  if (o.length && o.length.meanChecks.length !== M) ctx.addIssue({ code: 'custom', path: ['length', 'meanChecks'], message: `has ${o.length.meanChecks.length} entries but there are ${M} modes: give [if right, if wrong] per mode` })
  if (new Set(o.modes).size !== M) ctx.addIssue({ code: 'custom', path: ['modes'], message: 'must be distinct' })
  if (o.prior.length !== M) ctx.addIssue({ code: 'custom', path: ['prior'], message: `has ${o.prior.length} entries but there are ${M} modes` })
  else if (Math.abs(o.prior.reduce((a, b) => a + b, 0) - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['prior'], message: 'must sum to 1' })
  if (o.accuracy.length !== M) ctx.addIssue({ code: 'custom', path: ['accuracy'], message: `has ${o.accuracy.length} entries but there are ${M} modes` })
  const n = (o.maxOperand + 1) ** 2
  if (o.numEval >= n) ctx.addIssue({ code: 'custom', path: ['numEval'], message: `must leave training problems: there are ${n} problems in all` })
  if (o.gap) {
    const g = o.modes.indexOf(o.gap.mode)
    if (g < 0) ctx.addIssue({ code: 'custom', path: ['gap', 'mode'], message: `'${o.gap.mode}' is not one of the modes (${o.modes.join(', ')})` })
    else if (o.accuracy.length === M) {
      // The other (non-carry) problems must be able to make up the mode's mean accuracy.
      const h = carryFraction(o.maxOperand)
      const need = (o.accuracy[g] - h * o.gap.accuracy) / (1 - h)
      if (need > 0.97 || need < 0) {
        ctx.addIssue({ code: 'custom', path: ['gap', 'accuracy'], message: `cannot keep mode '${o.gap.mode}' at accuracy ${o.accuracy[g]}: ` +
          `${(h * 100).toFixed(0)}% of problems carry, so the others would need ${need.toFixed(3)} (must be 0..0.97)` })
      }
    }
  }
})
export type ArithmeticSpec = z.output<typeof ArithmeticOrganism>
export type ArithmeticSpecInput = z.input<typeof ArithmeticOrganism>

/** Share of pairs a, b in 0..maxOperand whose ones digits carry. */
export function carryFraction(maxOperand: number): number {
  let c = 0
  for (let a = 0; a <= maxOperand; a++) for (let b = 0; b <= maxOperand; b++) c += Number((a % 10) + (b % 10) >= 10)
  return c / (maxOperand + 1) ** 2
}
