// readExternalRuns: files (paths or globs) -> one RunRecord per seed. Finds the files, reads each
// in its format, finds each run's seed and steps, and hands the rows to build.ts. Synchronous: it
// runs when a spec file is collected, like the rest of the DSL's validation.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { globSync, isDynamicPattern } from 'tinyglobby'
import { buildRun, classify, isExternalFormat, type Group, type Warn } from './build.js'
import { patternRegex, suggestKey } from './metric-map.js'
import { readReport } from './rlvr-report.js'
import { formatList } from './formats.js'
import { readSource, type FileData } from './sources.js'
import { ExternalRunsError, locText, showValue, type ExternalRun, type ExternalRuns, type ExternalSource, type Loc, type Row } from './types.js'

export const STEP_FIELDS = ['step', 'global_step', 'training/global_step', 'train/global_step', '_step'] as const
export const SEED_FIELDS = ['seed', 'run'] as const
/** W&B's wall-clock columns: differ between the rows of one step, never metrics. */
export const TRACKER_CLOCKS = ['_runtime', '_timestamp'] as const

/** Natural order: seed2 before seed10. */
export const naturalCompare = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true })

export function readExternalRuns(src: ExternalSource, opts: { cwd: string; arm: string }): ExternalRuns {
  const { cwd, arm } = opts
  const o = checkOptions(src, arm)

  // 1. Files.
  const files = expand(o.patterns, cwd, arm)

  const warnings = new Map<string, { text: string; files: string[] }>()
  const warn: Warn = (kind, text, file) => {
    const w = warnings.get(`${kind}\u0000${text}`) ?? { text, files: [] }
    if (!w.files.includes(file)) w.files.push(file)
    warnings.set(`${kind}\u0000${text}`, w)
  }

  // 2. Rows (or a report) per file.
  const stepKeys = new Set<string>([...STEP_FIELDS, ...(src.stepField ? [src.stepField] : [])])
  const read = files.map((file) => readSource(file, readFileSync(resolve(cwd, file)), o.format, arm, stepKeys))
  for (const d of read) if (d.format !== 'rlvr-json') for (const n of d.notes ?? []) warn(`note:${n}`, n, d.file)
  // An event file without scalars (the hparams file torch writes beside the run's) is not a run.
  const data = read.filter((d) => !(d.format === 'tensorboard' && d.rows.length === 0))

  // 3. Runs: rows grouped by seed, then built; reports read as they are.
  const rowFiles = data.filter((d): d is Extract<FileData, { rows: Row[] }> => d.format !== 'rlvr-json')
  const groups = groupRows(o.runs && rowFiles.length ? selectRuns(rowFiles, o.runs, arm) : rowFiles, src, arm, warn)
  checkDuplicateSeeds(groups.map((g) => ({ seed: g.seed, file: g.file, loc: g.rows[0]?.loc ?? {} })), arm)
  for (const g of groups) checkRestart(g, arm)
  const runs: ExternalRun[] = groups.map((g) => buildRun(g, { arm, user: o.metrics, stepOffset: o.stepOffset, onDuplicateStep: o.onDuplicateStep }, warn))
  warnMissingFields(runs, warn)
  for (const d of data) {
    if (d.format !== 'rlvr-json') continue
    if (src.metrics && Object.keys(src.metrics).length) warn('report-metrics', 'the metrics mapping does not apply to an rlvr report (it already holds the DSL\'s keys): ignored', d.file)
    runs.push(...readReport(d.file, d.report, src.reportArm ?? arm, arm, warn))
  }
  checkDuplicateSeeds(runs.map((r) => ({ seed: r.seed, file: r.file, loc: {} })), arm)
  runs.sort((a, b) => a.seed - b.seed)

  return {
    runs, files,
    warnings: [...warnings.values()].map((w) => `${w.text} [${w.files.length > 3 ? `${w.files.slice(0, 3).join(', ')} and ${w.files.length - 3} more` : w.files.join(', ')}]`),
  }
}

