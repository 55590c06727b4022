// Content hashes for cache keys: sha256 of a canonical JSON (object keys sorted, so key order in a
// spec never changes a run's identity).
import { createHash } from 'node:crypto'

export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v)
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex')
