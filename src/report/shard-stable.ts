// What the reporter does to its input so that a `vitest --merge-reports` of shard blobs gives the
// same tables, JSON and HTML as one run (test/sharding.test.ts, docs/sharding.md):
//
// - Module order. vitest hands onTestRunEnd its modules in run order, and a merge orders them by
//   each file's start time, which depends on when each shard machine ran it. The reporter reads
//   them by path (relative to the project root), then project name. Tests within a module keep
//   their definition order, which blobs preserve.
// - Values. A blob stores task meta as JSON, so NaN and +-Infinity come back as null and undefined
//   fields vanish; in one run the meta arrives with them intact. The reporter renders every result
//   as JSON would store it (as the JSON report does), so both print the same.

import type { AblationGroup } from './render.js'

/** The slice of vitest's TestModule the order reads. */
export interface OrderableModule {
  readonly moduleId: string
  /** Path relative to the project root (vitest's `task.name`). */
  readonly relativeModuleId?: string
  readonly project?: { readonly name: string }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Modules sorted by relative path (code-unit order, not locale), then project name; a new array. */
export function sortModulesForReport<T extends OrderableModule>(modules: Iterable<T>): T[] {
  const key = (m: T): string => (m.relativeModuleId ?? m.moduleId).replace(/\\/g, '/')
  return [...modules].sort((a, b) => compare(key(a), key(b)) || compare(a.project?.name ?? '', b.project?.name ?? ''))
}

/** A value as JSON stores it (NaN and +-Infinity become null, undefined fields go): a deep copy. */
export function asStored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

/** The groups with every result as a blob (and the JSON report) stores it. */
export function storedGroups(groups: readonly AblationGroup[]): AblationGroup[] {
  return groups.map((g) => ({ ...g, results: g.results.map((r) => asStored(r)) }))
}
