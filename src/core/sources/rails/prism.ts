import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { byteToCharOffset } from '../../sql/positions';

/*
 * Ruby is parsed with Prism, Ruby's own parser, compiled to WASM (@ruby/prism). The package
 * is an ES module whose loader instantiates the WASM through `node:wasi`; the parser needs
 * no system interface at all for parsing a string, so it is instantiated here directly,
 * synchronously (about 80 ms, once), with every WASI import answering "not supported".
 * Editors lint per keystroke through a synchronous call, which this keeps possible.
 */
type PrismNodes = typeof import('@ruby/prism/src/nodes.js', { with: { 'resolution-mode': 'import' } });
type PrismParse = typeof import('@ruby/prism/src/parsePrism.js', { with: { 'resolution-mode': 'import' } });
export type RubyNode = import('@ruby/prism/src/nodes.js', { with: { 'resolution-mode': 'import' } }).Node;
export type Location = { readonly startOffset: number; readonly length: number };

/** The node classes, for `instanceof` (class names do not survive minification). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const N: PrismNodes = require('@ruby/prism/src/nodes.js') as PrismNodes;

const ENOSYS = 52;
let exportsCache: WebAssembly.Exports | undefined;

/** prism.wasm from the installed package, else beside the bundle (the extension ships it in dist/). */
function wasmPath(): string {
  try {
    return join(dirname(require.resolve('@ruby/prism/package.json')), 'src', 'prism.wasm');
  } catch {
    return join(__dirname, 'prism.wasm');
  }
}

function prism(): WebAssembly.Exports {
  if (exportsCache) return exportsCache;
  const module = new WebAssembly.Module(readFileSync(wasmPath()));
  const wasi: Record<string, () => number> = {};
  for (const i of WebAssembly.Module.imports(module)) wasi[i.name] = () => ENOSYS;
  const instance = new WebAssembly.Instance(module, { wasi_snapshot_preview1: wasi });
  (instance.exports['_initialize'] as () => void)();
  exportsCache = instance.exports;
  return exportsCache;
}

interface RubyComment {
  readonly start: number;
  readonly end: number;
}

export interface RubyParse {
  readonly program: InstanceType<PrismNodes['ProgramNode']>;
  readonly comments: readonly RubyComment[];
  readonly errors: readonly { readonly start: number; readonly end: number; readonly message: string }[];
  /** UTF-16 offset of a Prism (UTF-8 byte) offset. */
  readonly offset: (byte: number) => number;
}

/** Parses Ruby source; never throws for bad Ruby (errors are returned with what parsed). */
export function parseRuby(text: string): RubyParse {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parsePrism } = require('@ruby/prism/src/parsePrism.js') as PrismParse;
  const result = parsePrism(prism(), text);
  const offset = byteToCharOffset(text);
  const span = (l: Location) => ({ start: offset(l.startOffset), end: offset(l.startOffset + l.length) });
  return {
    program: result.value,
    comments: result.comments.map((c) => span(c.location)),
    errors: result.errors.map((e) => ({ ...span(e.location), message: e.message })),
    offset,
  };
}
