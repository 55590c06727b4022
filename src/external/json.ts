// JSON as Python writes it. json.dumps emits NaN, Infinity and -Infinity for non-finite floats
// (allow_nan=True is its default), which JSON.parse rejects; verl's file logger, TRL callbacks and
// transformers' trainer_state.json all go through json.dumps. We parse strictly first and, only if
// that fails, rewrite those three tokens outside strings and parse again.

/** Stands in for NaN during parsing; turned back into NaN by revive(). */
const NAN = '\u0000rlvr:NaN\u0000'

export class JsonSyntaxError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'JsonSyntaxError'
  }
}

export function parsePythonJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (strictErr) {
    const fixed = rewriteNonFinite(text)
    if (fixed === text) throw new JsonSyntaxError((strictErr as Error).message)
    try {
      return revive(JSON.parse(fixed))
    } catch (err) {
      throw new JsonSyntaxError((err as Error).message)
    }
  }
}

/** NaN -> a marker string, Infinity -> 1e999 (parses as Infinity), outside string literals only. */
function rewriteNonFinite(text: string): string {
  let out = ''
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (inString) {
      out += c
      if (c === '\\') { out += text[i + 1] ?? ''; i++ } else if (c === '"') inString = false
      continue
    }
    if (c === '"') { inString = true; out += c; continue }
    const token = text.startsWith('NaN', i) ? 'NaN' : text.startsWith('-Infinity', i) ? '-Infinity' : text.startsWith('Infinity', i) ? 'Infinity' : null
    if (token && !/[A-Za-z0-9_]/.test(text[i + token.length] ?? '') && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
      out += token === 'NaN' ? JSON.stringify(NAN) : token === 'Infinity' ? '1e999' : '-1e999'
      i += token.length - 1
      continue
    }
    out += c
  }
  return out
}

function revive(v: unknown): unknown {
  if (v === NAN) return NaN
  if (Array.isArray(v)) return v.map(revive)
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>
    for (const k of Object.keys(o)) o[k] = revive(o[k])
  }
  return v
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * One logged record as flat fields. verl's file logger writes {"step": n, "data": {...metrics}}:
 * that wrapper is unwrapped. Other nested objects are flattened with '/' ({"eval": {"acc": 1}} ->
 * "eval/acc"), the way trackers name nested metrics.
 */
export function flattenRecord(obj: Record<string, unknown>, stepKeys: ReadonlySet<string>): Record<string, unknown> {
  const keys = Object.keys(obj)
  if (isPlainObject(obj.data) && keys.every((k) => k === 'data' || stepKeys.has(k))) {
    const out: Record<string, unknown> = {}
    for (const k of keys) if (k !== 'data') out[k] = obj[k]
    flattenInto(obj.data, '', out)
    return out
  }
  const out: Record<string, unknown> = {}
  flattenInto(obj, '', out)
  return out
}

function flattenInto(obj: Record<string, unknown>, prefix: string, out: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix + k
    if (isPlainObject(v) && Object.keys(v).length > 0) flattenInto(v, `${key}/`, out)
    else out[key] = v
  }
}
