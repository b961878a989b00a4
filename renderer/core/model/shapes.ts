/**
 * The zod pieces that file formats share when they read records (Claimscope JSONL, the project
 * archive): offsets, timestamps, attribute values and the fixed lists of the model, each defined
 * once from the lists in `types.ts`, with the messages the researcher sees.
 */
import { z } from 'zod';
import { ATTRIBUTE_TYPES, BLOCK_KINDS, DOCUMENT_STATUSES, ORIGINS } from './types.ts';

const either = (values: readonly string[]) => `must be ${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;

export const offsetShape = z.number().int('must be a whole number').nonnegative('cannot be negative');
/** An id in a file: a non-empty string or a number. */
export const idValueShape = z.union([z.string().min(1), z.number()], { error: 'must be a string or a number' });
export const timestampShape = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date and time' });
export const attributeValueShape = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.null()], {
  error: 'must be a string, number, true/false, a list of strings, or null',
});
export const metadataValueShape = z.union([z.string(), z.number(), z.boolean(), z.null()], {
  error: 'must be a string, number, true/false or null',
});
export const blockKindShape = z.enum(BLOCK_KINDS, { error: either(BLOCK_KINDS) });
export const originShape = z.enum(ORIGINS, { error: either(ORIGINS) });
export const documentStatusShape = z.enum(DOCUMENT_STATUSES, { error: either(DOCUMENT_STATUSES) });
export const attributeTypeShape = z.enum(ATTRIBUTE_TYPES, { error: `the type must be one of ${ATTRIBUTE_TYPES.join(', ')}` });

/** Who made and last changed a record, and when (annotations and relations). */
export const provenanceShape = {
  createdBy: z.string(),
  createdAt: timestampShape,
  updatedBy: z.string(),
  updatedAt: timestampShape,
};

/** A fact-check of a claim group: the ClaimReview fields; the date `YYYY-MM-DD` or empty. */
export const factCheckShape = z.object({
  url: z.string(),
  publisher: z.string(),
  verdict: z.string(),
  date: z.union([z.literal(''), z.iso.date({ error: 'must be a date as YYYY-MM-DD, or empty' })], {
    error: 'must be a date as YYYY-MM-DD, or empty',
  }),
});
