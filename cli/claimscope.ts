/** The `claimscope` command's entry point (bundled to cli/dist/claimscope.mjs; see bin/claimscope.mjs). */
import { version } from '../package.json';
import { runCli } from './program.ts';

const code = await runCli(process.argv.slice(2), {
  version,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
process.exitCode = code;
