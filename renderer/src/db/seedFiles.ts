import sampleArticle from '../../../seeds/globalpost-russia-syria-arms.txt?raw';
import defaultSchema from '../../../seeds/default-schema.json?raw';
import { parseSchema } from '../../core/model/schema.ts';
import { describeError } from '../../core/formats/types.ts';
import type { SeedFiles } from './seed.ts';

/** The files in seeds/, bundled into the app. */
export function loadSeeds(): SeedFiles {
  const schema = parseSchema('seeds/default-schema.json', defaultSchema);
  if (!schema.ok) throw new Error(`The default schema is invalid: ${describeError(schema.error)}`);
  return { articleFileName: 'globalpost-russia-syria-arms.txt', articleText: sampleArticle, schema: schema.value };
}
