// Rows of one run -> a RunRecord. Decides which fields are numeric, renames them through the
// metric map, orders them by step, and splits them into history (training steps 1..N) and evals
// (keys starting with 'eval/', plus everything logged at step 0).
import type { Metrics, RunRecord } from '../engine/trainer.js'
import { MappingConflict, isPattern, keyRange, patternRegex, resolveMapping } from './metric-map.js'
import type { Row } from './types.js'
import { ExternalRunsError, locText, showValue, type ErrorAt, type ExternalConfig, type ExternalFormat, type ExternalRun, type Loc, type RowFormat } from './types.js'

/** One run's rows, with how its seed and steps are found. */
export interface Group {
  file: string
  format: RowFormat
  rows: Row[]
  seed: number
  /** The run's name, where the file names runs (a panel export, a run column of names). */
  run?: string
  stepField: string
  /** Fields that are bookkeeping of the reader (step, seed, run label): not metrics. */
  exclude: ReadonlySet<string>
}

export interface BuildOptions {
  arm: string
  user: Record<string, string>
  stepOffset: number
  onDuplicateStep: 'error' | 'last'
}

/** Collects warnings of one kind across files, so four seeds say it once. */
export type Warn = (kind: string, text: string, file: string) => void

export type Value = { kind: 'num'; v: number } | { kind: 'gap'; nan: boolean } | { kind: 'text' }

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/** null, '' and NaN are "not logged at this row"; numbers and numeric strings are values; anything else is text. */
export function classify(raw: unknown): Value {
  if (typeof raw === 'number') return Number.isNaN(raw) ? { kind: 'gap', nan: true } : { kind: 'num', v: raw }
  if (raw === null || raw === undefined) return { kind: 'gap', nan: false }
  if (typeof raw === 'string') {
    const s = raw.trim()
    if (s === '') return { kind: 'gap', nan: false }
    if (/^[+-]?nan$/i.test(s)) return { kind: 'gap', nan: true }
    const inf = /^([+-]?)(inf|infinity)$/i.exec(s)
    if (inf) return { kind: 'num', v: inf[1] === '-' ? -Infinity : Infinity }
    if (NUMBER.test(s)) return { kind: 'num', v: Number(s) }
  }
  return { kind: 'text' }
}

