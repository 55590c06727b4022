// Metric names a hypothesis can compare, and how each is read from a run's record.
//   eval metrics come from the held-out evaluations (step 0 = before RL; exact where the organism
//   allows); train metrics from the per-step record (rollout, loss and optimiser diagnostics).
import type { RunRecord } from '../engine/trainer.js'

export interface MetricDef {
  /** Key in RunRecord.evals[].metrics, if an eval metric. */
  eval?: string
  /** Key in RunRecord.history[], if a per-step metric. */
  train?: string
  doc: string
  /** Values the metric can take (accuracy and rates [0, 1]); readers of external runs reject others. */
  range?: readonly [number, number]
}

const UNIT = [0, 1] as const
const NON_NEGATIVE = [0, Infinity] as const

export const METRICS: Record<string, MetricDef> = {
  accuracy: { eval: 'eval/accuracy', doc: 'held-out accuracy (exact where the organism allows, else sampled)', range: UNIT },
  format_rate: { eval: 'eval/format_rate', doc: 'held-out share of completions with a boxed answer', range: UNIT },
  length: { eval: 'eval/mean_length', doc: 'held-out mean completion length in tokens (exact for the length family, truncated completions at the full length)', range: NON_NEGATIVE },
  length_correct: { eval: 'eval/length_correct', doc: 'held-out mean length of right completions (length family; exact)', range: NON_NEGATIVE },
  length_incorrect: { eval: 'eval/length_incorrect', doc: 'held-out mean length of wrong completions, truncated ones included (length family; exact)', range: NON_NEGATIVE },
  length_gap: { eval: 'eval/length_gap', doc: 'length_incorrect - length_correct on held-out prompts (length family; exact)' },
  truncation_rate: { eval: 'eval/truncated_frac', doc: 'held-out share of completions cut at maxCompletionLength (no EOS; exact for the length family)', range: UNIT },
  rollout_length_correct: { train: 'train/length_correct', doc: 'mean length of the right rollouts of each step (length family)', range: NON_NEGATIVE },
  rollout_length_incorrect: { train: 'train/length_incorrect', doc: 'mean length of the wrong rollouts of each step, truncated ones included (length family)', range: NON_NEGATIVE },
  rollout_length_gap: { train: 'train/length_gap', doc: 'rollout_length_incorrect - rollout_length_correct of each step (length family)' },
  rollout_truncation_rate: { train: 'train/truncated_frac', doc: 'share of the rollouts of each step cut at maxCompletionLength', range: UNIT },
  mutual_information: { eval: 'eval/mutual_information', doc: 'I(X;Z) between prompt and reasoning (RAGEN-2 estimator; needs templateCollapsePrompts > 0)' },
  conditional_entropy: { eval: 'eval/conditional_entropy', doc: 'H(Z|X) of the reasoning (same estimator)' },
  retrieval_accuracy: { eval: 'eval/retrieval_accuracy', doc: 'share of reasoning samples whose most likely prompt is their own (chance 1/N)', range: UNIT },
  train_accuracy: { train: 'train/accuracy', doc: 'accuracy of the rollouts of each step (sampled, training prompts)', range: UNIT },
  rollout_length: { train: 'train/mean_length', doc: 'mean completion length in tokens of the rollouts of each step', range: NON_NEGATIVE },
  reward: { train: 'reward/mean', doc: 'mean reward of the rollouts of each step' },
  entropy: { train: 'policy/entropy', doc: 'mean per-token entropy of the policy on its rollouts', range: NON_NEGATIVE },
  clip_frac: { train: 'loss/clip_frac', doc: 'share of tokens clipped (low + high)', range: UNIT },
  clip_frac_low: { train: 'loss/clip_frac_low', doc: 'share of tokens with ratio < 1 - epsilon and A < 0', range: UNIT },
  clip_frac_high: { train: 'loss/clip_frac_high', doc: 'share of tokens with ratio > 1 + epsilonHigh and A > 0', range: UNIT },
  approx_kl: { train: 'policy/approx_kl', doc: 'KL(old || new) per update (k3 estimator)' },
  kl_initial: { eval: 'eval/kl_initial', doc: 'KL(policy || policy before RL) on held-out prompts (k3 per token, summed per completion)' },
  kl_ref: { train: 'policy/kl_ref', doc: 'KL(policy || reference) on the rollouts (k3; needs beta > 0)' },
  grad_norm: { train: 'grad/norm', doc: 'global gradient norm before clipping', range: NON_NEGATIVE },
}

/**
 * `mode_rate:<mode>` (e.g. mode_rate:code) is the held-out rate of a reasoning mode;
 * `mode_accuracy:<mode>` the held-out accuracy when the policy uses that mode (exact organisms only).
 */
export function metricDef(name: string): MetricDef | undefined {
  const m = /^mode_rate:(.+)$/.exec(name)
  if (m) return { eval: `eval/mode_rate/${m[1]}`, doc: `held-out rate of the '${m[1]}' mode`, range: UNIT }
  const a = /^mode_accuracy:(.+)$/.exec(name)
  if (a) return { eval: `eval/mode_accuracy/${a[1]}`, doc: `held-out accuracy within the '${a[1]}' mode (P(right | mode), exact evaluation)`, range: UNIT }
  const b = /^clip_frac_by_pold:(\d\.\d\d-\d\.\d\d)$/.exec(name)
  if (b) return { train: `loss/clip_frac_by_pold/${b[1]}`, doc: `share of tokens with pi_old in ${b[1]} that are clipped`, range: UNIT }
  return METRICS[name]
}

