import { MAX_PART_NUMBER, MIN_PART_NUMBER, type UploadedPart } from '../core/ports/artifact-store.js';
import { invalidParameter } from '../core/errors.js';

export function assertPartNumber(partNumber: number): void {
  if (!Number.isInteger(partNumber) || partNumber < MIN_PART_NUMBER || partNumber > MAX_PART_NUMBER) {
    throw invalidParameter(`Part number must be an integer from ${MIN_PART_NUMBER} to ${MAX_PART_NUMBER}, got ${partNumber}.`);
  }
}

/** S3's rule, applied to every store so clients see one behaviour: at least one part, ascending. */
export function assertCompletableParts(parts: UploadedPart[]): void {
  if (parts.length === 0) throw invalidParameter('A multipart upload needs at least one part to complete.');
  let previous = 0;
  for (const part of parts) {
    assertPartNumber(part.partNumber);
    if (part.partNumber <= previous) throw invalidParameter('Parts must be listed in ascending part-number order.');
    previous = part.partNumber;
  }
}
