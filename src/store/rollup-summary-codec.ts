/**
 * A roll-up block's MetricSummary as stored in metric_rollups.summary (a text column on both
 * databases): the base64 of 16 little-endian doubles,
 *   count, nanCount, min, max, then (step, timestamp, value) of stepFirst, stepLast, timeFirst, timeLast,
 * where min/max NaN mean null (every point NaN) and a point's NaN value is a NaN point.
 *
 * Rows written before this encoding hold the JSON text of the same 16 values as one flat array
 * (NaN and ±Infinity as the strings "NaN", "Infinity", "-Infinity"); they still decode, told
 * apart by their first character ('[' is not a base64 character), so no data migration is needed.
 * The binary form decodes with one native base64 write and 16 reads instead of a JSON parse
 * (the compare page reads ~8,000 blocks per chart); base64 keeps it text so both databases
 * store it in the existing column and glue it into one aggregate text per series.
 */
import type { MetricSummary, SummaryPoint } from '../core/metric-summary.js';

const VALUES = 16;
const BYTES = VALUES * 8;
/** Length of the base64 of BYTES bytes, padding included. */
const ENCODED_LENGTH = Math.ceil(BYTES / 3) * 4;

/** One scratch buffer: encoding and decoding are synchronous, so a single one serves every call. */
const scratch = Buffer.alloc(BYTES);
/** Its doubles, read little-endian whatever the platform (DataView reads compile to a load; Buffer's are JavaScript). */
const doubles = new DataView(scratch.buffer, scratch.byteOffset, BYTES);
const read = (at: number): number => doubles.getFloat64(at, true);

function putPoint(at: number, p: SummaryPoint): void {
  scratch.writeDoubleLE(p.step, at);
  scratch.writeDoubleLE(p.timestamp, at + 8);
  scratch.writeDoubleLE(p.value, at + 16);
}

export function encodeSummary(s: MetricSummary): string {
  scratch.writeDoubleLE(s.count, 0);
  scratch.writeDoubleLE(s.nanCount, 8);
  scratch.writeDoubleLE(s.min ?? Number.NaN, 16);
  scratch.writeDoubleLE(s.max ?? Number.NaN, 24);
  putPoint(32, s.stepFirst);
  putPoint(56, s.stepLast);
  putPoint(80, s.timeFirst);
  putPoint(104, s.timeLast);
  return scratch.toString('base64');
}

const orNull = (v: number): number | null => (Number.isNaN(v) ? null : v);
const sameAs = (p: SummaryPoint, step: number, timestamp: number, value: number): boolean =>
  p.step === step && p.timestamp === timestamp && Object.is(p.value, value);

/** The point at byte `at`; `reuse` when it is the same point (they are never mutated), so most blocks make 3 objects, not 5. */
function takePoint(at: number, reuse: SummaryPoint | undefined): SummaryPoint {
  const step = read(at);
  const timestamp = read(at + 8);
  const value = read(at + 16);
  return reuse !== undefined && sameAs(reuse, step, timestamp, value) ? reuse : { step, timestamp, value };
}

function decodeBinary(text: string): MetricSummary {
  if (text.length !== ENCODED_LENGTH || scratch.write(text, 'base64') !== BYTES) throw new Error(`not a stored roll-up summary: ${text.slice(0, 40)}`);
  const stepFirst = takePoint(32, undefined);
  const stepLast = takePoint(56, undefined);
  return {
    count: read(0),
    nanCount: read(8),
    min: orNull(read(16)),
    max: orNull(read(24)),
    stepFirst,
    stepLast,
    timeFirst: takePoint(80, stepFirst),
    timeLast: takePoint(104, stepLast),
  };
}

/** A stored summary in either form: the base64 one, or the JSON text of rows written before it. */
export function decodeSummary(text: string): MetricSummary {
  return text.startsWith('[') ? fromJson(JSON.parse(text) as JsonSummary) : decodeBinary(text);
}

type JsonValue = number | string | null;
type JsonSummary = JsonValue[];

const take = (value: JsonValue): number => (typeof value === 'string' ? Number(value) : (value as number));

function fromJson(a: JsonSummary): MetricSummary {
  const point = (i: number): SummaryPoint => ({ step: a[i] as number, timestamp: a[i + 1] as number, value: take(a[i + 2] as JsonValue) });
  return {
    count: a[0] as number,
    nanCount: a[1] as number,
    min: a[2] === null ? null : take(a[2] as JsonValue),
    max: a[3] === null ? null : take(a[3] as JsonValue),
    stepFirst: point(4),
    stepLast: point(7),
    timeFirst: point(10),
    timeLast: point(13),
  };
}

/** The JSON form rows were written in before the binary one, for tests of the upgrade. */
export function encodeSummaryAsJson(s: MetricSummary): string {
  const put = (value: number): number | string => (Number.isFinite(value) ? value : String(value));
  const point = (p: SummaryPoint) => [p.step, p.timestamp, put(p.value)];
  return JSON.stringify([s.count, s.nanCount, s.min === null ? null : put(s.min), s.max === null ? null : put(s.max),
    ...point(s.stepFirst), ...point(s.stepLast), ...point(s.timeFirst), ...point(s.timeLast)]);
}
