// The import graph of src/ and the two rules test/layers.test.ts holds it to: no import from a layer
// a file's layer may not import, no circle of files. The layers are the table under "## Layers" in
// docs/ARCHITECTURE.md, so the document and the check cannot disagree.
import { readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { globSync } from 'tinyglobby'

/** file -> the files it imports (repo-relative, '/'-separated): static, type-only, re-exports, import(). */
export type ImportGraph = Map<string, string[]>

export function importGraph(root: string, patterns = ['src/**/*.{ts,mts,mjs}']): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const file of globSync(patterns, { cwd: root }).sort()) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true)
    graph.set(file, importedFiles
      .map((i) => i.fileName)
      .filter((spec) => spec.startsWith('.'))
      // NodeNext: '.js' in an import names the '.ts' source.
      .map((spec) => relative(root, resolve(root, dirname(file), spec)).split('\\').join('/').replace(/\.js$/, '.ts')))
  }
  return graph
}

export interface Layer {
  name: string
  /** Folders under src/ ('dsl') or single files ('index.ts') that make up the layer. */
  members: string[]
  /** Layers this one may import (besides itself). */
  mayImport: string[]
}

/**
 * The layer table: the first markdown table after the heading `heading`, columns
 * `layer | holds | may import`; members and imports are `code` spans, "nothing" for none.
 */
export function parseLayerTable(markdown: string, heading = '## Layers'): Layer[] {
  const lines = markdown.split('\n')
  const at = lines.indexOf(heading)
  if (at < 0) throw new Error(`no '${heading}' section`)
  const table: string[][] = []
  for (const line of lines.slice(at + 1)) {
    if (line.startsWith('|')) table.push(line.split('|').slice(1, -1).map((c) => c.trim()))
    else if (table.length > 0 || line.startsWith('#')) break
  }
  const [head, rule, ...body] = table
  if (!head || head.join('|') !== 'layer|holds|may import' || !/^[-:| ]+$/.test(rule?.join('|') ?? '')) {
    throw new Error(`the '${heading}' table must have the columns layer | holds | may import`)
  }
  const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1])
  return body.map(([name, holds, may]) => ({ name: name.replace(/\*/g, ''), members: codes(holds).map((m) => m.replace(/^src\//, '').replace(/\/$/, '')), mayImport: codes(may) }))
}

/** The layer of a src/ file: the layer holding the file itself or its top folder. */
export function layerOf(layers: readonly Layer[], file: string): Layer | undefined {
  const rel = file.replace(/^src\//, '')
  return layers.find((l) => l.members.includes(rel)) ?? layers.find((l) => l.members.includes(rel.split('/')[0]))
}

/** Files in no layer, and every import from a layer into one it may not import, as readable lines. */
export function layerViolations(graph: ImportGraph, layers: readonly Layer[]): string[] {
  const out: string[] = []
  for (const [file, imports] of graph) {
    const from = layerOf(layers, file)
    if (!from) { out.push(`${file} is in no layer: add its folder to a layer of the table`); continue }
    for (const target of imports) {
      const to = layerOf(layers, target)
      if (!to) { out.push(`${file} imports ${target}, which is in no layer`); continue }
      if (to !== from && !from.mayImport.includes(to.name)) out.push(`${file} imports ${target}: layer ${from.name} may not import layer ${to.name}`)
    }
  }
  return out
}

/** The circles of a directed graph (strongly connected components of two or more nodes, or a node importing itself). */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  // Tarjan's algorithm.
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)) } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) !== index.get(v)) return
    const component: string[] = []
    let w: string
    do { w = stack.pop()!; onStack.delete(w); component.push(w) } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort())
  }
  for (const v of graph.keys()) if (!index.has(v)) visit(v)
  return cycles
}