export function buildRun(g: Group, o: BuildOptions, warn: Warn): ExternalRun {
  const { file, arm } = { file: g.file, arm: o.arm }
  const at = (loc: Loc, field?: string, value?: unknown): ErrorAt => ({ arm, file, ...loc, field, value })
  const runName = `seed ${g.seed}${g.run ? ` (run '${g.run}')` : ''}`
  const stepText = (row: Row) => { const c = classify(row.fields[g.stepField]); return c.kind === 'num' ? String(c.v + o.stepOffset) : '?' }

  // 1. What each field holds.
  interface Stat { num: number; text?: { loc: Loc; value: unknown }; nan: number; nanAt?: Loc; inf?: Row }
  const stats = new Map<string, Stat>()
  for (const row of g.rows) {
    for (const [field, raw] of Object.entries(row.fields)) {
      if (g.exclude.has(field)) continue
      const s = stats.get(field) ?? { num: 0, nan: 0 }
      stats.set(field, s)
      const c = classify(raw)
      if (c.kind === 'num') { s.num++; if (!Number.isFinite(c.v)) s.inf ??= row }
      else if (c.kind === 'text') s.text ??= { loc: row.loc, value: raw }
      else if (c.nan) { s.nan++; s.nanAt ??= row.loc }
    }
  }
  const present = [...stats].filter(([, s]) => s.num > 0 || s.text).map(([f]) => f)

  // 2. Their names -> keys.
  let res
  try {
    res = resolveMapping(present, o.user)
  } catch (err) {
    if (!(err instanceof MappingConflict)) throw err
    throw new ExternalRunsError('ambiguous-mapping', `${err.message}: which one is '${err.key}'?`, at({}, err.fields[0]),
      err.source === 'user'
        ? `make the entry name one field: metrics: { '${err.fields[0]}': '${err.key}' }`
        : `name the one you mean: metrics: { '${err.fields[0]}': '${err.key}' } (the others keep their own names)`)
  }
  for (const s of res.shadowed) {
    warn('shadowed', `'${s.key}' is read from '${s.winner}'; '${s.field}' (also a default name for it) is kept under its own name`, file)
  }

  // 3. Text where a number belongs is an error; text-only fields are bookkeeping (ignored, said so).
  const ignored: string[] = []
  for (const [field, s] of stats) {
    if (!s.text) continue
    if (res.mapped.has(field) || s.num > 0) {
      throw new ExternalRunsError('non-numeric', `non-numeric value ${showValue(s.text.value)} for '${field}'${res.mapped.has(field) ? ` (read as '${res.rename.get(field)}')` : ''}`,
        at(s.text.loc, field, s.text.value),
        res.mapped.has(field) ? 'a metric must be a number on every row (empty, null or NaN mean "not logged")' : `the field mixes numbers and text: clean it, or map it away (metrics: { '${field}': '...' } requires numbers too)`)
    }
    ignored.push(field)
  }
  if (ignored.length) warn('ignored-text', `ignored non-numeric fields (not metrics): ${ignored.join(', ')}`, file)
  for (const [field, s] of stats) {
    if (s.nan) warn(`nan:${field}`, `'${field}' is NaN on some rows: treated as not logged there (first NaN of each file listed)`, locText(file, s.nanAt!))
    if (s.inf) {
      warn(`inf:${field}`, `'${field}' is ${s.inf.fields[field]} at ${locText(file, s.inf.loc)} (${runName}, step ${stepText(s.inf)}): kept as logged; a hypothesis that reads it there fails`, file)
    }
  }

  // 4. Every entry of the user's mapping must find its field.
  for (const entry of Object.keys(o.user)) {
    const hit = isPattern(entry) ? present.some((f) => patternRegex(entry).test(f)) : (stats.get(entry)?.num ?? 0) > 0
    if (!hit) {
      const near = present.filter((f) => f.toLowerCase().includes(entry.replace(/\*/g, '').split('/').filter(Boolean).at(-1)?.toLowerCase() ?? '\u0000')).slice(0, 5)
      throw new ExternalRunsError('missing-metric', `no row of seed ${g.seed} has a value for '${entry}' (your metrics mapping names it for '${o.user[entry]}')`,
        at({}, entry), near.length ? `check the spelling; similar fields here: ${near.join(', ')}` : `check the spelling against the file's fields (${present.slice(0, 8).join(', ')}${present.length > 8 ? ', ...' : ''})`)
    }
  }

  // 5. Values by step.
  const steps = new Map<number, Map<string, { v: number; loc: Loc; field: string }>>()
  let relogged = 0
  for (const row of g.rows) {
    const step = stepOf(row, g, o, at)
    let cell = steps.get(step)
    for (const [field, raw] of Object.entries(row.fields)) {
      if (g.exclude.has(field)) continue
      const c = classify(raw)
      if (c.kind !== 'num') continue
      const key = res.rename.get(field) ?? field
      const r = keyRange(key)
      if (r && !(c.v >= r.range[0] && c.v <= r.range[1])) {
        const unit = r.range[0] === 0 && r.range[1] === 1
        throw new ExternalRunsError('out-of-range', `'${field}'${field !== key ? ` (read as '${key}')` : ''} is ${c.v} at step ${step} of ${runName}: outside the range of '${r.metric}', [${r.range.join(', ')}]`,
          at(row.loc, field, c.v), unit
            ? `'${r.metric}' is a fraction in [0, 1]: a percentage (75 for 75%) must be divided by 100 before it is read; a score, count or overflowed value must not be mapped to '${key}' (map the right field, or map this one to another name)`
            : `'${r.metric}' cannot take this value: check the field and its mapping`)
      }
      cell ??= new Map()
      steps.set(step, cell)
      const prev = cell.get(key)
      if (prev && !Object.is(prev.v, c.v)) {
        if (o.onDuplicateStep === 'last') { relogged++ } else {
          throw new ExternalRunsError('duplicate-step', `step ${step} logs '${field}' twice with different values: ${prev.v} (${locText(file, prev.loc)}) and ${c.v} (${locText(file, row.loc)})`,
            at(row.loc, field, c.v), "a resumed run re-logs the steps after its last checkpoint: set onDuplicateStep: 'last' to keep the later lines, or cut the earlier segment; otherwise check stepField")
        }
      }
      cell.set(key, { v: c.v, loc: row.loc, field })
    }
  }
  if (relogged) warn('relogged', `${relogged} value(s) logged twice for the same step: kept the later ones (onDuplicateStep: 'last')`, file)

  // 6. Step 0 is before RL: it may hold evaluations and bookkeeping, not training metrics.
  const trainKeys = new Set([...res.rename.values()].filter((k) => !k.startsWith('eval/')))
  const zero = steps.get(0)
  const early = zero && [...zero.values()].filter((c) => trainKeys.has(res.rename.get(c.field) ?? c.field))
  if (early && early.length) {
    const first = early[0]
    throw new ExternalRunsError('bad-step', `step 0 holds training metrics (${early.slice(0, 3).map((c) => `'${c.field}'`).join(', ')}): the log's steps look 0-based`,
      at(first.loc, first.field, 0), `RunRecord counts training steps from 1 (step 0 is the evaluation before RL): set stepOffset: 1, or stepField to the trainer's global step (now '${g.stepField}')`)
  }

  const evals: { step: number; metrics: Metrics }[] = []
  const history: Metrics[] = []
  const logged: number[] = []
  for (const step of [...steps.keys()].sort((a, b) => a - b)) {
    const ev: Metrics = {}
    const tr: Metrics = {}
    for (const [key, c] of steps.get(step)!) (step === 0 || isEvalKey(key, c.field, res.rename) ? ev : tr)[key] = c.v
    if (Object.keys(ev).length) evals.push({ step, metrics: ev })
    if (Object.keys(tr).length) {
      while (history.length < step - 1) history.push({})
      history.push(tr)
      logged.push(step)
    }
  }

  // 7. What the DSL will not find.
  const evalLike = present.filter((f) => EVAL_FIELD.test(f) && !res.rename.has(f)).slice(0, 6)
  const mapHint = evalLike.length ? `; unmapped fields that look like evaluations: ${evalLike.join(', ')} (map one: metrics: { '${evalLike[0]}': 'eval/accuracy' })` : ''
  if (evals.length === 0) warn('no-eval', `no evaluation (no field maps to an eval/ key or is named like one): accuracy, format_rate, length and other eval metrics cannot be read${mapHint}`, file)
  else {
    if (evals[0].step !== 0) warn('no-step0', `no evaluation at step 0 (before RL), the first is at step ${evals[0].step}: toIncrease/toDecrease on eval metrics would compare against it (log one: verl trainer.val_before_train=True, TRL eval_on_start=True)`, file)
    if (!evals.some((e) => 'eval/accuracy' in e.metrics)) warn('no-accuracy', `no field maps to eval/accuracy, so 'accuracy' cannot be read${mapHint}`, file)
    if (history.length && evals.at(-1)!.step < history.length) warn('stale-eval', `the last evaluation is at step ${evals.at(-1)!.step} but training ran to step ${history.length}: final eval metrics are read from step ${evals.at(-1)!.step}`, file)
  }
  if (history.length === 0) warn('no-history', 'no training metrics (nothing outside eval/ after step 0): per-step metrics (reward, entropy, clip_frac, ...) cannot be read', file)
  else if (logged.length < history.length) {
    warn('sparse', `training metrics logged at ${logged.length} of steps 1..${history.length} (${logged.slice(0, 4).join(', ')}${logged.length > 4 ? ', ...' : ''}): history[step - 1] is {} at the other steps`, file)
  }

  const renamed = Object.fromEntries([...res.rename].filter(([f, k]) => f !== k))
  return { seed: g.seed, file, steps: logged, record: toRecord(g.seed, history, evals, { format: g.format, file, arm, metrics: renamed, ...(g.run ? { run: g.run } : {}) }) }
}

