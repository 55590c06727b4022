// The public shapes of the external-run readers: what a spec passes (ExternalSource), what it gets
// back (ExternalRuns), and the one error type every reader throws (ExternalRunsError).
import type { RunRecord } from '../engine/trainer.js'

export type ExternalFormat = 'jsonl' | 'csv' | 'wandb-panel' | 'verl-console' | 'tensorboard' | 'rlvr-json' | 'hf-trainer-state'

/** Formats read into rows of fields (everything but the project's own report). */
export type RowFormat = Exclude<ExternalFormat, 'rlvr-json'>

export interface ExternalSource {
  /**
   * Paths or glob patterns, relative to cwd: one file per seed (JSON Lines, a verl console log, a
   * TensorBoard event file, a Hugging Face trainer_state.json, an rlvr JSON report), one CSV with a
   * seed/run column, or W&B panel exports (one column per run).
   */
  files: string | string[]
  /** auto (default): told from each file's content (src/external/formats.ts), the extension breaking ties. */
  format?: 'auto' | ExternalFormat
  /** Their metric name -> the DSL's internal key (e.g. { 'eval/math500_acc': 'eval/accuracy' }); merged over the defaults. `*` matches any text. */
  metrics?: Record<string, string>
  /** Field/column holding the seed (default: 'seed', then 'run', then a seed in the file's path, then the file's index in sorted order). */
  seedField?: string
  /** Field holding the step (default 'step', then 'global_step', 'training/global_step', 'train/global_step', '_step'; matched case-insensitively). */
  stepField?: string
  /** Added to every logged step, e.g. 1 for a log whose first training step is 0 (W&B's `_step`). Default 0. */
  stepOffset?: number
  /**
   * The same step logged twice with different values: 'error' (default) or 'last' (a resumed run
   * re-logged it; the later line wins). A second run with the same seed is an error either way.
   */
  onDuplicateStep?: 'error' | 'last'
  /**
   * Only the runs whose name matches one of these (`*` matches any text): for a W&B panel export or
   * a table with a run column that holds several arms, e.g. runs: '*-verifier-*'.
   */
  runs?: string | string[]
  /** rlvr-json only: the arm's name in the report (default: the arm being declared). */
  reportArm?: string
}

export interface ExternalRun {
  seed: number
  record: RunRecord
  /** The file the run was read from, relative to cwd. */
  file: string
  /** The training steps that logged anything (history[step - 1] is {} at every other step). */
  steps: number[]
}

export interface ExternalRuns {
  /** One run per seed, in seed order. */
  runs: ExternalRun[]
  /** Every file matched, relative to cwd, in natural sort order. */
  files: string[]
  /** Things worth knowing that are not errors (ignored text fields, no pre-RL evaluation, ...), each naming its file. */
  warnings: string[]
}

/** What an external record carries in RunRecord.config (typed as RunRecord['config'] by a cast; see toRecord). */
export interface ExternalConfig {
  external: {
    format: ExternalFormat
    file: string
    /** The run's name in the file (a W&B run, a table's run column), where it has one. */
    run?: string
    arm: string
    /** Their field -> the key it was stored under, for every field that was renamed. */
    metrics: Record<string, string>
    /** rlvr-json: the report's ablation, backend and engine version. */
    report?: { ablation: string; backend: string; engineVersion: string; arm: string }
  }
}

export type ExternalRunsErrorKind =
  | 'no-match' | 'format' | 'malformed' | 'non-numeric' | 'missing-metric' | 'duplicate-seed' | 'duplicate-step'
  | 'bad-step' | 'bad-seed' | 'ambiguous-mapping' | 'bad-option' | 'report' | 'out-of-range'

export interface ErrorAt {
  arm: string
  /** File (relative to cwd), or the pattern that matched nothing. */
  file?: string
  /** 1-based line (JSON Lines, CSV). */
  line?: number
  /** A place without a line, e.g. 'log_history[3]' or "hypothesis 'x'". */
  where?: string
  field?: string
  value?: unknown
}

/** Every reader error: says what is wrong, where (arm, file, line, field) and how to fix it. */
export class ExternalRunsError extends Error {
  readonly code = 'RLVR_EXTERNAL_RUNS' as const
  readonly arm: string
  readonly file?: string
  readonly line?: number
  readonly where?: string
  readonly field?: string
  readonly value?: unknown

  constructor(readonly kind: ExternalRunsErrorKind, what: string, at: ErrorAt, readonly hint: string) {
    const place = at.file === undefined ? '' : `${at.file}${at.line !== undefined ? `:${at.line}` : ''}${at.where ? ` (${at.where})` : ''}`
    const parts = [`arm '${at.arm}'`, place, at.field !== undefined ? `field '${at.field}'` : ''].filter(Boolean)
    super(`✖ ${what}\n  → at ${parts.join(' · ')}\n  hint: ${hint}`)
    this.name = 'ExternalRunsError'
    this.arm = at.arm
    this.file = at.file
    this.line = at.line
    this.where = at.where
    this.field = at.field
    this.value = at.value
  }
}

/** Where a row came from, for messages; `file` when a run's rows come from several files (W&B panel exports). */
export interface Loc { line?: number; where?: string; file?: string }

/** One logged record of a file (a JSON line, a CSV record, a TensorBoard event, ...), values as logged. */
export interface Row { loc: Loc; fields: Record<string, unknown> }

export const locText = (file: string, loc: Loc): string =>
  `${loc.file ?? file}${loc.line !== undefined ? `:${loc.line}` : ''}${loc.where ? ` (${loc.where})` : ''}`

/** Short, unambiguous rendering of a logged value for messages. */
export function showValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)
  if (typeof v === 'number') return String(v)
  const s = JSON.stringify(v)
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s
}
