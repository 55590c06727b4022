// The plain definition objects the DSL builds and the runner consumes.
import type { GrpoConfig, GrpoConfigInput } from '../engine/config.js'
import type { CustomMetric, MetricAt, MetricDef } from '../metrics/registry.js'
import type { ControlKind } from './control-kinds.js'
import type { ExternalRuns, ExternalSource } from '../external/index.js'
import type { SeedPlan, SeedPlanInput } from './seed-plan.js'

/** Arm overrides: any part of the config, at any depth (validated when merged). */
export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T
export type ArmOverrides = DeepPartial<GrpoConfigInput>

/** Every key of any member of a union (keyof a union gives only the keys all members share). */
type KeysOfUnion<S> = S extends unknown ? keyof S : never
/** The type of key K in the members of S that have it. */
type ValueOfUnion<S, K extends PropertyKey> = S extends unknown ? (K extends keyof S ? S[K] : never) : never
/**
 * T with each key that Shape lacks, at any depth, turned into `never`. An object literal returned
 * by a callback gets no excess-property check (it is compared as a whole, not as a fresh literal),
 * so `(q) => ({ rewrd: ... })` would pass; `build: (v) => O & NoExtraKeys<O, ArmOverrides>` makes
 * the misspelt key a type error, as it is in arm(name, { ... }).
 */
export type NoExtraKeys<T, Shape> = T extends readonly unknown[] ? T
  : T extends object ? { [K in keyof T]: K extends KeysOfUnion<Shape> ? NoExtraKeys<T[K], NonNullable<ValueOfUnion<Shape, K>>> : never }
    : T

/** A handle to a declared arm; only the DSL creates them. */
export interface ArmRef {
  readonly kind: 'arm'
  readonly name: string
  /** The ablation that declared it (arms are compared only within one ablation). */
  readonly ablation: string
  readonly ablationId: number
}

export interface MetricRef {
  /** Name as written (a registered metric, or 'custom:<label>'). */
  name: string
  def?: MetricDef
  custom?: CustomMetric
  at: MetricAt
}

/** A declared sweep: one arm per value of one parameter. */
export interface SweepRef {
  readonly kind: 'sweep'
  readonly name: string
  readonly param: string
  readonly values: readonly number[]
  readonly arms: readonly ArmRef[]
  readonly ablationId: number
}

/** Minimum effect for a directional claim: on the raw difference or standardised (Hedges' g). */
export type MinEffect = { difference: number } | { standardized: number }

/** Which test a paired comparison uses: the t test on the mean difference, or the exact sign test. */
export type PairedTestKind = 't' | 'sign'

/** Options a comparison carries beside its kind (from expectArm(..).on(metric, options)). */
export interface ComparisonOptions {
  /** The test for this comparison (overrides the ablation's `test`). */
  test?: PairedTestKind
  /** The hypothesis is about collapse: collapsed control runs do not make it 'invalid control'. */
  aboutCollapse?: boolean
}

/** Per-seed end regions of a crossover, as swept values: each end is the mean over its values. */
export interface CrossoverEnds { low: number[]; high: number[] }

export type ComparisonDef = ComparisonKind & { options?: ComparisonOptions }

export type ComparisonKind =
  | { kind: 'greater' | 'less'; arm: ArmRef; other: ArmRef; metric: MetricRef; minEffect?: MinEffect }
  | { kind: 'equivalent'; arm: ArmRef; other: ArmRef; metric: MetricRef; margin: number }
  | { kind: 'increase' | 'decrease'; arm: ArmRef; metric: MetricRef; minEffect?: MinEffect }
  /** The metric stays within ±margin of its pre-training value (paired TOST per seed). */
  | { kind: 'unchanged'; arm: ArmRef; metric: MetricRef; margin: number }
  | { kind: 'above' | 'below'; arm: ArmRef; metric: MetricRef; bound: number }
  /** The metric trends with the swept value (per-seed least-squares slope, one-sample t). */
  | { kind: 'monotone'; arm: ArmRef; sweep: SweepRef; direction: 'increasing' | 'decreasing'; metric: MetricRef }
  /**
   * The difference sweep minus other changes sign between the low and the high end of the swept
   * values (intersection-union test of the two ends; `start`: the side sweep starts on, if declared;
   * `ends`: pre-declared end regions instead of the first and last value).
   */
  | { kind: 'crossover'; arm: ArmRef; sweep: SweepRef; other: ArmRef; otherSweep: SweepRef; metric: MetricRef; start?: 'above' | 'below'; ends?: CrossoverEnds }