interface Checked {
  patterns: string[]
  format: NonNullable<ExternalSource['format']>
  metrics: Record<string, string>
  stepOffset: number
  onDuplicateStep: 'error' | 'last'
  runs: string[] | null
}

function checkOptions(src: ExternalSource, arm: string): Checked {
  const bad = (what: string, field: string, hint: string) => new ExternalRunsError('bad-option', what, { arm, field }, hint)
  const patterns = typeof src.files === 'string' ? [src.files] : src.files
  if (!Array.isArray(patterns) || patterns.length === 0 || !patterns.every((p) => typeof p === 'string' && p.trim() !== '')) {
    throw bad('files must be a path or glob, or a non-empty list of them', 'files', "e.g. files: 'runs/verl/verifier/seed*.jsonl'")
  }
  const format = src.format ?? 'auto'
  if (format !== 'auto' && !isExternalFormat(format)) throw bad(`unknown format '${String(format)}'`, 'format', `use 'auto' or one of ${formatList()}`)
  const metrics = src.metrics ?? {}
  for (const [from, to] of Object.entries(metrics)) {
    if (typeof to !== 'string' || to === '') throw bad(`metrics['${from}'] must be the key to store it under, got ${showValue(to)}`, `metrics['${from}']`, "e.g. metrics: { 'eval/math500_acc': 'eval/accuracy' }")
    const key = suggestKey(to)
    if (key) throw bad(`metrics['${from}'] maps to '${to}', the DSL's metric name; records hold its key`, `metrics['${from}']`, `write metrics: { '${from}': '${key}' }`)
  }
  const runs = src.runs === undefined ? null : typeof src.runs === 'string' ? [src.runs] : src.runs
  if (runs !== null && (!Array.isArray(runs) || runs.length === 0 || !runs.every((r) => typeof r === 'string' && r !== ''))) {
    throw bad('runs must be a run-name pattern or a non-empty list of them', 'runs', "e.g. runs: '*-verifier-*'")
  }
  const stepOffset = src.stepOffset ?? 0
  if (!Number.isInteger(stepOffset)) throw bad(`stepOffset must be an integer, got ${showValue(stepOffset)}`, 'stepOffset', 'e.g. stepOffset: 1 for a 0-based step field')
  const onDuplicateStep = src.onDuplicateStep ?? 'error'
  if (onDuplicateStep !== 'error' && onDuplicateStep !== 'last') throw bad(`onDuplicateStep must be 'error' or 'last', got ${showValue(onDuplicateStep)}`, 'onDuplicateStep', "use 'last' for a resumed run")
  return { patterns, format, metrics, stepOffset, onDuplicateStep, runs }
}

/** Every pattern must match at least one file; literal paths must exist. Returns paths relative to cwd, POSIX separators. */
function expand(patterns: string[], cwd: string, arm: string): string[] {
  const out = new Set<string>()
  for (const pattern of patterns) {
    const p = pattern.split(sep).join('/')
    let found: string[]
    if (isDynamicPattern(p)) {
      found = globSync(p, { cwd, onlyFiles: true, expandDirectories: false, dot: false })
    } else {
      const abs = isAbsolute(p) ? p : resolve(cwd, p)
      found = existsSync(abs) && statSync(abs).isFile() ? [relative(cwd, abs).split(sep).join('/')] : []
    }
    if (found.length === 0 && !isDynamicPattern(p)) {
      const abs = isAbsolute(p) ? p : resolve(cwd, p)
      if (existsSync(abs) && statSync(abs).isDirectory()) {
        throw new ExternalRunsError('no-match', `'${pattern}' is a directory, not a file`, { arm, file: pattern }, `match the files in it, e.g. '${p.replace(/\/+$/, '')}/*.jsonl'`)
      }
    }
    if (found.length === 0) {
      throw new ExternalRunsError('no-match', isDynamicPattern(p) ? `no file matches '${pattern}'` : `file '${pattern}' not found`, { arm, file: pattern },
        `paths are relative to ${cwd}; check the directory and the pattern (globs: * ** ? {a,b})`)
    }
    for (const f of found) out.add(f)
  }
  return [...out].sort(naturalCompare)
}

