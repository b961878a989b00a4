/** What a subcommand is given: the version and where to print. */
export interface CliContext {
  version: string;
  stdout(line: string): void;
  stderr(line: string): void;
}