/** Options of an ablation, beside the GRPO config that every arm starts from. */
export interface AblationOptions {
  /**
   * Number of seeds (0..n-1) or the seed list. Every trained arm runs every seed: runs are paired by seed. (Not needed when every arm reads its runs from files.)
   * Or a sequential plan, `{ initial: 8, step: 8, max: 48, from?: 0 }` or `{ list, looks }`: seeds are added in stages while a hypothesis is undecided (docs/sequential.md).
   */
  seeds?: number | number[] | SeedPlanInput
  /** Significance level, before Holm correction across the ablation's hypotheses. */
  alpha?: number
  /** What an inconclusive verdict does to the test: fail (default) or skip. RLVR_INCONCLUSIVE overrides. */
  inconclusive?: 'fail' | 'skip'
  /** Paired tests between arms: 'auto' (default) pairs arms whose seeds are the same; true requires it. */
  paired?: boolean | 'auto'
  /**
   * Test of the directional comparisons: 't' (default: paired or Welch t on the mean difference) or
   * 'sign' (exact sign test on the per-seed differences; needs paired seeds). A comparison's own
   * `on(metric, { test })` overrides it. See docs/statistics.md.
   */
  test?: PairedTestKind
  /**
   * Run validity: a run whose validity (the organism's share of well-formed completions at its final
   * evaluation) is below `threshold` (default 0.95) is collapsed; a comparison whose control arm has
   * collapsed runs gets the verdict 'invalid control'. See docs/statistics.md.
   */
  validity?: { threshold?: number }
}

export type AblationBase = AblationOptions & GrpoConfigInput

export interface ArmDef {
  ref: ArmRef
  overrides: ArmOverrides
  /** null for an arm whose runs come from files. */
  config: GrpoConfig | null
  /** Runs read from files (arm.fromRuns), read when the spec is collected. */
  external?: { source: ExternalSource; read: ExternalRuns }
  /** The control this arm plays for claims, if declared with one. */
  role?: ControlKind
  /** Derived automatically from a claim's treatment. */
  derivedFrom?: string
}

/** How a hypothesis or claim is registered: as vitest's it, it.skip or it.only. */
export type Mode = 'run' | 'skip' | 'only'

export interface ClaimDef {
  id: number
  name: string
  treatment: ArmRef
  metric: MetricRef
  /** Every required control: the arm that plays it, null for 'untrained', undefined when missing. */
  controls: { kind: ControlKind; arm: ArmRef | null | undefined; derived: boolean }[]
  /** Minimum difference the treatment must beat each control by. */
  margin: number
  mode: Mode
}

export interface HypothesisDef {
  id: number
  name: string
  comparison: ComparisonDef
  mode: Mode
  /** Known refutation: the verdict the organism is measured to give. */
  expectedVerdict: 'refuted' | null
}

export interface AblationDef {
  id: number
  name: string
  file: string
  /** With a sequential plan, `seeds` is every seed up to its max and `plan` holds the looks. */
  options: Required<Omit<AblationOptions, 'seeds' | 'validity'>> & { seeds: number[] | null; validity: { threshold: number }; plan?: SeedPlan }
  base: GrpoConfigInput
  arms: ArmDef[]
  hypotheses: HypothesisDef[]
  claims: ClaimDef[]
}

/** Every arm a comparison reads. */
export const armsOf = (c: ComparisonDef): ArmRef[] =>
  c.kind === 'monotone' ? [...c.sweep.arms]
    : c.kind === 'crossover' ? [...c.sweep.arms, ...c.otherSweep.arms]
      : 'other' in c ? [c.arm, c.other] : [c.arm]
