/**
 * `claimscope suggest <input> <output> [--from fmt] [--to fmt]`: attribution suggestions
 * (renderer/core/suggest) for every document of the input, written as the annotations and links of
 * the `suggestions` layer in any export format. The input's own annotations are kept beside them
 * unless `--only-suggestions` is given.
 */
import { Command, Option } from 'commander';
import type { ConllScheme } from '../renderer/core/formats/conll.ts';
import { describeError } from '../renderer/core/formats/types.ts';
import { suggest, suggestDataset } from '../renderer/core/suggest/index.ts';
import { detectInputFormat, INPUTS, OUTPUTS, readInput, writeOutput, type CliFormat } from './formats.ts';
import type { CliContext } from './context.ts';

interface SuggestOptions {
  from?: CliFormat;
  to: CliFormat;
  textColumn?: string;
  scheme: string;
  onlySuggestions?: boolean;
  force?: boolean;
  quiet?: boolean;
}

export function registerSuggest(program: Command, ctx: CliContext): void {
  program
    .command('suggest')
    .description('Propose claims, speakers, cues and sources (with their links) as the "suggestions" layer.')
    .argument('<input>', 'the file to read (a folder for brat): anything convert reads')
    .argument('<output>', 'the file to write (a folder for brat)')
    .addOption(new Option('--from <format>', 'the input format (default: recognised from the file)').choices(INPUTS))
    .addOption(new Option('--to <format>', 'the output format').choices(OUTPUTS).default('jsonl'))
    .option('--text-column <name>', "CSV input: the column holding each document's text")
    .addOption(new Option('--scheme <scheme>', 'CoNLL output: the tagging scheme').choices(['BIO', 'BILOU']).default('BIO'))
    .option('--only-suggestions', "leave the input's own annotations out of the output")
    .option('--force', 'replace a non-empty output folder (brat)')
    .option('--quiet', 'print no summary or warnings')
    .addHelpText(
      'after',
      `
Each suggested annotation has origin "rule" and names the rule that proposed it in its note
("Suggested by rule claim-quote-before-cue"); docs/suggestions.md explains every rule. Speakers
and sources name the entity they refer to ("he" → the nearest named speaker before it).

Examples:
  npx claimscope suggest article.txt suggested.jsonl
  npx claimscope suggest articles.csv claims.csv --from csv --to csv --text-column body
  npx claimscope suggest corpus.jsonl out/ --to brat`,
    )
    .action(async (input: string, output: string, options: SuggestOptions) => {
      const now = new Date().toISOString();
      const from = options.from ?? (await detectInputFormat(input));
      const read = await readInput(input, from, { now, ...(options.textColumn !== undefined && { textColumn: options.textColumn }) });
      if (!options.quiet) for (const w of read.warnings) ctx.stderr(`warning: ${describeError(w)}`);
      const dataset = suggestDataset(read.dataset, (text) => suggest(text), { now, replace: options.onlySuggestions === true });
      const summary = await writeOutput(
        output,
        options.to,
        { dataset, warnings: read.warnings },
        { scheme: options.scheme as ConllScheme, force: options.force === true, appVersion: ctx.version, now },
      );
      if (!options.quiet) ctx.stderr(`Wrote ${output} (${options.to}): ${summary}.`);
    });
}
