// The calibrated presets: the latent behaviour of the Spurious Rewards models (Shao et al.,
// arXiv:2506.10947; docs/organisms.md) on the arithmetic task, each in two architectures. Naming:
// `<model>-like` is the pretrained transformer (shipped weights in src/organisms/weights/<name>.bin),
// `<model>-like-linear` the linear policy with the same problems, tables and figures.
//
//   preset                code rate  acc | code  acc | nl   source
//   qwen-math-7b-like       65.0%      60.9%     35.0%   Qwen2.5-Math-7B
//   qwen-math-1.5b-like     53.6%      52.6%     17.2%   Qwen2.5-Math-1.5B
//   qwen-7b-like            92.2%      39.9%     61.5%   Qwen2.5-7B ("bad code")
//   olmo-sft-like           98.0%      21.0%     40.0%   OLMo2-7B-SFT ("bad code")
//   llama-like               0.0%        -       36.0%   Llama-3.x ("never code"; NL accuracy chosen, see below)
//   qwen-math-7b-gap-like   65.0%      60.9%     35.0%   Qwen2.5-Math-7B with a real NL capability gap
//   qwen-math-7b-gap-spread-like  65.0% (mean)  60.9%  35.0%   the gap preset, each problem its own code rate
//   qwen-math-7b-spread-like      65.0% (mean)  60.9%  35.0%   qwen-math-7b-like, each problem its own code rate
//
// llama-like: the paper reports Llama never writing code but gives no accuracy for it; 36% is our
// choice, around a Llama-3.1-8B-Instruct-class MATH-500 score. Its code mode exists (so mode_rate:code
// reads 0) with prior 0: the pretrained model is never shown code and never writes it (P(code) ~ 1e-9).
// With one active mode a pretraining step holds half the sequences, so it pretrains for 2,400 steps.
// qwen-math-7b-gap-like: on carry problems (45% of them) NL is right only 2% of the time and drops the
// carry otherwise; its other problems keep its mean at 35%. A clean reward has a rare behaviour to
// find (right NL answers on carry problems); spurious rewards do not.
// qwen-math-7b-spread-like and qwen-math-7b-gap-spread-like: qwen-math-7b-like and -gap-like with a
// prompt-dependent mode prior (modeSpread 1: each problem's code-vs-NL log-odds is logit(0.65) + N(0, 1),
// recentred so the mean over problems stays 65%; the middle 68% of problems then start between about 45%
// and 85% code; docs/organisms.md#the-prompt-dependent-mode-prior-modespread). In the plain presets every
// prompt shares one mode logit, so a random reward with ratio clipping amplifies whichever mode drifts
// ahead in all prompts at once and the per-seed spread is wide (about 1 seed in 6 flips to NL); with
// their own priors prompts become partial replicates of the mode choice. For the issue-12 pilots.
//
// The linear twins keep the section-2 organism's fixed answer head (the answer is the environment's
// draw given the mode; only the mode trains), except llama-like-linear: with one active mode the mode
// is no choice, so its answer head trains (trainAnswerHead; with the answer table it starts at c = 0,
// U = 0: the same probabilities). Why not every preset (measured, section-2 regime, 50 steps): the
// head's logits c, one per (mode, answer token), are shared by all prompts and candidate 0 is the
// right answer on every problem, so with a trainable head a verifier learns "say candidate 0" (held-out
// accuracy 0.998 on qwen-math-7b, qwen-7b and olmo-sft alike), and under a random reward those shared
// logits random-walk and drown the prior amplification the presets are calibrated for:
// qwen-math-7b-like-linear's accuracy gain under a random reward is +0.021 ± 0.018 with the fixed
// head and +0.003 ± 0.055 with a trainable one (8 seeds; dz 1.2 vs 0.05; code rate 0.729 vs 0.668).
// The price: the twins do not share one architecture, so model-dependence compares llama-like-linear
// with the others by verdict, not by effect size.
import type { ArithmeticSpecInput } from './spec.js'

