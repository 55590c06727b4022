// Organisms: a task plus a policy with its initial weights (its prior). An organism is named by a
// preset or given inline; either way it resolves to a plain spec that is part of every run's config.
import { z } from 'zod'
import { initBackend } from '../engine/backend.js'
import type { Policy, Weights } from '../engine/policy.js'
import type { Task } from './task.js'
import { modeTask, successorTask } from './toy-tasks.js'
import { createLinearPolicy } from '../policies/linear.js'
import { arithmeticLinearTask, arithmeticTable, arithmeticTask, LINEAR_ANSWERS, linearAnswerTable, type ArithmeticTable } from './arithmetic.js'
import { organismWeights, type LoadOptions, type WeightsSource } from './load.js'
import { calibratedPresets } from './presets.js'
import { ArithmeticOrganism, type ArithmeticSpec } from './spec.js'
import { lengthLinearTask, lengthTask, linearContinueTable, linearLengthTokens } from './length.js'
import { createLinearLengthPolicy } from '../policies/linear-length.js'

export { ArithmeticOrganism, PRETRAIN_VERSION, type ArithmeticSpec, type ArithmeticSpecInput } from './spec.js'
export { CALIBRATED_MODELS } from './presets.js'

const probs = z.array(z.number().min(0).max(1))

/** The mode organism (docs/organisms.md#toy-linear-the-mode-organism) on the linear policy. */
export const LinearOrganism = z.strictObject({
  kind: z.literal('linear'),
  /** Reasoning modes; the first token of a completion picks one. */
  modes: z.array(z.string()).min(1).default(['code', 'nl', 'other']),
  /** Initial P(mode), one per mode, summing to 1. */
  prior: probs.default([0.65, 0.25, 0.1]),
  /** P(right answer | mode), one per mode. */
  accuracy: probs.default([0.8, 0.4, 0.1]),
  /** Number of distinct wrong answers (their mass is split evenly). */
  wrongAnswers: z.number().int().min(1).default(3),
  numPrompts: z.number().int().min(1).default(64),
  numEval: z.number().int().min(1).default(64),
  /** Prompt feature dimension. */
  features: z.number().int().min(1).default(16),
  /** Std of each feature component. Large features make the per-prompt logits (W x) move more than
   *  the shared bias, so update noise averages out across prompts while the clip bias does not. */
  featureScale: z.number().positive().default(1),
  /** Train the per-mode answer head too (false: P(answer | mode) stays fixed, as in section 2). */
  trainAnswerHead: z.boolean().default(false),
  /** Std of the initial prompt-dependent weights (0: every prompt starts at the prior). */
  initScale: z.number().min(0).default(0),
  /** Seed of the features and initial weights: fixed per organism, not per run. */
  seed: z.number().int().default(0),
}).superRefine((o, ctx) => {
  const M = o.modes.length
  if (o.prior.length !== M) ctx.addIssue({ code: 'custom', path: ['prior'], message: `has ${o.prior.length} entries but there are ${M} modes` })
  else if (Math.abs(o.prior.reduce((a, b) => a + b, 0) - 1) > 1e-6) ctx.addIssue({ code: 'custom', path: ['prior'], message: 'must sum to 1' })
  if (o.accuracy.length !== M) ctx.addIssue({ code: 'custom', path: ['accuracy'], message: `has ${o.accuracy.length} entries but there are ${M} modes` })
})

/** A transformer trained from scratch on the successor toy task (engine checks only). */
export const ToyTransformerOrganism = z.strictObject({
  kind: z.literal('toy-transformer'),
  dModel: z.number().int().min(4).default(32),
  nLayers: z.number().int().min(1).default(1),
  nHeads: z.number().int().min(1).default(2),
  dMlp: z.number().int().min(4).default(64),
  seed: z.number().int().default(0),
})

export const OrganismSpec = z.discriminatedUnion('kind', [LinearOrganism, ToyTransformerOrganism, ArithmeticOrganism])
export type OrganismSpec = z.output<typeof OrganismSpec>

export const ORGANISM_PRESETS: Record<string, z.input<typeof OrganismSpec>> = {
  'toy-linear': { kind: 'linear' },
  'toy-transformer': { kind: 'toy-transformer' },
  // The calibrated organisms (presets.ts): '<model>-like' (pretrained transformer, shipped weights)
  // and '<model>-like-linear' (linear policy), e.g. 'qwen-math-7b-like', 'qwen-math-7b-like-linear'.
  ...calibratedPresets(),
}

