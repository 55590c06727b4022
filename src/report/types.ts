// What a hypothesis hands the reporter, through vitest's task.meta: typed, JSON-serialisable.
// Every figure the table prints is here, so the JSON report can be checked against the screen.
import type { TestVerdict } from '../stats/decide.js'
import type { SampleSummary } from '../stats/summarize.js'
import type { Interval } from '../stats/types.js'
import type { StoredEffect } from './stored.js'

/**
 * What the test decided (stats/decide.ts), or one of two outcomes decided before it:
 * 'invalid control': the comparison's control arm has collapsed runs (see ArmValidity); the test fails.
 * 'error': the hypothesis could not be evaluated (its reason holds the message); it has a row all the same.
 */
export type Verdict = TestVerdict | 'invalid control' | 'error'

export type { Interval }

/** One arm of a hypothesis: its per-seed values summarised (n, mean, median, IQM, std, 95% t and bootstrap intervals of the mean). */
export interface ArmSummary extends SampleSummary {
  name: string
  /** Per-seed values of the metric, in seed order. */
  values: number[]
  seeds: number[]
  /** Where the runs came from, for arms read from files (e.g. "read 5 runs from 5 file(s)"). */
  source?: string
  /** Arms read from files: what the readers noticed (NaN dropped, merged steps, shadowed defaults, a field missing from some runs). */
  warnings?: string[]
  /** A mean over a step window of a sparse log: the steps each seed's value averages, in seed order. */
  stepsUsed?: number[][]
  /** Mean and 95% t band over seeds of the metric's per-step curve, where the metric has one. */
  curve?: { steps: number[]; mean: number[]; lo: number[]; hi: number[] }
  /** Run validity at the final evaluation, where the organism measures it (docs/statistics.md). */
  validity?: ArmValidity
}

/** Share of probability on well-formed completions per run; a run below `threshold` has collapsed. */
export interface ArmValidity {
  /** 'eval/canonical_mass' (arithmetic transformers) or 'well-formed by construction' (linear organisms). */
  measure: string
  threshold: number
  /** Per run, in seed order (null: not measured). */
  values: (number | null)[]
  /** Runs below the threshold. */
  collapsed: number
  min: number
}

/** The sign test's effect: seeds in the claimed direction among the non-tied ones, their share and its exact interval. */
export interface SignTestSummary {
  /** Non-tied seeds (pairs). */
  n: number
  /** Seeds whose difference is zero, dropped. */
  ties: number
  claimed: number
  opposite: number
  /** claimed / n, with its Clopper-Pearson interval at `level` (1 - 2 alpha). */
  share: number
  ci: Interval
  level: number
}

/** The "seeds for 80% power" hint at the levels Holm tests the hypothesis at (alpha / m .. alpha). */
export interface PowerHintResult {
  test: 't' | 'sign'
  /** Observed effect in the claimed direction: d (d_z when paired) for 't', the share of seeds for 'sign'. */
  effect: number
  /** The observed effect runs against the claim: no seed count is given. */
  against: boolean
  familySize: number
  alpha: { worst: number; best: number }
  /** Seeds per arm for 80% power at alpha.worst and at alpha.best; null when against or not estimable. */
  seeds: { worst: number | null; best: number | null }
}

export interface HypothesisResult {
  kind: 'hypothesis' | 'claim'
  ablation: string
  hypothesis: string
  /** Human label of the metric and where it is read, e.g. "accuracy (final)". */
  metric: string
  /** greater | less | equivalent | increase | decrease | above | below */
  comparison: string
  /** One arm (increase/decrease/above/below) or two (treatment first). */
  arms: ArmSummary[]
  /**
   * Treatment minus reference (final minus initial for increase/decrease, mean minus bound for
   * above/below), with its two-sided interval at `level` = 1 - 2 alpha, whose claimed-side end is the
   * one-sided bound matching the one-sided test (0.90 at alpha 0.05).
   */
  difference: { estimate: number; ci: Interval; level: number } | null
  hedgesG: { estimate: number; ci: Interval } | null
  /** P(the claimed direction holds for a random pair of runs): Mann-Whitney U / (n m). */
  probabilityOfImprovement: number | null
  test: { name: string; paired: boolean; p: number; pAdjusted: number }
  verdict: Verdict
  reason: string
  /**
   * For an inconclusive verdict: seeds per arm that 80% power would need at the observed effect, at
   * Holm's worst-case level alpha / m (see `power` for the range); null when the effect runs against
   * the claim or cannot be estimated.
   */
  seedsFor80Power: number | null
  /** The power hint in full (inconclusive verdicts of directional comparisons). */
  power?: PowerHintResult
  /** Sign-test comparisons: the share of seeds in the claimed direction. */
  signTest?: SignTestSummary
  /** A known refutation (the DSL's it.fails): the verdict expected, and the test passes if it comes out so. */
  expectedVerdict: Verdict | null
  organism: string
  backend: string
  engineVersion: string
  /**
   * Runs behind this ablation: trained now (spotChecked of them re-trained to check their published
   * records), served from the local cache, and served from the published store (reports/runs);
   * list: every run (arm, seed, run key), what `npm run publish-runs` publishes.
   */
  runs: { trained: number; cached: number; total: number; published?: number; spotChecked?: number; list?: RunRef[] }
  /** Sweeps only: the metric per swept value for each condition, and the crossover where asked. */
  sweep?: SweepResult
  /** Claims only: each required control. */
  controls?: ControlResult[]
  /** Comparison with reports/baselines/<ablation>.json, where baselines are on. */
  baseline?: BaselineCheck
  /** Under a sequential seeds plan: when and how the hypothesis was decided (docs/sequential.md). */
  sequential?: SequentialResult
}