/**
 * Rows -> one group per run. The seed comes from the seed field ('seed', then 'run'; a panel
 * export's run names), else from a seed in the file's path (…seed3…, seed_3, seed-3, seed=3), else
 * from the file's index among the one-file-per-seed files in natural order. Field names (step, seed)
 * match case-insensitively: a W&B panel's x column is 'Step'.
 */
function groupRows(files: Extract<FileData, { rows: Row[] }>[], src: ExternalSource, arm: string, warn: Warn): Group[] {
  type Pending = Omit<Group, 'seed'> & { seed?: number; label?: { text: string; loc: Loc } }
  const groups: Pending[] = []
  const perFile: Pending[] = []
  // A panel export holds one metric for many runs: a run's columns in several exports are one run.
  const panelRuns = new Map<string, Pending>()
  for (const d of files) {
    const keys = new Set(d.rows.flatMap((r) => Object.keys(r.fields)))
    const actual = (name: string) => (keys.has(name) ? name : [...keys].find((k) => k.toLowerCase() === name.toLowerCase()))
    const fieldsIn = (name: string | undefined): name is string => name !== undefined && d.rows.some((r) => classify(r.fields[name]).kind !== 'gap')
    const wanted = src.stepField ?? d.stepField
    const stepField = wanted !== undefined ? actual(wanted) : STEP_FIELDS.map(actual).find(fieldsIn)
    if (!fieldsIn(stepField)) {
      throw new ExternalRunsError('bad-step', wanted !== undefined ? `no row has the step field '${wanted}'` : `no step field: none of ${STEP_FIELDS.map((f) => `'${f}'`).join(', ')} is on any row`,
        { arm, file: d.file, field: wanted }, d.rows.length === 0 ? 'the file has no rows' : `set stepField to the field that counts optimizer steps (fields here: ${[...keys].slice(0, 8).join(', ')})`)
    }
    const seedField = d.runField ?? (src.seedField !== undefined ? actual(src.seedField) : SEED_FIELDS.map(actual).find(fieldsIn))
    if (src.seedField !== undefined && !d.runField && !fieldsIn(seedField)) {
      throw new ExternalRunsError('bad-seed', `no row has the seed field '${src.seedField}'`, { arm, file: d.file, field: src.seedField },
        'set seedField to the column holding the seed, or drop it to take the seed from the file name')
    }
    // A 'run' column beside the seed column labels runs: each seed must belong to one run.
    const runColumn = actual('run')
    const runLabel = seedField && seedField !== runColumn && fieldsIn(runColumn) ? runColumn : undefined
    // Counters of the logger, not metrics: the other step fields (W&B's _step counts log calls) and W&B's clock.
    const exclude = new Set([...STEP_FIELDS, ...TRACKER_CLOCKS, stepField, ...(seedField ? [seedField] : []), ...(runLabel ? [runLabel] : [])])
    if (!seedField) {
      perFile.push({ file: d.file, format: d.format, rows: d.rows, stepField, exclude })
      continue
    }
    const bySeed = d.format === 'wandb-panel' ? panelRuns : new Map<string, Pending>()
    const runOf = new Map<string, { run: string; loc: Loc }>()
    for (const row of d.rows) {
      const raw = row.fields[seedField]
      const c = classify(raw)
      if (c.kind === 'gap') {
        throw new ExternalRunsError('bad-seed', `no seed: '${seedField}' is empty on this row`, { arm, file: d.file, ...row.loc, field: seedField },
          'every row of a multi-run file needs its seed (or run) value')
      }
      if (c.kind === 'num' && !Number.isSafeInteger(c.v)) {
        throw new ExternalRunsError('bad-seed', `seed ${showValue(raw)} is not an integer`, { arm, file: d.file, ...row.loc, field: seedField, value: raw }, 'seeds are integers')
      }
      const text = c.kind === 'num' ? String(c.v) : String(raw).trim()
      if (runLabel) {
        const run = String(row.fields[runLabel] ?? '')
        const seen = runOf.get(text)
        if (seen && seen.run !== run) {
          throw new ExternalRunsError('duplicate-seed', `seed ${text} appears twice: run '${seen.run}' (${locText(d.file, seen.loc)}) and run '${run}' (${locText(d.file, row.loc)})`,
            { arm, file: d.file, ...row.loc, field: seedField, value: raw }, 'two runs with one seed cannot be paired: drop one run, or fix its seed')
        }
        runOf.set(text, { run, loc: row.loc })
      }
      let g = bySeed.get(text)
      if (!g) {
        g = { file: d.file, format: d.format, rows: [], stepField, exclude, ...(c.kind === 'num' ? { seed: c.v } : { label: { text, loc: row.loc }, run: text }) }
        bySeed.set(text, g)
        groups.push(g)
      } else if (g.stepField !== stepField) {
        // Panel exports of one run with different x axes would put two clocks in one run.
        throw new ExternalRunsError('bad-step', `run '${text}' is exported with x axis '${g.stepField}' in ${g.file} and '${stepField}' in ${d.file}`,
          { arm, file: d.file, ...row.loc, field: stepField }, 'export every panel with the same x axis (the trainer\'s global step)')
      }
      g.rows.push(row)
    }
  }

  // Run names as seeds: 'seed3' in every name, else their natural order.
  const labelled = groups.filter((g) => g.seed === undefined)
  if (labelled.length) {
    const names = [...new Set(labelled.map((g) => g.label!.text))].sort(naturalCompare)
    const fromName = names.map((n) => [...n.matchAll(/seed[-_=]?(\d+)/gi)].at(-1)?.[1])
    const seedOf = new Map(names.map((n, i) => [n, fromName.every((s) => s !== undefined) ? Number(fromName[i]) : i]))
    for (const g of labelled) g.seed = seedOf.get(g.label!.text)
    if (!fromName.every((s) => s !== undefined)) {
      warn('run-order', `runs are named, not numbered: seeds follow their sorted names (${names.slice(0, 6).map((n) => `'${n}' -> ${seedOf.get(n)}`).join(', ')}${names.length > 6 ? ', ...' : ''}); arms are paired by seed, so name runs alike across arms (…-seed3) or add a seed column`, labelled[0].file)
    }
  }
  // One file per seed: the path's seedN, else the index.
  if (perFile.length) {
    const fromPath = perFile.map((g) => [...g.file.matchAll(/seed[-_=]?(\d+)/gi)].at(-1)?.[1])
    const all = fromPath.every((s) => s !== undefined)
    perFile.forEach((g, i) => { g.seed = all ? Number(fromPath[i]) : i })
    if (!all && perFile.length > 1) {
      warn('file-order', `no seed field and no seedN in the file names: seeds are the files' positions in sorted order (${perFile.slice(0, 4).map((g) => `${g.file} -> ${g.seed}`).join(', ')}${perFile.length > 4 ? ', ...' : ''}); arms are paired by seed, so order files alike across arms`, perFile[0].file)
    }
    groups.push(...perFile)
  }
  return groups as Group[]
}

