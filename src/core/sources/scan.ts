import jsTokens from 'js-tokens';

/** A half-open span of the host file, in UTF-16 offsets. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A string or template literal at the top level of the token stream (not inside a `${…}`). */
export interface Literal extends Span {
  readonly kind: 'string' | 'template';
  /** Whether the closing quote or backtick is present (an editor may show half-typed code). */
  readonly closed: boolean;
  /** The literal's text between its delimiters; a template has one more part than holes. */
  readonly parts: readonly Span[];
  /** `${…}` substitutions, each from its `$` to its closing `}` inclusive. */
  readonly holes: readonly Span[];
}

type TokenKind = 'word' | 'punct' | 'literal' | 'number' | 'regex' | 'other';

/** A significant token: whitespace and comments are left out. */
export interface JsToken extends Span {
  readonly kind: TokenKind;
  readonly value: string;
  /** Set for `literal` tokens. */
  readonly literal?: Literal;
}

export interface JsComment extends Span {
  readonly kind: 'line' | 'block';
}

export interface ScanResult {
  /** Top-level significant tokens; a template with substitutions is one token. */
  readonly tokens: readonly JsToken[];
  readonly comments: readonly JsComment[];
}

interface TemplateFrame {
  readonly start: number;
  readonly parts: Span[];
  readonly holes: Span[];
  holeStart: number;
}

/**
 * Tokenizes JavaScript or TypeScript with js-tokens (the tokenizer Babel's code frames use;
 * it never throws and tracks template nesting and regex/division ambiguity). Tokens inside
 * `${…}` are folded into their template: only top-level literals can be SQL we lint.
 */
export function scanJs(text: string): ScanResult {
  const tokens: JsToken[] = [];
  const comments: JsComment[] = [];
  const stack: TemplateFrame[] = [];
  let at = 0;
  for (const token of jsTokens(text)) {
    const start = at;
    const end = at + token.value.length;
    at = end;
    const nested = stack.length > 0;
    switch (token.type) {
      case 'TemplateHead':
        stack.push({ start, parts: [{ start: start + 1, end: end - 2 }], holes: [], holeStart: end - 2 });
        break;
      case 'TemplateMiddle': {
        const frame = stack[stack.length - 1];
        if (!frame) break;
        frame.holes.push({ start: frame.holeStart, end: start + 1 });
        frame.parts.push({ start: start + 1, end: end - 2 });
        frame.holeStart = end - 2;
        break;
      }
      case 'TemplateTail': {
        const frame = stack.pop();
        if (!frame) break;
        frame.holes.push({ start: frame.holeStart, end: start + 1 });
        frame.parts.push({ start: start + 1, end: token.closed ? end - 1 : end });
        if (stack.length === 0) {
          const literal: Literal = { kind: 'template', start: frame.start, end, closed: token.closed, parts: frame.parts, holes: frame.holes };
          tokens.push({ kind: 'literal', start: frame.start, end, value: text.slice(frame.start, end), literal });
        }
        break;
      }
      case 'StringLiteral':
      case 'NoSubstitutionTemplate': {
        if (nested) break;
        const literal: Literal = {
          kind: token.type === 'StringLiteral' ? 'string' : 'template',
          start,
          end,
          closed: token.closed,
          parts: [{ start: start + 1, end: token.closed ? end - 1 : end }],
          holes: [],
        };
        tokens.push({ kind: 'literal', start, end, value: token.value, literal });
        break;
      }
      case 'SingleLineComment':
      case 'MultiLineComment':
        if (!nested) comments.push({ start, end, kind: token.type === 'SingleLineComment' ? 'line' : 'block' });
        break;
      case 'WhiteSpace':
      case 'LineTerminatorSequence':
      case 'HashbangComment':
        break;
      default:
        if (!nested) tokens.push({ kind: kindOf(token.type), start, end, value: token.value });
    }
  }
  // An unterminated template at the end of the text (half-typed): js-tokens ends it with a
  // head or middle, so close the frame here as an unclosed literal.
  const open = stack[0];
  if (open) {
    const literal: Literal = { kind: 'template', start: open.start, end: text.length, closed: false, parts: open.parts, holes: open.holes };
    tokens.push({ kind: 'literal', start: open.start, end: text.length, value: text.slice(open.start), literal });
  }
  return { tokens, comments };
}

function kindOf(type: string): TokenKind {
  switch (type) {
    case 'IdentifierName':
    case 'PrivateIdentifier':
      return 'word';
    case 'Punctuator':
      return 'punct';
    case 'NumericLiteral':
      return 'number';
    case 'RegularExpressionLiteral':
      return 'regex';
    default:
      return 'other';
  }
}