type Figures = Pick<ArithmeticSpecInput, 'prior' | 'accuracy' | 'gap' | 'modeSpread'>

export const CALIBRATED_MODELS: Record<string, Figures> = {
  'qwen-math-7b': { prior: [0.65, 0.35], accuracy: [0.609, 0.35] },
  'qwen-math-1.5b': { prior: [0.536, 0.464], accuracy: [0.526, 0.172] },
  'qwen-7b': { prior: [0.922, 0.078], accuracy: [0.399, 0.615] },
  'olmo-sft': { prior: [0.98, 0.02], accuracy: [0.21, 0.4] },
  'llama': { prior: [0, 1], accuracy: [0.36, 0.36] },
  'qwen-math-7b-gap': { prior: [0.65, 0.35], accuracy: [0.609, 0.35], gap: { mode: 'nl', accuracy: 0.02 } },
  'qwen-math-7b-gap-spread': { prior: [0.65, 0.35], accuracy: [0.609, 0.35], gap: { mode: 'nl', accuracy: 0.02 }, modeSpread: 1 },
  'qwen-math-7b-spread': { prior: [0.65, 0.35], accuracy: [0.609, 0.35], modeSpread: 1 },
}

/**
 * The length family (src/organisms/length.ts) on qwen-math-7b's figures: after its answer the corpus
 * re-checks it for k CHECK tokens (geometric), longer after a wrong answer and in NL, and a completion is
 * cut after maxChecks = 4 CHECKs (about one in ten is truncated before RL: `npx tsx scripts/length-stats.ts`
 * prints the figures). The transformer is smaller than the other presets (d 32, MLP 128) and pretrains on 16
 * problems per step (the others: 64): each problem's corpus tree has ~6x the leaves of the fixed-length
 * one. Pretraining probes (200 steps each, docs/history.md): a peak learning rate of 1e-2 instead of 3e-3
 * reached KL 2.2 instead of 3.7 nats/sequence; 2e-2 was no better, nor d 64 / MLP 256 (at 2.6x the CPU).
 * Learning the sums takes steps, so it pretrains for 2,000 (800 at 3e-3 left it under-trained).
 */
export const LENGTH_FIGURES = {
  meanChecks: [[1, 2], [1.5, 2.5]] as [number, number][],
  maxChecks: 4,
}

export function lengthPresets(): Record<string, ArithmeticSpecInput> {
  const base = { kind: 'arithmetic' as const, modes: ['code', 'nl'], ...CALIBRATED_MODELS['qwen-math-7b'], length: LENGTH_FIGURES }
  return {
    'qwen-math-7b-length-like': { ...base, policy: { kind: 'transformer', dModel: 32, dMlp: 128, pretrain: { promptsPerStep: 16, steps: 2000, learningRate: 1e-2, warmupSteps: 50 } } },
    'qwen-math-7b-length-like-linear': { ...base, policy: { kind: 'linear' } },
  }
}

/** Every calibrated preset, both architectures. */
export function calibratedPresets(): Record<string, ArithmeticSpecInput> {
  const out: Record<string, ArithmeticSpecInput> = {}
  for (const [model, figures] of Object.entries(CALIBRATED_MODELS)) {
    const oneMode = (figures.prior ?? []).filter((p) => p > 0).length === 1
    // One active mode gives half the rows per step: twice the steps for the same fit.
    const steps = oneMode ? 2400 : undefined
    out[`${model}-like`] = { kind: 'arithmetic', modes: ['code', 'nl'], ...figures, policy: { kind: 'transformer', ...(steps ? { pretrain: { steps } } : {}) } }
    // One active mode: the mode is no choice, so the answer head is the only thing RL can change.
    out[`${model}-like-linear`] = { kind: 'arithmetic', modes: ['code', 'nl'], ...figures, policy: { kind: 'linear', ...(oneMode ? { trainAnswerHead: true } : {}) } }
  }
  return { ...out, ...lengthPresets() }
}
