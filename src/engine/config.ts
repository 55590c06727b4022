// The GRPO run configuration: every knob with its default and one line of doc. Names follow
// Hugging Face TRL's GRPOConfig (camelCase) where TRL has one; verl's where only verl does.
// Validated with zod before anything trains; unknown keys are errors (typos must not pass).
import { z } from 'zod'
import { OrganismSpec } from '../organisms/index.js'
import { RewardSpec } from '../rewards/index.js'

const positiveInt = z.number().int().min(1)
const nullableNumber = z.number().nullable()

export const GrpoConfig = z.strictObject({
  /** Organism preset name or inline spec (task + policy + initial weights). */
  organism: z.union([z.string(), OrganismSpec]).default('toy-linear'),
  /** Reward function (src/rewards). */
  reward: RewardSpec.default({ kind: 'verifier' }),
  /** GRPO steps (rollout batches). */
  steps: positiveInt.default(50),
  /** Prompts per rollout batch. */
  promptsPerStep: positiveInt.default(64),
  /** Completions per prompt: the group size G (TRL num_generations). */
  numGenerations: positiveInt.default(32),
  /** Epochs over each rollout batch (TRL num_iterations). */
  numIterations: positiveInt.default(1),
  /** Optimiser steps per epoch: the rollout batch is split into this many mini-batches. */
  miniBatches: positiveInt.default(16),
  /** How mini-batches are drawn: shuffled samples, or whole groups kept together. */
  miniBatchMode: z.enum(['samples', 'groups']).default('samples'),
  /** Sampling temperature; log-probs in the loss use the same one. */
  temperature: z.number().positive().default(1),
  /** Lower clip: ratio >= 1 - epsilon. */
  epsilon: z.number().min(0).lt(1).default(0.2),
  /** Upper clip: ratio <= 1 + epsilonHigh (DAPO Clip-Higher); null: equal to epsilon. */
  epsilonHigh: z.number().min(0).nullable().default(null),
  /** false: unclipped surrogate ratio * A (the no-clip control). */
  clip: z.boolean().default(true),
  /** Cap on the unclipped ratio, two-sided clipping (TRL delta); null: off. */
  delta: nullableNumber.default(null),
  /** Dual clip for A < 0 (verl clip_ratio_c, typically 3); null: off. */
  clipRatioC: nullableNumber.default(null),
  /** Importance ratio per token or per sequence (GSPO). */
  importanceSamplingLevel: z.enum(['token', 'sequence']).default('token'),
  /** Loss aggregation: grpo (per-sequence mean), bnpo (token mean), dr_grpo, dapo. */
  lossType: z.enum(['grpo', 'bnpo', 'dr_grpo', 'dapo']).default('grpo'),
  /** KL coefficient to the initial policy (k3 estimator); 0: no reference model. */
  beta: z.number().min(0).default(0),
  /** Entropy bonus coefficient (verl entropy_coeff). */
  entropyCoef: z.number().default(0),
  /** Advantage scaling: by the group std, the batch std, or none (Dr. GRPO). */
  scaleRewards: z.enum(['group', 'batch', 'none']).default('group'),
  /** Added to the std in the advantage (TRL 1e-4). */
  advantageEpsilon: z.number().positive().default(1e-4),
  /** Optimiser. */
  optimizer: z.enum(['adam', 'sgd']).default('adam'),
  learningRate: z.number().positive().default(1e-3),
  adamBeta1: z.number().min(0).lt(1).default(0.9),
  adamBeta2: z.number().min(0).lt(1).default(0.999),
  adamEpsilon: z.number().positive().default(1e-8),
  /** Global gradient-norm clip; null: off. */
  maxGradNorm: z.number().positive().nullable().default(1),
  /** DAPO dynamic sampling: drop groups whose rewards are all equal (zero advantage). */
  dynamicSampling: z.boolean().default(false),
  /** Drop truncated completions (no EOS) from the loss (TRL mask_truncated_completions). */
  maskTruncatedCompletions: z.boolean().default(false),
  /** Evaluate on the held-out split every this many steps (0: only before and after training). */
  evalEvery: z.number().int().min(0).default(0),
  /** Samples per eval prompt where evaluation is sampled rather than exact. */
  evalSamples: positiveInt.default(16),
  /** Held-out prompts for the template-collapse estimator I(X;Z) at each evaluation (0: off). */
  templateCollapsePrompts: z.number().int().min(0).default(0),
  /** Reasoning samples per prompt for that estimator. */
  templateCollapseSamples: positiveInt.default(4),
}).superRefine((c, ctx) => {
  const batch = c.promptsPerStep * c.numGenerations
  if (c.scaleRewards === 'group' && c.numGenerations < 2) {
    ctx.addIssue({ code: 'custom', path: ['numGenerations'], message: "is 1, so group std is undefined: use numGenerations >= 2 or scaleRewards 'batch' | 'none'" })
  }
  if (c.miniBatchMode === 'samples' && batch % c.miniBatches !== 0) {
    ctx.addIssue({ code: 'custom', path: ['miniBatches'], message: `${c.miniBatches} does not divide the rollout batch promptsPerStep x numGenerations = ${batch}` })
  }
  if (c.miniBatchMode === 'groups' && c.promptsPerStep % c.miniBatches !== 0) {
    ctx.addIssue({ code: 'custom', path: ['miniBatches'], message: `${c.miniBatches} does not divide promptsPerStep = ${c.promptsPerStep} (miniBatchMode 'groups' keeps groups whole)` })
  }
  if (c.delta !== null && c.delta <= 1 + (c.epsilonHigh ?? c.epsilon)) {
    ctx.addIssue({ code: 'custom', path: ['delta'], message: `must be > 1 + epsilonHigh (${1 + (c.epsilonHigh ?? c.epsilon)}) or null` })
  }
  if (c.templateCollapsePrompts === 1) {
    ctx.addIssue({ code: 'custom', path: ['templateCollapsePrompts'], message: 'must be 0 (off) or >= 2: I(X;Z) compares prompts' })
  }
  if (c.clipRatioC !== null && c.clipRatioC <= 1) {
    ctx.addIssue({ code: 'custom', path: ['clipRatioC'], message: 'must be > 1 (verl uses 3) or null' })
  }
})

/** What a user writes: every field optional. */
export type GrpoConfigInput = z.input<typeof GrpoConfig>
/** After defaults: what a run actually used. */
export type GrpoConfig = z.output<typeof GrpoConfig>

/** A config error that names every offending field. */
export class ConfigError extends Error {
  readonly code = 'RLVR_CONFIG'
  constructor(readonly issues: { path: string; message: string }[], where = 'config') {
    super(`invalid ${where}:\n` + issues.map((i) => `  ✖ ${i.message}\n    → at ${i.path}`).join('\n'))
    this.name = 'ConfigError'
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${String(k)}` : String(k)), '')
}

/** Validate and fill defaults; throws ConfigError naming each bad field. */
export function parseConfig(input: unknown, where = 'config'): GrpoConfig {
  const r = GrpoConfig.safeParse(input)
  if (!r.success) {
    throw new ConfigError(r.error.issues.map((i) => ({ path: formatPath(i.path) || '(root)', message: issueMessage(i) })), where)
  }
  return r.data
}

function issueMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys') return `unknown key${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => `'${k}'`).join(', ')} (check the spelling against GrpoConfig)`
  return i.message
}
