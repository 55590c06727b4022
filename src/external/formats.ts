// Which format a file is in, told from its content: the bytes of a TFRecord header, then the text's
// first record (a JSON object per line, one JSON document, a verl `step:N - ` line, a CSV header).
// The extension only breaks ties (a .json file is one document, never JSON Lines) and, where the
// content fits nothing, picks the reader whose error says best what is wrong (a .jsonl file with a
// broken first line gets "malformed JSON at line 1").
import { extname } from 'node:path'
import { parseCsv } from './csv.js'
import { isPlainObject, parsePythonJson } from './json.js'
import { looksLikeTfRecord } from './tensorboard.js'
import { looksLikeVerlConsole } from './verl-console.js'
import { isPanelHeader } from './wandb-panel.js'
import { ExternalRunsError, type ExternalFormat } from './types.js'

/** Every format, with what it looks like: the list the "cannot tell" error prints. */
export const FORMATS: readonly { format: ExternalFormat; looks: string }[] = [
  { format: 'jsonl', looks: 'one JSON object per line: TRL on_log records, verl\'s file logger {"step": 1, "data": {...}}' },
  { format: 'csv', looks: 'a header row, one column per metric, a step column (a W&B run.history() export, a table with a seed/run column)' },
  { format: 'wandb-panel', looks: 'a W&B panel "Export CSV": "Step","<run> - <metric>","<run> - <metric>__MIN",...' },
  { format: 'verl-console', looks: "verl's console log: lines 'step:1 - actor/entropy:0.52 - critic/score/mean:0.31 - ...'" },
  { format: 'tensorboard', looks: 'a TensorBoard event file (events.out.tfevents.*), binary TFRecords' },
  { format: 'hf-trainer-state', looks: 'a transformers checkpoint-*/trainer_state.json ({"log_history": [...]})' },
  { format: 'rlvr-json', looks: "this project's JSON report (reports/<ablation>.json)" },
]

export const formatList = (): string => FORMATS.map((f) => `'${f.format}'`).join(' | ')

/** The format of a file; throws an ExternalRunsError listing every format when none fits. */
export function detectFormat(file: string, bytes: Uint8Array, arm: string): ExternalFormat {
  const ext = extname(file).toLowerCase()
  if (looksLikeTfRecord(bytes)) return 'tensorboard'
  const text = new TextDecoder('utf-8').decode(bytes).replace(/^\ufeff/, '')
  const firstLine = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? ''

  if (firstLine.startsWith('{') || firstLine.startsWith('[')) {
    const lineIsObject = isPlainObject(tryJson(firstLine))
    // A first line that is a whole object, with more lines after it: JSON Lines (no need to parse it all).
    if (lineIsObject && ext !== '.json' && firstLine !== text.trim()) return 'jsonl'
    const doc = tryJson(text)
    if (isPlainObject(doc) && Array.isArray(doc.log_history)) return 'hf-trainer-state'
    if (isPlainObject(doc) && Array.isArray(doc.hypotheses) && 'ablation' in doc) return 'rlvr-json'
    if (doc !== undefined && ext === '.json') throw unknown(file, arm, 'a JSON document, but neither a trainer_state.json (no "log_history") nor an rlvr report (no "ablation" and "hypotheses")')
    if (lineIsObject) return 'jsonl'
  }
  if (looksLikeVerlConsole(text)) return 'verl-console'
  if (firstLine.includes(',')) {
    try {
      return isPanelHeader(parseCsv(firstLine).header) ? 'wandb-panel' : 'csv'
    } catch { /* not CSV either */ }
  }
  // Nothing fits: let the extension's reader say what is wrong, where it names a format.
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl'
  if (ext === '.csv') return 'csv'
  throw unknown(file, arm, text.trim() === '' ? 'the file is empty' : `its first line is ${JSON.stringify(firstLine.slice(0, 60))}${firstLine.length > 60 ? '...' : ''}`)
}

function tryJson(text: string): unknown {
  try { return parsePythonJson(text) } catch { return undefined }
}

function unknown(file: string, arm: string, what: string): ExternalRunsError {
  return new ExternalRunsError('format', `cannot tell the format of this file: ${what}`, { arm, file },
    `the formats read are:\n${FORMATS.map((f) => `    ${f.format}: ${f.looks}`).join('\n')}\n  set format: ${formatList()} if it is one of them`)
}
