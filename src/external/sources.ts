// Reading one file into rows of flat fields, whatever its format. A row is one logged record: a
// JSON line, a CSV record, an entry of trainer_state.json's log_history, a verl console line, a
// TensorBoard event, one run's cells of a W&B panel export's record. Values are left as logged;
// build.ts decides what is numeric.
import { CsvSyntaxError, parseCsv } from './csv.js'
import { detectFormat } from './formats.js'
import { flattenRecord, isPlainObject, JsonSyntaxError, parsePythonJson } from './json.js'
import { readEventFile, TfRecordError } from './tensorboard.js'
import { looksLikeVerlConsole, readVerlConsole } from './verl-console.js'
import { isPanelHeader, readPanel } from './wandb-panel.js'
import { ExternalRunsError, type ExternalFormat, type Loc, type Row, type RowFormat } from './types.js'

export type FileData =
  | {
    file: string; format: RowFormat; rows: Row[]
    /** The reader's own step and run fields (a panel export's x column and its run names). */
    stepField?: string; runField?: string
    /** Things the reader noticed that are not errors (a cut-off last record, skipped lines). */
    notes?: string[]
  }
  | { file: string; format: 'rlvr-json'; report: unknown }

export function readSource(file: string, bytes: Uint8Array, format: 'auto' | ExternalFormat, arm: string, stepKeys: ReadonlySet<string>): FileData {
  const fmt = format === 'auto' ? detectFormat(file, bytes, arm) : format
  const fail = (what: string, loc: Loc, hint: string) => new ExternalRunsError('malformed', what, { arm, file, ...loc }, hint)
  if (fmt === 'tensorboard') {
    try {
      const { rows, notes } = readEventFile(bytes)
      if (rows.length === 0) notes.push('no scalar in this event file (an hparams or text-only file?): it gives no run')
      return { file, format: fmt, rows, notes, stepField: 'step' }
    } catch (err) {
      if (err instanceof TfRecordError) throw fail(`malformed event file: ${err.message}`, { where: `record ${err.record}, byte ${err.offset}` }, 'copy the file again; a file TensorBoard itself cannot read cannot be read here either')
      throw err
    }
  }
  const text = new TextDecoder('utf-8').decode(bytes)
  if (fmt === 'verl-console') {
    const { rows, skippedLines } = readVerlConsole(text)
    if (rows.length === 0) throw fail("no verl console record (a line 'step:N - key:value - ...')", {}, "log with trainer.logger=['console'] and keep the trainer's stdout, or set format")
    return { file, format: fmt, rows, stepField: 'step', notes: skippedLines ? [`${skippedLines} line(s) that are not 'step:N - ...' records (other output) skipped`] : [] }
  }
  if (fmt === 'csv' || fmt === 'wandb-panel') {
    try {
      const table = parseCsv(text)
      const { header, records } = table
      const seen = new Map<string, number>()
      header.forEach((h, i) => {
        if (h === '') throw fail(`column ${i + 1} of the header has no name`, { line: 1 }, 'name every column (the first row is the header)')
        if (seen.has(h)) throw fail(`the header names column '${h}' twice (columns ${seen.get(h)! + 1} and ${i + 1})`, { line: 1 }, 'rename or drop one of them')
        seen.set(h, i)
      })
      if (fmt === 'wandb-panel') {
        const p = readPanel(table, file)
        if (!p.ok) throw fail(`not a W&B panel export: ${p.what}`, { line: p.line }, p.hint)
        return { file, format: fmt, rows: p.rows, stepField: p.stepColumn, runField: 'run' }
      }
      const notes = isPanelHeader(header) ? ["the header looks like a W&B panel export (one column per run): read as one run per file; set format: 'wandb-panel', or leave format to 'auto'"] : []
      return { file, format: 'csv', notes, rows: records.map((r) => ({ loc: { line: r.line }, fields: Object.fromEntries(header.map((h, i) => [h, r.cells[i]])) })) }
    } catch (err) {
      if (err instanceof CsvSyntaxError) throw fail(`malformed CSV: ${err.message}`, { line: err.line }, 'export the table again, or fix the quoting on that line')
      throw err
    }
  }
  if (fmt === 'jsonl') {
    const rows: Row[] = []
    const lines = text.split('\n')
    lines.forEach((raw, i) => {
      const line = raw.trim()
      if (line === '') return
      let value: unknown
      try {
        value = parsePythonJson(line)
      } catch (err) {
        const last = lines.slice(i + 1).every((l) => l.trim() === '')
        throw fail(`malformed JSON: ${(err as JsonSyntaxError).message}`, { line: i + 1 },
          looksLikeVerlConsole(text) ? "this is a verl console log ('step:N - key:value' lines): set format: 'verl-console', or leave format to 'auto'"
            : last ? 'the last line looks cut off (the run was killed while writing?): delete it' : 'each line must be one JSON object')
      }
      if (!isPlainObject(value)) throw fail(`line is ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'null' : `a ${typeof value}`}, not a JSON object`, { line: i + 1 }, 'each line must be one JSON object of metrics')
      rows.push({ loc: { line: i + 1 }, fields: flattenRecord(value as Record<string, unknown>, stepKeys) })
    })
    return { file, format: 'jsonl', rows }
  }
  let doc: unknown
  try {
    doc = parsePythonJson(text)
  } catch (err) {
    throw fail(`malformed JSON: ${(err as JsonSyntaxError).message}`, {}, 'the file must be one JSON document')
  }
  if (fmt === 'rlvr-json') return { file, format: 'rlvr-json', report: doc }
  // hf-trainer-state: transformers' TrainerState.save_to_json -> {"log_history": [{..., "step": n}, ...], ...}
  if (!isPlainObject(doc) || !Array.isArray(doc.log_history)) {
    throw fail("no 'log_history' array: not a transformers trainer_state.json", {}, "point files at checkpoint-*/trainer_state.json, or set format")
  }
  const history = (doc as { log_history: unknown[] }).log_history
  return {
    file, format: 'hf-trainer-state',
    rows: history.map((entry, i) => {
      if (!isPlainObject(entry)) throw fail(`log_history[${i}] is not an object`, { where: `log_history[${i}]` }, 'the file looks damaged: take it from the checkpoint again')
      return { loc: { where: `log_history[${i}]` }, fields: flattenRecord(entry as Record<string, unknown>, stepKeys) }
    }),
  }
}
