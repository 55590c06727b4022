// Pretrained weights on disk: the shipped preset files (src/organisms/weights/<preset>.bin) and the
// cache of user-defined organisms (RLVR_CACHE_DIR/organisms/<key>.bin, default .rlvr-cache/organisms).
//
// File format (one file, little-endian):
//   8 bytes   magic "RLVRWTS1"
//   4 bytes   uint32 header length H
//   H bytes   JSON header (UTF-8, space-padded to a multiple of 4): format, specHash, backend,
//             tensors [{ name, shape, offset }] (offset in floats), sha256 of the data, and notes
//             (the spec, pretraining time, final KL, exact calibration figures) for humans
//   rest      float32 data
// A file whose magic, header, size or data checksum is wrong is corrupt: it is reported, deleted
// (cache) or ignored (shipped), and the organism is pretrained again.
//
// Identity: specHash = sha256 of the resolved spec's canonical JSON (which includes
// pretrain.version, the PRETRAIN_VERSION of the code that made it). Shipped files are checked
// against the preset's specHash; cache files are named by sha256(specHash, backend).
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import type { BackendName } from '../engine/backend.js'
import type { Weights } from '../engine/policy.js'
import { canonicalJson, sha256 } from '../util/hash.js'
import type { ArithmeticSpec } from './spec.js'

const MAGIC = 'RLVRWTS1'
export const WEIGHTS_FORMAT = 1

export interface WeightsHeader {
  format: number
  specHash: string
  /** Backend the weights were pretrained on. */
  backend: BackendName
  tensors: { name: string; shape: number[]; offset: number }[]
  /** sha256 of the float32 data bytes. */
  sha256: string
  /** Free-form information (spec, pretraining time, calibration); not checked. */
  notes?: Record<string, unknown>
}

export class CorruptWeightsError extends Error {
  constructor(readonly path: string, why: string) {
    super(`corrupt weights file ${path}: ${why}`)
    this.name = 'CorruptWeightsError'
  }
}

export const specHash = (spec: ArithmeticSpec): string => sha256(canonicalJson(spec))

/** Cache file name of an organism pretrained on `backend`. */
export const cacheKey = (spec: ArithmeticSpec, backend: BackendName): string =>
  sha256(canonicalJson({ specHash: specHash(spec), backend }))

/** RLVR_CACHE_DIR/organisms, else .rlvr-cache/organisms under the working directory. */
export function organismCacheDir(): string {
  return resolve(process.env.RLVR_CACHE_DIR ?? join(process.cwd(), '.rlvr-cache'), 'organisms')
}

/** Folder of the shipped preset weights (src/organisms/weights). */
export const shippedWeightsDir = (): string => join(dirname(fileURLToPath(import.meta.url)), 'weights')
export const shippedWeightsPath = (preset: string): string => join(shippedWeightsDir(), `${preset}.bin`)

export function encodeWeights(weights: Weights, meta: { specHash: string; backend: BackendName; notes?: Record<string, unknown> }): Buffer {
  const names = Object.keys(weights).sort()
  let total = 0
  const tensors = names.map((name) => {
    const t = { name, shape: weights[name].shape.slice(), offset: total }
    total += weights[name].data.length
    return t
  })
  const data = new Float32Array(total)
  for (const t of tensors) data.set(weights[t.name].data, t.offset)
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const header: WeightsHeader = {
    format: WEIGHTS_FORMAT, specHash: meta.specHash, backend: meta.backend, tensors,
    sha256: createHash('sha256').update(bytes).digest('hex'), notes: meta.notes,
  }
  let json = JSON.stringify(header)
  json += ' '.repeat((4 - (Buffer.byteLength(json) % 4)) % 4)
  const head = Buffer.alloc(12)
  head.write(MAGIC, 0, 'latin1')
  const jsonBytes = Buffer.from(json, 'utf8')
  head.writeUInt32LE(jsonBytes.length, 8)
  return Buffer.concat([head, jsonBytes, bytes])
}

export function decodeWeights(buf: Buffer, path = '(buffer)'): { header: WeightsHeader; weights: Weights } {
  if (buf.length < 12 || buf.toString('latin1', 0, 8) !== MAGIC) throw new CorruptWeightsError(path, 'not a weights file (bad magic)')
  const h = buf.readUInt32LE(8)
  if (12 + h > buf.length) throw new CorruptWeightsError(path, 'truncated header')
  let header: WeightsHeader
  try { header = JSON.parse(buf.toString('utf8', 12, 12 + h)) as WeightsHeader } catch { throw new CorruptWeightsError(path, 'header is not JSON') }
  if (header.format !== WEIGHTS_FORMAT || !Array.isArray(header.tensors) || typeof header.sha256 !== 'string') {
    throw new CorruptWeightsError(path, `unknown header (format ${String(header.format)})`)
  }
  const body = buf.subarray(12 + h)
  const total = header.tensors.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0)
  if (body.length !== total * 4) throw new CorruptWeightsError(path, `data has ${body.length} bytes, the header says ${total * 4}`)
  if (createHash('sha256').update(body).digest('hex') !== header.sha256) throw new CorruptWeightsError(path, 'checksum mismatch')
  // Copy into an aligned buffer (the body's offset in a pooled Buffer need not be 4-aligned).
  const data = new Float32Array(total)
  new Uint8Array(data.buffer).set(body)
  const weights: Weights = {}
  for (const t of header.tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1)
    weights[t.name] = { shape: t.shape.slice(), data: data.slice(t.offset, t.offset + n) }
  }
  return { header, weights }
}

export function readWeightsFile(path: string): { header: WeightsHeader; weights: Weights } | undefined {
  if (!existsSync(path)) return undefined
  return decodeWeights(readFileSync(path), path)
}

/** Write atomically: a temp file in the same folder, then rename. */
export function writeWeightsFile(path: string, buf: Buffer): void {
  mkdirSync(dirname(path), { recursive: true })
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    writeFileSync(tmp, buf)
    renameSync(tmp, path)
  } catch (err) {
    rmSync(tmp, { force: true })
    throw err
  }
}