/** Preset name or inline spec -> the full spec (defaults filled in). */
export function resolveOrganism(o: string | z.input<typeof OrganismSpec>): OrganismSpec {
  if (typeof o === 'string') {
    const preset = ORGANISM_PRESETS[o]
    if (!preset) throw new Error(`unknown organism '${o}': use one of ${Object.keys(ORGANISM_PRESETS).join(', ')} or an inline spec`)
    return OrganismSpec.parse(preset)
  }
  return OrganismSpec.parse(o)
}

/** The linear forms' per-prompt P(mode) (prompt = index in table.all) with a modeSpread; absent without one. */
const modeTable = (spec: ArithmeticSpec, table: ArithmeticTable): number[][] | undefined =>
  spec.modeSpread === undefined ? undefined : table.all.map((inf) => inf.modeProbs)

export interface Organism {
  spec: OrganismSpec
  task: Task
  policy: Policy
  /** Where a pretrained organism's weights came from (shipped file, cache, or pretrained now). */
  weights?: Omit<WeightsSource, 'weights'>
}

/**
 * Build the task and a fresh policy at the organism's initial weights. A calibrated transformer
 * loads its shipped or cached weights, or is pretrained (and cached) first: see load.ts.
 */
export async function buildOrganism(spec: OrganismSpec, opts: Partial<LoadOptions> & { weights?: Weights } = {}): Promise<Organism> {
  if (spec.kind === 'arithmetic') {
    const table = arithmeticTable(spec)
    const arch = spec.policy
    if (arch.kind === 'linear' && spec.length) {
      if (arch.trainAnswerHead) throw new Error('organism.policy.trainAnswerHead: the length family keeps the answer table fixed: set it to false')
      const task = lengthLinearTask(spec, table), t = linearLengthTokens(spec.modes.length)
      const policy = createLinearLengthPolicy({
        numModes: spec.modes.length, numAnswers: LINEAR_ANSWERS, numPrompts: table.all.length, features: arch.features,
        featureScale: arch.featureScale, modePrior: spec.prior, modeTable: modeTable(spec, table), answerTable: linearAnswerTable(spec, table),
        continueProb: linearContinueTable(spec), initScale: arch.initScale, maxCompletionLength: task.maxCompletionLength,
        check: t.check, eos: t.eos, pad: t.pad,
      }, spec.seed)
      return { spec, task, policy }
    }
    if (arch.kind === 'linear') {
      const task = arithmeticLinearTask(spec, table)
      const policy = createLinearPolicy({
        numModes: spec.modes.length, numAnswers: LINEAR_ANSWERS, numPrompts: table.all.length, features: arch.features,
        featureScale: arch.featureScale, modePrior: spec.prior, modeTable: modeTable(spec, table), answerTable: linearAnswerTable(spec, table),
        trainAnswerHead: arch.trainAnswerHead, initScale: arch.initScale,
      }, spec.seed)
      return { spec, task, policy }
    }
    const task = spec.length ? lengthTask(spec, table) : arithmeticTask(spec, table)
    const backend = opts.backend ?? await initBackend()
    const { weights, ...source }: WeightsSource = opts.weights
      ? { weights: opts.weights, source: 'given', path: '' }
      : organismWeights(spec, { ...opts, backend })
    const { createTransformerPolicy } = await import('../policies/transformer.js')
    const policy = createTransformerPolicy(
      { dModel: arch.dModel, nLayers: arch.nLayers, nHeads: arch.nHeads, dMlp: arch.dMlp, initStd: arch.initStd }, task, spec.seed)
    policy.setWeights(weights)
    return { spec, task, policy, weights: source }
  }
  if (spec.kind === 'linear') {
    const M = spec.modes.length, K = 1 + spec.wrongAnswers
    const task = modeTask({ modes: spec.modes, wrongAnswers: spec.wrongAnswers, numPrompts: spec.numPrompts, numEval: spec.numEval })
    const answerProbs = spec.accuracy.map((a) => [a, ...Array(K - 1).fill((1 - a) / (K - 1))])
    const policy = createLinearPolicy({
      numModes: M, numAnswers: K, numPrompts: spec.numPrompts + spec.numEval, features: spec.features, featureScale: spec.featureScale,
      modePrior: spec.prior, answerProbs, trainAnswerHead: spec.trainAnswerHead, initScale: spec.initScale,
    }, spec.seed)
    return { spec, task, policy }
  }
  const task = successorTask()
  const { createTransformerPolicy } = await import('../policies/transformer.js')
  const policy = createTransformerPolicy(
    { dModel: spec.dModel, nLayers: spec.nLayers, nHeads: spec.nHeads, dMlp: spec.dMlp }, task, spec.seed)
  return { spec, task, policy }
}
