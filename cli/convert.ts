/** `claimscope convert <input> <output> --from <format> --to <format>` */
import { Command, Option } from 'commander';
import type { ConllScheme } from '../renderer/core/formats/conll.ts';
import { describeError } from '../renderer/core/formats/types.ts';
import { CliError } from './errors.ts';
import { FORMAT_HELP, FORMATS, INPUTS, OUTPUTS, readInput, writeOutput, type CliFormat } from './formats.ts';
import type { CliContext } from './context.ts';

interface ConvertOptions {
  from: CliFormat;
  to: CliFormat;
  textColumn?: string;
  layer?: string;
  scheme: string;
  force?: boolean;
  quiet?: boolean;
}

export function registerConvert(program: Command, ctx: CliContext): void {
  const formats = FORMATS.map((f) => `  ${f.padEnd(12)} ${FORMAT_HELP[f]}`).join('\n');
  program
    .command('convert')
    .description('Convert annotated documents from one format to another (nothing is written if anything fails).')
    .argument('<input>', 'the file to read (a folder for brat)')
    .argument('<output>', 'the file to write (a folder for brat)')
    .addOption(new Option('--from <format>', 'the input format').choices(INPUTS).makeOptionMandatory())
    .addOption(new Option('--to <format>', 'the output format').choices(OUTPUTS).makeOptionMandatory())
    .option('--text-column <name>', "CSV input: the column holding each document's text")
    .option('--layer <name>', "put everything read into this layer (an annotator's name, gold …)")
    .addOption(new Option('--scheme <scheme>', 'CoNLL output: the tagging scheme').choices(['BIO', 'BILOU']).default('BIO'))
    .option('--force', 'replace a non-empty output folder (brat)')
    .option('--quiet', 'print no summary or warnings')
    .addHelpText(
      'after',
      `
Formats:
${formats}

Offsets: Claimscope JSONL, doccano and Label Studio count UTF-16 code units (JavaScript string
indices); brat, W3C TextPositionSelector, spaCy and the claims table count code points.

Examples:
  npx claimscope convert corpus/ corpus.jsonl --from brat --to jsonl
  npx claimscope convert corpus.jsonl out/ --from jsonl --to brat
  npx claimscope convert articles.csv articles.jsonl --from csv --to jsonl --text-column body
  npx claimscope convert gold.jsonl gold-bilou.conll --from jsonl --to conll --scheme BILOU
  npx claimscope convert backup.claimscope.zip claims.csv --from archive --to csv`,
    )
    .action(async (input: string, output: string, options: ConvertOptions) => {
      const now = new Date().toISOString();
      const read = await readInput(input, options.from, {
        now,
        ...(options.textColumn !== undefined && { textColumn: options.textColumn }),
        ...(options.layer !== undefined && { layer: options.layer }),
      });
      if (!options.quiet) for (const w of read.warnings) ctx.stderr(`warning: ${describeError(w)}`);
      let lost: { notes: string[]; format: string } | null = null;
      const summary = await writeOutput(output, options.to, read, {
        scheme: options.scheme as ConllScheme,
        force: options.force === true,
        appVersion: ctx.version,
        now,
        onLoss: (notes, format) => (lost = { notes, format }),
      });
      if (options.quiet) return;
      ctx.stderr(`Wrote ${output} (${options.to}): ${summary}.`);
      const report = lost as { notes: string[]; format: string } | null;
      if (!report || report.notes.length === 0) return;
      ctx.stderr(`What ${report.format} left out:`);
      for (const note of report.notes) ctx.stderr(`- ${note}`);
    });
}

export { CliError };