/** Their evaluation names, kept under their own names when unmapped: TRL eval_*, W&B eval/* and test/*, verl val-core/val-aux/val. */
export const EVAL_FIELD = /^(eval_|eval\/|test_|test\/|val-core\/|val-aux\/|val\/)/

/** Evaluations go to evals: keys mapped to eval/..., and unmapped fields named like an evaluation. */
const isEvalKey = (key: string, field: string, rename: ReadonlyMap<string, string>): boolean =>
  key.startsWith('eval/') || (!rename.has(field) && EVAL_FIELD.test(field))

function stepOf(row: Row, g: Group, o: BuildOptions, at: (loc: Loc, field?: string, value?: unknown) => ErrorAt): number {
  const raw = row.fields[g.stepField]
  const c = classify(raw)
  if (c.kind === 'gap') {
    throw new ExternalRunsError('bad-step', `no step: '${g.stepField}' is missing on this row`, at(row.loc, g.stepField, raw),
      `every row needs its step; if the step lives in another field, set stepField`)
  }
  const step = c.kind === 'num' ? c.v + o.stepOffset : NaN
  if (!Number.isInteger(step) || step < 0) {
    throw new ExternalRunsError('bad-step', `step ${showValue(raw)}${o.stepOffset ? ` (+ stepOffset ${o.stepOffset})` : ''} is not an integer >= 0`, at(row.loc, g.stepField, raw),
      `'${g.stepField}' must count optimizer steps; if another field does (e.g. 'global_step', 'train/global_step'), set stepField`)
  }
  return step
}

/**
 * A RunRecord for a run we did not train. backend and config do not fit the engine's types (an
 * engine backend name, a GrpoConfig): they are set through one cast here, and nothing downstream
 * of the runner reads config. backend 'external' and engineVersion 'external' mark the record.
 */
export function toRecord(seed: number, history: Metrics[], evals: { step: number; metrics: Metrics }[], external: ExternalConfig['external']): RunRecord {
  const config: ExternalConfig = { external }
  return {
    engineVersion: 'external',
    backend: 'external' as unknown as RunRecord['backend'],
    seed,
    config: config as unknown as RunRecord['config'],
    history,
    evals,
    stepSeconds: [],
    wallSeconds: 0,
  }
}

export const isExternalFormat = (f: string): f is ExternalFormat =>
  ['jsonl', 'csv', 'wandb-panel', 'verl-console', 'tensorboard', 'rlvr-json', 'hf-trainer-state'].includes(f)
