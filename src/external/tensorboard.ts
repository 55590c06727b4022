// TensorBoard event files (events.out.tfevents.*): what TRL writes with report_to="tensorboard"
// (transformers' TensorBoardCallback: add_scalar(tag, value, global_step), tags renamed by
// rewrite_logs to train/... and eval/...) and verl with trainer.logger=['tensorboard'] (its own
// names, step = global step). Only scalars are read; text, histograms, images and hparams are skipped.
//
// The file is a TFRecord stream; each record is
//   uint64 length (little-endian) | uint32 masked CRC-32C of those 8 bytes | length bytes of data | uint32 masked CRC-32C of the data
// with mask(c) = ((c >>> 15) | (c << 17)) + 0xa282ead8 (tensorflow/core/lib/hash/crc32c.h). The data
// is one serialized tensorboard.Event. The framing is a few lines and no maintained npm package does
// it (the one TFRecord package pins protobuf 3 and crypto-js 3), so it is written here; CRC-32C comes
// from @aws-crypto/crc32c and the protobuf decoding from protobufjs, with the schema below: the
// fields of tensorboard/compat/proto/{event,summary,tensor,tensor_shape}.proto that scalars use.
import { crc32c } from '@aws-crypto/crc32c'
import protobuf from 'protobufjs'
import type { Row } from './types.js'

const SCHEMA = `
syntax = "proto3";
package tensorboard;
message Event {
  double wall_time = 1;
  int64 step = 2;
  oneof what { string file_version = 3; Summary summary = 5; }
}
message Summary {
  message Value {
    string tag = 1;
    SummaryMetadata metadata = 9;
    oneof value { float simple_value = 2; TensorProto tensor = 8; }
  }
  repeated Value value = 1;
}
message SummaryMetadata {
  message PluginData { string plugin_name = 1; bytes content = 2; }
  PluginData plugin_data = 1;
}
message TensorShapeProto {
  message Dim { int64 size = 1; string name = 2; }
  repeated Dim dim = 2;
}
message TensorProto {
  int32 dtype = 1;
  TensorShapeProto tensor_shape = 2;
  bytes tensor_content = 4;
  repeated float float_val = 5;
  repeated double double_val = 6;
  repeated int32 int_val = 7;
  repeated int64 int64_val = 10;
}
`
const Event = protobuf.parse(SCHEMA, { keepCase: true }).root.lookupType('tensorboard.Event')

/** tensorflow/core/framework/types.proto: the numeric dtypes a scalar summary uses. */
const DT = { FLOAT: 1, DOUBLE: 2, INT32: 3, INT64: 9 } as const

export const maskCrc = (crc: number): number => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0

/** True if the bytes start with a TFRecord header whose length CRC checks: how the format is told by content. */
export function looksLikeTfRecord(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return view.getUint32(8, true) === maskCrc(crc32c(bytes.subarray(0, 8)))
}

export class TfRecordError extends Error {
  constructor(readonly record: number, readonly offset: number, message: string) {
    super(message)
    this.name = 'TfRecordError'
  }
}

export interface EventFileRows {
  rows: Row[]
  /** Things to say about the file (a cut-off last record, no scalars). */
  notes: string[]
}

/** Event file bytes -> one row per event holding scalars: { step, <tag>: value, ... }. */
export function readEventFile(bytes: Uint8Array): EventFileRows {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const rows: Row[] = []
  const notes: string[] = []
  const skipped = new Set<string>()
  let offset = 0
  for (let record = 0; offset < bytes.length; record++) {
    if (bytes.length - offset < 12) {
      notes.push(`the last record is cut off at byte ${offset} (the run was still writing?): ignored`)
      break
    }
    const header = bytes.subarray(offset, offset + 8)
    if (view.getUint32(offset + 8, true) !== maskCrc(crc32c(header))) {
      throw new TfRecordError(record, offset, `record ${record} at byte ${offset}: the length's checksum does not match (not an event file, or damaged there)`)
    }
    const length = Number(view.getBigUint64(offset, true))
    const start = offset + 12
    if (start + length + 4 > bytes.length) {
      notes.push(`the last record (${record}, at byte ${offset}) is cut off (the run was still writing?): ignored`)
      break
    }
    const data = bytes.subarray(start, start + length)
    if (view.getUint32(start + length, true) !== maskCrc(crc32c(data))) {
      throw new TfRecordError(record, offset, `record ${record} at byte ${offset}: the data's checksum does not match (the file is damaged there)`)
    }
    offset = start + length + 4
    const event = Event.toObject(Event.decode(data), { longs: Number, defaults: false }) as EventObject
    const values = event.summary?.value ?? []
    const fields: Record<string, unknown> = {}
    for (const v of values) {
      const x = scalarOf(v)
      if (x === undefined) { skipped.add(v.tag ?? '(no tag)'); continue }
      fields[v.tag!] = x
    }
    if (Object.keys(fields).length) rows.push({ loc: { where: `record ${record}` }, fields: { ...fields, step: event.step ?? 0 } })
  }
  if (skipped.size) notes.push(`skipped ${skipped.size} non-scalar tag(s) (text, histograms, images, hparams): ${[...skipped].slice(0, 5).join(', ')}${skipped.size > 5 ? ', ...' : ''}`)
  return { rows, notes }
}

interface EventObject {
  step?: number
  summary?: { value?: ValueObject[] }
}
interface ValueObject {
  tag?: string
  simple_value?: number
  tensor?: { dtype?: number; tensor_shape?: { dim?: { size?: number }[] }; tensor_content?: Uint8Array; float_val?: number[]; double_val?: number[]; int_val?: number[]; int64_val?: number[] }
}

/** A Value's number: simple_value (torch's SummaryWriter, TF1), or a one-element numeric tensor (TF2's tf.summary.scalar). */
function scalarOf(v: ValueObject): number | undefined {
  if (v.simple_value !== undefined) return v.simple_value
  const t = v.tensor
  if (!t) return undefined
  if ((t.tensor_shape?.dim ?? []).some((d) => (d.size ?? 0) !== 1)) return undefined
  const content = t.tensor_content && t.tensor_content.length ? new DataView(t.tensor_content.buffer, t.tensor_content.byteOffset, t.tensor_content.byteLength) : null
  switch (t.dtype) {
    case DT.FLOAT: return t.float_val?.[0] ?? (content?.byteLength === 4 ? content.getFloat32(0, true) : undefined)
    case DT.DOUBLE: return t.double_val?.[0] ?? (content?.byteLength === 8 ? content.getFloat64(0, true) : undefined)
    case DT.INT32: return t.int_val?.[0] ?? (content?.byteLength === 4 ? content.getInt32(0, true) : undefined)
    case DT.INT64: return t.int64_val?.[0] ?? (content?.byteLength === 8 ? Number(content.getBigInt64(0, true)) : undefined)
    default: return undefined
  }
}
