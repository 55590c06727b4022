// The layers of src/ as docs/ARCHITECTURE.md draws them (its "## Layers" table is read here), and no
// import circles. No exceptions list: a file that needs an upward import moves to the right layer.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { findCycles, importGraph, layerViolations, parseLayerTable, type Layer } from './helpers/import-graph.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const architecture = readFileSync(join(root, 'docs/ARCHITECTURE.md'), 'utf8')
const layers = parseLayerTable(architecture)
const graph = importGraph(root)

describe('the layer table of docs/ARCHITECTURE.md', () => {
  it('names each layer once, imports only named layers, and has no circle of layers', () => {
    const names = layers.map((l) => l.name)
    expect(names.length).toBeGreaterThan(4)
    expect(new Set(names).size).toBe(names.length)
    for (const l of layers) for (const m of l.mayImport) expect(names, `layer ${l.name} may import '${m}'`).toContain(m)
    expect(findCycles(new Map(layers.map((l) => [l.name, l.mayImport])))).toEqual([])
  })

  it('is closed: a layer may import whatever the layers it may import may import (the diagram\'s reach)', () => {
    const byName = new Map(layers.map((l) => [l.name, l]))
    for (const l of layers) {
      for (const m of l.mayImport) for (const further of byName.get(m)?.mayImport ?? []) expect(l.mayImport, `${l.name} -> ${m} -> ${further}`).toContain(further)
    }
  })

  it('the document names only source files and folders that exist', () => {
    const named = [...architecture.matchAll(/`((?:src|test)\/[\w./-]+)`/g)].map((m) => m[1])
    expect(named.length).toBeGreaterThan(20)
    for (const path of named) expect(existsSync(join(root, path)), path).toBe(true)
  })

  it('lists folders that exist, each in one layer', () => {
    const members = layers.flatMap((l) => l.members)
    expect(new Set(members).size).toBe(members.length)
    const tops = new Set([...graph.keys()].map((f) => f.replace(/^src\//, '').split('/')[0]))
    for (const m of members) expect([...tops], `'${m}' in the layer table`).toContain(m)
  })
})

describe('src/ imports', () => {
  it('sees every source file', () => {
    expect(graph.size).toBeGreaterThan(100)
    expect(graph.get('src/runner/worker-entry.mjs')).toEqual(['src/runner/worker.ts'])
  })

  it('never reach a layer the table does not allow', () => {
    expect(layerViolations(graph, layers)).toEqual([])
  })

  it('form no circles', () => {
    expect(findCycles(graph)).toEqual([])
  })
})

describe('the checker', () => {
  const dirs: string[] = []
  afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })
  const tree = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'rlvr-layers-'))
    dirs.push(dir)
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true })
      writeFileSync(join(dir, rel), text)
    }
    return dir
  }
  const toy: Layer[] = [
    { name: 'top', members: ['top'], mayImport: ['low'] },
    { name: 'low', members: ['low', 'one.ts'], mayImport: [] },
  ]

  it('reads static, multi-line, type-only, re-export and dynamic imports, and ignores packages', () => {
    const dir = tree({
      'src/top/a.ts': "import {\n  x,\n  y,\n} from '../low/b.js'\nimport type { T } from './c.js'\nexport { z } from '../one.js'\nimport ts from 'typescript'\nconst m = await import('../low/d.js')\n",
    })
    expect(importGraph(dir).get('src/top/a.ts')).toEqual(['src/low/b.ts', 'src/top/c.ts', 'src/one.ts', 'src/low/d.ts'])
  })

  it('names the file and the import that goes up a layer, and files in no layer', () => {
    const g = new Map([
      ['src/top/a.ts', ['src/low/b.ts']],
      ['src/low/b.ts', ['src/top/a.ts', 'src/one.ts']],
      ['src/stray/c.ts', []],
    ])
    expect(layerViolations(g, toy)).toEqual([
      'src/low/b.ts imports src/top/a.ts: layer low may not import layer top',
      'src/stray/c.ts is in no layer: add its folder to a layer of the table',
    ])
  })

  it('finds circles of any length and only those', () => {
    const g = new Map([
      ['a', ['b']], ['b', ['c']], ['c', ['a']],
      ['d', ['d']],
      ['e', ['a', 'f']], ['f', []],
    ])
    expect(findCycles(g)).toEqual([['a', 'b', 'c'], ['d']])
  })

  it('reads the table it is given and refuses one without its columns', () => {
    const md = '# X\n\n## Layers\n\ntext\n\n| layer | holds | may import |\n| --- | --- | --- |\n| **top** | `src/top/`, `src/x.ts` | `low` |\n| low | `src/low/` | nothing |\n\n| other | table |\n'
    expect(parseLayerTable(md)).toEqual([
      { name: 'top', members: ['top', 'x.ts'], mayImport: ['low'] },
      { name: 'low', members: ['low'], mayImport: [] },
    ])
    expect(() => parseLayerTable('## Layers\n\n| a | b |\n| - | - |\n')).toThrow(/layer \| holds \| may import/)
  })
})