/** The rows of the runs whose name matches `runs`; a file without run names, or a filter that keeps nothing, is an error. */
function selectRuns(files: Extract<FileData, { rows: Row[] }>[], runs: string[], arm: string): Extract<FileData, { rows: Row[] }>[] {
  const match = (name: string) => runs.some((p) => patternRegex(p).test(name))
  const seen = new Set<string>()
  const kept = files.map((d) => {
    const keys = new Set(d.rows.flatMap((r) => Object.keys(r.fields)))
    const field = d.runField ?? [...keys].find((k) => k.toLowerCase() === 'run')
    if (!field) {
      throw new ExternalRunsError('bad-option', `runs filters runs by name, but this file names no runs (no run column)`, { arm, file: d.file, field: 'runs' },
        'drop runs for files of one run each, or export the runs with their names (a W&B panel export, a run column)')
    }
    const rows = d.rows.filter((r) => { const name = String(r.fields[field] ?? ''); seen.add(name); return match(name) })
    return { ...d, rows }
  }).filter((d) => d.rows.length > 0)
  if (kept.length === 0) {
    throw new ExternalRunsError('no-match', `no run name matches ${runs.map((r) => `'${r}'`).join(', ')}`, { arm, file: files[0]?.file, field: 'runs' },
      `the runs are: ${[...seen].sort(naturalCompare).slice(0, 10).join(', ')}${seen.size > 10 ? ', ...' : ''}`)
  }
  return kept
}

