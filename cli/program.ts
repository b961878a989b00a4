/**
 * The `claimscope` command line: subcommands over one shared parser. Each subcommand registers
 * itself on the program (`convert`, `agreement`, `suggest`).
 */
import { Command, CommanderError } from 'commander';
import { registerConvert } from './convert.ts';
import { registerAgreement } from './agreement.ts';
import { registerSuggest } from './suggest.ts';
import type { CliContext } from './context.ts';
import { CliError } from './errors.ts';

export type { CliContext } from './context.ts';

/** Every subcommand: add one line to register another. */
export const SUBCOMMANDS: ((program: Command, ctx: CliContext) => void)[] = [registerConvert, registerAgreement, registerSuggest];

export function createProgram(ctx: CliContext): Command {
  const program = new Command('claimscope')
    .description('Claimscope on the command line: convert annotated news articles between research formats.')
    .version(ctx.version, '-v, --version')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.stdout(s.replace(/\n$/, '')), writeErr: (s) => ctx.stderr(s.replace(/\n$/, '')) })
    .exitOverride();
  for (const register of SUBCOMMANDS) register(program, ctx);
  for (const sub of program.commands)
    sub
      .exitOverride()
      .configureOutput({ writeOut: (s) => ctx.stdout(s.replace(/\n$/, '')), writeErr: (s) => ctx.stderr(s.replace(/\n$/, '')) });
  return program;
}

/** Runs the command line; resolves to the exit code (0 on success). */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const program = createProgram(ctx);
  if (argv.length === 0) {
    program.outputHelp();
    return 2;
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError) {
      ctx.stderr(`claimscope: error: ${err.message}`);
      return err.exitCode;
    }
    const e = err as NodeJS.ErrnoException;
    ctx.stderr(`claimscope: error: ${e.path ? `${e.path}: ` : ''}${e.message}`);
    return 1;
  }
}
