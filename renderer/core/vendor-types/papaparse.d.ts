// The part of papaparse's API that renderer/core uses, typed without Node's globals.
// @types/papaparse references Node's types, which would let DOM-free, Node-free core code use
// `Buffer` or `process` unnoticed; tsconfig.core.json maps 'papaparse' here instead.
declare namespace Papa {
  interface ParseError {
    type: string;
    code: string;
    message: string;
    row?: number;
    index?: number;
  }
  interface ParseMeta {
    delimiter: string;
    linebreak: string;
    aborted: boolean;
    truncated: boolean;
    cursor: number;
    fields?: string[];
  }
  interface ParseResult<T> {
    data: T;
    errors: ParseError[];
    meta: ParseMeta;
  }
  interface ParseConfig<T> {
    delimiter?: string;
    delimitersToGuess?: string[];
    newline?: string;
    quoteChar?: string;
    header?: boolean;
    skipEmptyLines?: boolean | 'greedy';
    preview?: number;
    step?: (results: ParseResult<T>, parser: { abort(): void }) => void;
  }
  interface UnparseConfig {
    quotes?: boolean | boolean[];
    delimiter?: string;
    newline?: string;
    header?: boolean;
    escapeFormulae?: boolean | RegExp;
  }
  function parse<T = unknown>(input: string, config?: ParseConfig<T>): ParseResult<T[]>;
  function unparse(data: unknown[] | { fields: string[]; data: unknown[][] }, config?: UnparseConfig): string;
}
export default Papa;