/**
 * Two runs logged under one seed (concatenated in one file or table) would merge into one run, and
 * under onDuplicateStep: 'last' silently: the later run would overwrite the earlier. A resumed run
 * restarts after its last checkpoint; steps that go back to the run's first step are a second run.
 */
function checkRestart(g: Group, arm: string): void {
  let first: { step: number; loc: Loc } | undefined
  let top: { step: number; loc: Loc } | undefined
  for (const row of g.rows) {
    const c = classify(row.fields[g.stepField])
    if (c.kind !== 'num') continue
    const step = c.v
    // A run's rows from several panel exports (one per metric) each start at the run's first step.
    if (!first || (row.loc.file ?? g.file) !== (first.loc.file ?? g.file)) { first = top = { step, loc: row.loc }; continue }
    if (step <= first.step && top!.step > first.step) {
      throw new ExternalRunsError('duplicate-seed', `seed ${g.seed}${g.run ? ` (run '${g.run}')` : ''} holds two runs: its steps start again at ${step} (${locText(g.file, row.loc)}) after reaching ${top!.step} (${locText(g.file, top!.loc)})`,
        { arm, file: g.file, ...row.loc, field: g.stepField, value: step },
        'two runs with one seed cannot be paired, and merging them would hide one (onDuplicateStep does not apply): give each run its own seed or file, or drop one. A resumed run restarts after its checkpoint, not at its first step')
    }
    if (step > top!.step) top = { step, loc: row.loc }
  }
}

/** A field some runs of the arm log and others do not (a column missing from one export): a hypothesis on it fails for those runs. */
function warnMissingFields(runs: ExternalRun[], warn: Warn): void {
  if (runs.length < 2) return
  const keysOf = runs.map((r) => new Set([...r.record.history.flatMap((h) => Object.keys(h)), ...r.record.evals.flatMap((e) => Object.keys(e.metrics))]))
  const all = new Set(keysOf.flatMap((k) => [...k]))
  for (const key of all) {
    const missing = runs.filter((_r, i) => !keysOf[i].has(key))
    if (missing.length === 0) continue
    const text = `'${key}' is missing from seed${missing.length > 1 ? 's' : ''} ${missing.map((r) => r.seed).join(', ')} (logged by the ${runs.length - missing.length} other run(s) of the arm): a hypothesis on it fails for ${missing.length > 1 ? 'those runs' : 'that run'}`
    for (const r of missing) warn(`missing:${key}`, text, r.file)
  }
}

function checkDuplicateSeeds(list: { seed: number; file: string; loc: Loc }[], arm: string): void {
  const seen = new Map<number, { file: string; loc: Loc }>()
  for (const r of list) {
    const prev = seen.get(r.seed)
    if (prev) {
      throw new ExternalRunsError('duplicate-seed', `seed ${r.seed} appears twice: ${locText(prev.file, prev.loc)} and ${locText(r.file, r.loc)}`,
        { arm, file: r.file, ...r.loc, value: r.seed }, 'each seed must be one run: remove the duplicate file, or set its seed (a seed field, or seedN in the file name)')
    }
    seen.set(r.seed, r)
  }
}
