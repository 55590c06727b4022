// A small RFC 4180 CSV parser: comma-separated, double-quoted fields may hold commas, quotes ("")
// and line breaks; CRLF or LF; a UTF-8 BOM is dropped. Each record keeps the line it starts on, for
// error messages. Written here rather than taken from npm: tracker exports need only this subset,
// and it is ~60 lines with its own tests.

export interface CsvTable {
  header: string[]
  /** Data records (blank lines skipped), each with the 1-based line it starts on. */
  records: { line: number; cells: string[] }[]
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message)
    this.name = 'CsvSyntaxError'
  }
}

export function parseCsv(text: string): CsvTable {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const rows: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let cell = ''
  let line = 1
  let start = 1
  let i = 0
  let atFieldStart = true
  const endRecord = () => {
    cells.push(cell)
    if (!(cells.length === 1 && cells[0] === '')) rows.push({ line: start, cells })
    cells = []
    cell = ''
    atFieldStart = true
  }
  while (i < src.length) {
    const ch = src[i]
    if (atFieldStart && ch === '"') {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      const opened = line
      i++
      for (;;) {
        if (i >= src.length) throw new CsvSyntaxError(opened, `unterminated quoted field (opened on line ${opened})`)
        const c = src[i]
        if (c === '"') {
          if (src[i + 1] === '"') { cell += '"'; i += 2; continue }
          i++
          break
        }
        if (c === '\n') line++
        cell += c
        i++
      }
      const next = src[i]
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
        throw new CsvSyntaxError(line, `unexpected ${JSON.stringify(next)} after a closing quote (a quote inside a quoted field is written "")`)
      }
      atFieldStart = false
      continue
    }
    atFieldStart = false
    if (ch === ',') { cells.push(cell); cell = ''; atFieldStart = true; i++; continue }
    if (ch === '\r' && src[i + 1] === '\n') { i++; continue }
    if (ch === '\n') { endRecord(); line++; start = line; i++; continue }
    cell += ch
    i++
  }
  if (cell !== '' || cells.length > 0) endRecord()
  if (rows.length === 0) throw new CsvSyntaxError(1, 'the file is empty (expected a header row)')
  const [head, ...records] = rows
  for (const r of records) {
    if (r.cells.length !== head.cells.length) {
      throw new CsvSyntaxError(r.line, `${r.cells.length} cells, but the header has ${head.cells.length} columns`)
    }
  }
  return { header: head.cells.map((h) => h.trim()), records }
}