export const metricNames = (): string[] => [...Object.keys(METRICS), 'mode_rate:<mode>', 'mode_accuracy:<mode>', 'clip_frac_by_pold:<lo>-<hi> (0.00-0.05, 0.05-0.20, 0.20-0.50, 0.50-0.80, 0.80-0.95, 0.95-1.00)']

/** Where a metric is read: the final value, one step, or the mean over a step range (inclusive). */
export type MetricAt = { final: true } | { step: number } | { meanOverSteps: [number, number] }

export type CustomMetric = (run: RunRecord) => number

/** Read one number from a run; throws with the fix when the run does not have it. */
export function readMetric(run: RunRecord, name: string, def: MetricDef, at: MetricAt): number {
  return readMetricSteps(run, name, def, at).value
}

/**
 * readMetric, and the steps the value came from. `meanOverSteps` averages the steps inside the
 * window that logged the metric (an external run logged every 10 steps, an engine run evaluated every
 * evalEvery steps) and fails only when the window holds none; `step` needs that exact step.
 */
export function readMetricSteps(run: RunRecord, name: string, def: MetricDef, at: MetricAt): { value: number; steps: number[] } {
  const window = 'meanOverSteps' in at ? at.meanOverSteps : null
  const step = 'step' in at ? at.step : NaN
  if (def.eval) {
    const key = def.eval
    if (!run.evals.length) throw new Error(`metric '${name}' needs evaluations, but this run (seed ${run.seed}) has none`)
    if ('final' in at) return { value: valueOf(run.evals.at(-1)!.metrics, key, name), steps: [run.evals.at(-1)!.step] }
    if (!window) {
      const e = run.evals.find((x) => x.step === step)
      if (!e) throw new Error(`metric '${name}' at step ${step} needs an evaluation there, but this run evaluates at steps ${run.evals.map((x) => x.step).join(', ')}: set evalEvery: 1 in the ablation's config, or read it where it is evaluated`)
      return { value: valueOf(e.metrics, key, name), steps: [step] }
    }
    const picked = run.evals.filter((e) => e.step >= window[0] && e.step <= window[1] && e.metrics[key] !== undefined)
    if (!picked.length) throw noneIn(name, key, window, run.evals.filter((e) => e.metrics[key] !== undefined).map((e) => e.step), run.seed)
    return { value: mean(picked.map((e) => e.metrics[key])), steps: picked.map((e) => e.step) }
  }
  const key = def.train!
  const h = run.history
  if (!h.length) throw new Error(`metric '${name}' is a per-step metric, but this run (seed ${run.seed}) logged no step`)
  if ('final' in at) return { value: valueOf(h.at(-1)!, key, name), steps: [h.length] }
  if (!window) {
    if (step < 1 || step > h.length) throw new Error(`metric '${name}': step ${step} is outside 1..${h.length}`)
    return { value: valueOf(h[step - 1], key, name), steps: [step] }
  }
  const steps: number[] = []
  for (let s = Math.max(1, window[0]); s <= Math.min(h.length, window[1]); s++) if (h[s - 1][key] !== undefined) steps.push(s)
  if (!steps.length) throw noneIn(name, key, window, h.flatMap((m, i) => (m[key] !== undefined ? [i + 1] : [])), run.seed)
  return { value: mean(steps.map((s) => h[s - 1][key])), steps }
}

function noneIn(name: string, key: string, window: [number, number], logged: number[], seed: number): Error {
  const list = logged.length > 8 ? `${logged.slice(0, 4).join(', ')}, ..., ${logged.slice(-2).join(', ')}` : logged.join(', ')
  return new Error(`metric '${name}' (${key}) has no logged value at steps ${window[0]}..${window[1]} in this run (seed ${seed}); it is logged at steps ${list || '(none)'}: widen the window to hold one`)
}

/** Value before training: the step-0 evaluation for eval metrics, the first step's rollouts otherwise. */
export function readInitial(run: RunRecord, name: string, def: MetricDef): number {
  if (def.eval && run.evals[0]?.step !== 0) throw new Error(`metric '${name}' before training: this run (seed ${run.seed}) has no step-0 evaluation`)
  if (!def.eval && !run.history.length) throw new Error(`metric '${name}': this run (seed ${run.seed}) logged no step`)
  return def.eval ? valueOf(run.evals[0].metrics, def.eval, name) : valueOf(run.history[0], def.train!, name)
}

/** The per-step curve of a metric, for learning-curve plots. */
export function readCurve(run: RunRecord, def: MetricDef): { steps: number[]; values: number[] } {
  if (def.eval) return { steps: run.evals.map((e) => e.step), values: run.evals.map((e) => e.metrics[def.eval!] ?? NaN) }
  return { steps: run.history.map((_m, i) => i + 1), values: run.history.map((m) => m[def.train!] ?? NaN) }
}

function valueOf(m: Record<string, number>, key: string, name: string): number {
  const v = m[key]
  if (v === undefined) throw new Error(`metric '${name}' (${key}) is not recorded by this run${key.startsWith('eval/mutual') || key.startsWith('eval/cond') || key.startsWith('eval/retr') ? ': set templateCollapsePrompts (e.g. 16) in the config' : ''}; recorded: ${Object.keys(m).join(', ')}`)
  return v
}

const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length
