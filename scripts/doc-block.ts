// The generated blocks of the docs: the text between a start and an end marker is replaced by what a
// command computed, and the markers stay, so a figure in the docs is never typed by hand.
import { readFileSync, writeFileSync } from 'node:fs'

/** `doc` with the text between `start` and `end` replaced by `body`; an error naming `where` and the markers when they are missing. */
export function replaceBlock(doc: string, start: string, end: string, body: string, where: string): string {
  const a = doc.indexOf(start), b = doc.indexOf(end)
  if (a < 0 || b < a) throw new Error(`${where} lacks the markers: add the lines\n${start}\n${end}`)
  return `${doc.slice(0, a + start.length)}\n${body}\n${doc.slice(b)}`
}

/** replaceBlock on a file, written back. */
export function writeBlock(path: string, start: string, end: string, body: string): void {
  writeFileSync(path, replaceBlock(readFileSync(path, 'utf8'), start, end, body, path))
}
