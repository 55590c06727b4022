// verl's console log (trainer.logger=['console'], the default alongside wandb): one line per
// Tracking.log call, printed by verl/utils/logger/aggregate_logger.py LocalLogger.log as
//   step:<n> - <key>:<value> - <key>:<value> - ...
// (concat_dict_to_str; only numeric values are printed). Values: verl <= 0.4 formats them with
// `{v:.3f}` (three decimals); from 0.5 with pprint.pformat, i.e. Python's repr: `0.7396`, `nan`,
// `inf`, and for numpy scalars under numpy >= 2 `np.float64(0.7396)`. Ray prefixes the lines of a
// remote actor (`(TaskRunner pid=123) step:1 - ...`) and the log holds other output between them:
// only lines with a `step:<n> - ` record are read.
import type { Row } from './types.js'

const ANSI = /\u001b\[[0-9;]*m/g
const RECORD = /(?:^|[\s)\]|])step:(\d+) - (.*)$/
const NUMPY_SCALAR = /^np\.[a-z0-9_]+\((.*)\)$/i

/** True if some line of the text is a verl console record. */
export const looksLikeVerlConsole = (text: string): boolean => text.split('\n').some((l) => RECORD.test(l.replace(ANSI, '')))

export function readVerlConsole(text: string): { rows: Row[]; skippedLines: number } {
  const rows: Row[] = []
  let skippedLines = 0
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(ANSI, '').trimEnd()
    const m = RECORD.exec(line)
    if (!m) { if (line.trim() !== '') skippedLines++; return }
    const fields: Record<string, unknown> = { step: Number(m[1]) }
    for (const part of m[2].split(' - ')) {
      const colon = part.lastIndexOf(':')
      if (colon <= 0) continue
      const key = part.slice(0, colon).trim()
      const value = part.slice(colon + 1).trim()
      fields[key] = NUMPY_SCALAR.exec(value)?.[1] ?? value
    }
    rows.push({ loc: { line: i + 1 }, fields })
  })
  return { rows, skippedLines }
}
