// Reading one file into rows of flat fields, whatever its format. A row is one logged record: a
// JSON line, a CSV record, an entry of trainer_state.json's log_history. Values are left as logged;
// build.ts decides what is numeric.
import { extname } from 'node:path'
import { CsvSyntaxError, parseCsv } from './csv.js'
import { flattenRecord, isPlainObject, JsonSyntaxError, parsePythonJson } from './json.js'
import { ExternalRunsError, type ExternalFormat, type Loc } from './types.js'

export interface Row { loc: Loc; fields: Record<string, unknown> }

export type FileData =
  | { file: string; format: 'jsonl' | 'csv' | 'hf-trainer-state'; rows: Row[] }
  | { file: string; format: 'rlvr-json'; report: unknown }

export function readSource(file: string, text: string, format: 'auto' | ExternalFormat, arm: string, stepKeys: ReadonlySet<string>): FileData {
  const fmt = format === 'auto' ? detect(file, text, arm) : format
  const fail = (what: string, loc: Loc, hint: string) => new ExternalRunsError('malformed', what, { arm, file, ...loc }, hint)
  if (fmt === 'csv') {
    try {
      const { header, records } = parseCsv(text)
      const seen = new Map<string, number>()
      header.forEach((h, i) => {
        if (h === '') throw fail(`column ${i + 1} of the header has no name`, { line: 1 }, 'name every column (the first row is the header)')
        if (seen.has(h)) throw fail(`the header names column '${h}' twice (columns ${seen.get(h)! + 1} and ${i + 1})`, { line: 1 }, 'rename or drop one of them')
        seen.set(h, i)
      })
      return { file, format: 'csv', rows: records.map((r) => ({ loc: { line: r.line }, fields: Object.fromEntries(header.map((h, i) => [h, r.cells[i]])) })) }
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
          last ? 'the last line looks cut off (the run was killed while writing?): delete it' : 'each line must be one JSON object')
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

function detect(file: string, text: string, arm: string): ExternalFormat {
  const ext = extname(file).toLowerCase()
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl'
  if (ext === '.csv') return 'csv'
  if (ext === '.json') {
    const head = text.slice(0, 4096)
    // A report starts {"ablation": ..., ...}; trainer_state.json has sorted keys, log_history somewhere inside.
    if (/"hypotheses"\s*:/.test(text) && /"ablation"\s*:/.test(head)) return 'rlvr-json'
    if (/"log_history"\s*:/.test(text)) return 'hf-trainer-state'
    throw new ExternalRunsError('format', 'cannot tell the format of this .json file (neither an rlvr report nor a trainer_state.json)',
      { arm, file }, "set format: 'jsonl' | 'csv' | 'rlvr-json' | 'hf-trainer-state' in the source")
  }
  throw new ExternalRunsError('format', `cannot tell the format from the extension '${ext || '(none)'}'`, { arm, file },
    "name files .jsonl/.ndjson, .csv or .json, or set format: 'jsonl' | 'csv' | 'rlvr-json' | 'hf-trainer-state'")
}