/**
 * A hypothesis judged under a sequential seeds plan. Its `test.pAdjusted` is `pSequential` and its
 * `difference.ci` is the repeated confidence interval `rci` (where the test has one).
 */
export interface SequentialResult {
  /** Look (1-based) at which it was decided, of `looks.length`; still inconclusive at the last look counts as decided there. */
  stage: number
  /** Seeds per arm behind the verdict (the look's cumulative count). */
  seeds: number
  /** Cumulative seeds per arm at each planned look. */
  looks: number[]
  spending: 'obrien-fleming' | 'pocock'
  /** The look's nominal one-sided level (from alpha, before Holm) and its z boundary. */
  nominal: number
  boundary: number
  /** Repeated p-value in the claimed direction, smallest over the looks so far (before Holm). */
  pRepeated: number
  /** Holm over the ablation's repeated p-values: the sequential adjusted p-value. */
  pSequential: number
  /** Repeated confidence interval of the difference (simultaneous over looks at 1 - 2 alpha); null for tests without one. */
  rci: Interval | null
  /** Distinct runs the plan used vs training every arm it started with to the last look (ablation-wide). */
  runs?: { used: number; max: number }
  /** Still open: this invocation stopped at look `stage`, before the plan's last look (verdict
   *  inconclusive; not a baseline). A later invocation with a larger cap goes on. */
  open?: boolean
  /** What stopped it: RLVR_MAX_LOOKS, or the last look of the ablation's published runs (the default). */
  openBy?: 'RLVR_MAX_LOOKS' | 'published'
}

/** One run behind an ablation: its arm, seed and run key (src/runner/cache.ts runKey). */
export interface RunRef {
  arm: string; seed: number; key: string
  /** CPU seconds the run took to train, from its record (absent in records older than the field). */
  cpuSeconds?: number
}

/** One required control of a claim: is it there, and does the treatment beat it? */
export interface ControlResult {
  /** Control kind, e.g. 'random-reward', 'untrained', 'on-policy-fresh'. */
  control: string
  present: boolean
  /** The arm that played it (declared with this role, or derived from the treatment); null for 'untrained' or when missing. */
  arm: string | null
  derived: boolean
  /** Treatment minus control, with its interval (1 - 2 alpha). */
  difference: { estimate: number; ci: Interval; level: number } | null
  pAdjusted: number | null
  verdict: Verdict | 'missing'
}

/** A sweep expectation's data: per x, the mean over seeds and its 95% t interval, per condition. */
export interface SweepResult {
  param: string
  xs: number[]
  conditions: { name: string; mean: number[]; lo: number[]; hi: number[] }[]
  /**
   * Crossover: the end comparisons of the intersection-union test (first condition minus second, at
   * the low and high end: one x or a declared region), the orientation tested (`start`: the first
   * condition starts above or below), and where the mean difference changes sign that way, by
   * linear interpolation, with a percentile-bootstrap interval over seeds conditional on a crossing;
   * `share` = share of bootstrap replicates that cross (descriptive, not the test).
   */
  crossover?: {
    x: number | null; lo: number | null; hi: number | null; share: number
    start?: 'above' | 'below'; declared?: boolean
    low?: CrossoverEnd; high?: CrossoverEnd
  }
}

/** One end of a crossover test: mean difference with its interval (1 - 2 alpha) and both one-sided p-values. */
export interface CrossoverEnd { values: number[]; label: string; diff: number; ci: Interval; pGreater: number; pLess: number }

/** Baseline comparison of a hypothesis (mechanism regression check). */
export interface BaselineCheck {
  status: 'new' | 'match' | 'moved' | 'regression' | 'updated'
  previousVerdict: Verdict | null
  /** The baseline's effect and interval, where the effect moved outside it. */
  previousEffect: StoredEffect | null
  /** Backend the baseline was recorded on (when it differs from this run's, the message says so). */
  backend: string | null
  message: string
  /** The baseline's entries for hypotheses the ablation no longer declares (same on each of its checks; `-u` removes them). */
  stale?: string[]
}

/** The key under task.meta. */
export const META_KEY = 'rlvr' as const

declare module 'vitest' {
  interface TaskMeta {
    rlvr?: HypothesisResult
  }
}
