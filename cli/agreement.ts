/**
 * `claimscope agreement <input> <input> [...] [--label NAME] [--json] [--from FORMAT]`: agreement
 * between layers, one layer per input (an annotator bundle, or anything `convert` reads; a brat
 * folder included), documents matched by their text. The logic is core/review/agreementCli.ts.
 */
import path from 'node:path';
import { Command, Option } from 'commander';
import { describeError } from '../renderer/core/formats/types.ts';
import { isBundleInfo } from '../renderer/core/review/bundle.ts';
import {
  agreementSummary,
  formatSummary,
  layerFromDataset,
  matchLayersByText,
  summaryJson,
  type LayerSource,
} from '../renderer/core/review/agreementCli.ts';
import { CliError } from './errors.ts';
import { detectInputFormat, INPUTS, readInput, type CliFormat } from './formats.ts';
import type { CliContext } from './context.ts';

interface AgreementOptions {
  label?: string;
  json?: boolean;
  from?: CliFormat;
  textColumn?: string;
  quiet?: boolean;
}

export function registerAgreement(program: Command, ctx: CliContext): void {
  program
    .command('agreement')
    .description('Inter-annotator agreement between layers: one layer per input, documents matched by their text.')
    .argument('<inputs...>', 'two or more inputs: annotator bundles (.zip), brat folders, or any file convert reads')
    .option('--label <name>', 'assess one label only ("*" in the output is then that label)')
    .option(
      '--json',
      'print the figures as JSON (spanF1[label].exact / .overlap = {precision, recall, f1}, label "*" = all; grouping = per pair of layers with claim groups, {a, b, items, pairwise, bcubed})',
    )
    .addOption(new Option('--from <format>', 'the format of every input (default: recognised per input)').choices(INPUTS))
    .option('--text-column <name>', "CSV input: the column holding each document's text")
    .option('--quiet', 'print no warnings')
    .addHelpText(
      'after',
      `
Each input is one annotator's layer. Documents are matched across inputs by the SHA-256 of their
text, so ids and file names may differ. With two inputs the span figures are the pair's (the first
input is the reference for precision and recall); with more, means over every pair.

Examples:
  npx claimscope agreement alice.claimscope-bundle.zip bob.claimscope-bundle.zip
  npx claimscope agreement annotator-a/ annotator-b/ --label Claim --json`,
    )
    .action(async (inputs: string[], options: AgreementOptions) => {
      if (inputs.length < 2) throw new CliError('agreement needs at least two inputs (one layer each).', 2);
      const now = new Date().toISOString();
      const layers: LayerSource[] = [];
      for (const input of inputs) {
        const format = options.from ?? (await detectInputFormat(input));
        const read = await readInput(input, format, { now, ...(options.textColumn !== undefined && { textColumn: options.textColumn }) });
        if (!options.quiet) for (const w of read.warnings) ctx.stderr(`warning: ${describeError(w)}`);
        const bundleRow = read.archive?.tables.bundle?.[0];
        const bundleLayer = isBundleInfo(bundleRow) ? bundleRow.layer : undefined;
        const fallbackName = path.basename(input.replace(/[\\/]+$/, '')).replace(/\.claimscope-bundle\.zip$|\.[^.]+$/, '') || input;
        const layer = layerFromDataset(input, read.dataset, { fallbackName, ...(bundleLayer !== undefined && { bundleLayer }) });
        if (!layer.ok) throw new CliError(layer.message);
        layers.push(layer.layer);
      }
      const matched = matchLayersByText(layers);
      if (matched.input.documents.length === 0) {
        throw new CliError(
          'no document is in two or more inputs (documents are matched by their exact text), so there is nothing to compare.',
        );
      }
      const { summary } = agreementSummary(matched, options.label ? { label: options.label } : {});
      if (options.label && !summary.labels.includes(options.label)) {
        if (!options.quiet) ctx.stderr(`warning: no input uses the label "${options.label}".`);
      }
      ctx.stdout(options.json ? summaryJson(summary) : formatSummary(summary));
    });
}
