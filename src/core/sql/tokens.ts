/**
 * A small SQL tokenizer used to recover clause text the parse tree does not delimit
 * (where a DEFAULT expression ends, the text of a USING clause). Quotes and comments are
 * skipped so keywords inside them never match.
 */
export interface Token {
  readonly text: string;
  /** Upper-cased text for words, the text itself otherwise. */
  readonly upper: string;
  readonly start: number;
  readonly end: number;
  /** Parenthesis depth outside the token: an opening and its closing parenthesis share it. */
  readonly depth: number;
  readonly kind: 'word' | 'string' | 'number' | 'punct' | 'quoted';
}

const SPACE = /\s/;
const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_CHAR = /[\w$\u0080-\uffff]/;

/** ASCII fast paths first: this runs over every statement that needs clause text. */
function isSpace(code: number, c: string): boolean {
  return code === 32 || code === 10 || code === 9 || code === 13 || (code > 127 && SPACE.test(c));
}
function isWordStartCode(code: number, c: string): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || (code > 127 && WORD_START.test(c));
}
function isWordCode(code: number, c: string): boolean {
  return isWordStartCode(code, c) || (code >= 48 && code <= 57) || code === 36 || (code > 127 && WORD_CHAR.test(c));
}

export interface TokenizeOptions {
  /** MySQL and MariaDB: a backslash in a string or `"`-quoted text escapes the next character. */
  readonly backslashEscapes?: boolean;
}

export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const backslash = options.backslashEscapes === true;
  const out: Token[] = [];
  let i = 0;
  let depth = 0;
  const push = (start: number, end: number, kind: Token['kind'], d = depth): void => {
    const t = text.slice(start, end);
    out.push({ text: t, upper: kind === 'word' ? t.toUpperCase() : t, start, end, depth: d, kind });
  };
  while (i < text.length) {
    const c = text[i]!;
    const code = text.charCodeAt(i);
    if (isSpace(code, c)) {
      i++;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else if (c === "'" || c === '"' || c === '`') {
      const start = i;
      i++;
      while (i < text.length) {
        if (backslash && text[i] === '\\' && c !== '`') i = Math.min(i + 2, text.length);
        else if (text[i] === c) {
          if (text[i + 1] === c) i += 2;
          else {
            i++;
            break;
          }
        } else i++;
      }
      push(start, i, c === "'" ? 'string' : 'quoted');
    } else if (c === '$' && /^\$([A-Za-z_]\w*)?\$/.test(text.slice(i, i + 64))) {
      const tag = /^\$([A-Za-z_]\w*)?\$/.exec(text.slice(i, i + 64))![0];
      const close = text.indexOf(tag, i + tag.length);
      const start = i;
      i = close < 0 ? text.length : close + tag.length;
      push(start, i, 'string');
    } else if (isWordStartCode(code, c)) {
      const start = i;
      while (i < text.length && isWordCode(text.charCodeAt(i), text[i]!)) i++;
      push(start, i, 'word');
    } else if (code >= 48 && code <= 57) {
      const start = i;
      while (i < text.length && /[0-9.eE]/.test(text[i]!)) i++;
      push(start, i, 'number');
    } else if (c === '(') {
      push(i, i + 1, 'punct');
      depth++;
      i++;
    } else if (c === ')') {
      depth = Math.max(0, depth - 1);
      push(i, i + 1, 'punct');
      i++;
    } else {
      push(i, i + 1, 'punct');
      i++;
    }
  }
  return out;
}

/**
 * The text of a clause starting at `from`: it runs until, at the starting depth, a comma,
 * a semicolon, a closing parenthesis of an enclosing group, or one of `stopWords` (ignored
 * as the very first token, so `DEFAULT NULL` keeps its NULL).
 */
export function clauseText(text: string, tokens: readonly Token[], from: number, stopWords: ReadonlySet<string>): { start: number; end: number; text: string } {
  const first = firstTokenAt(tokens, from);
  if (first >= tokens.length) return { start: from, end: from, text: '' };
  const base = tokens[first]!.depth;
  let end = tokens[first]!.start;
  for (let k = first; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.depth < base) break; // the closing parenthesis of an enclosing group
    if (t.depth === base) {
      if (t.text === ',' || t.text === ';') break;
      if (k > first && t.kind === 'word' && stopWords.has(t.upper)) break;
    }
    end = t.end;
  }
  const start = tokens[first]!.start;
  return { start, end, text: text.slice(start, end) };
}

/** Index of the first token starting at or after `from` (tokens are in order: binary search). */
export function firstTokenAt(tokens: readonly Token[], from: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first token at or after `from` with the given upper-case word. */
export function findWord(tokens: readonly Token[], word: string, from = 0): Token | undefined {
  for (let k = firstTokenAt(tokens, from); k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind === 'word' && t.upper === word) return t;
  }
  return undefined;
}
