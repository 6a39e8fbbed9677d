/**
 * The "ignore this rule here" quick fix: a `-- lockstep-ignore <id>: <reason>` line above the
 * statement, or the id added to an ignore line already there. Pure text in, one edit out.
 */
import type { TextEdit } from '../core/types';

export const REASON_PLACEHOLDER = '<reason>';

const IGNORE_LINE = /^(\s*--\s*lockstep-ignore\s+)([^:\n]+?)(\s*:.*)$/;

export interface IgnoreEdit {
  readonly edit: TextEdit;
  /** Offsets of the reason placeholder after the edit is applied, to select it; absent when reused. */
  readonly placeholder?: { readonly start: number; readonly end: number };
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** `statementStart` is the offset of the statement's first character. */
export function ignoreCommentEdit(text: string, statementStart: number, ruleId: string): IgnoreEdit {
  const lineStart = lineStartOf(text, statementStart);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';

  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prevLine = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    const m = IGNORE_LINE.exec(prevLine);
    if (m) {
      const ids = m[2]!.split(',').map((s) => s.trim());
      if (ids.includes(ruleId)) return { edit: { start: prevStart, end: prevStart, text: '' } };
      const idsEnd = prevStart + m[1]!.length + m[2]!.length;
      return { edit: { start: idsEnd, end: idsEnd, text: `, ${ruleId}` } };
    }
  }

  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = `${indent}-- lockstep-ignore ${ruleId}: `;
  const inserted = `${prefix}${REASON_PLACEHOLDER}${eol}`;
  const placeholderStart = lineStart + prefix.length;
  return {
    edit: { start: lineStart, end: lineStart, text: inserted },
    placeholder: { start: placeholderStart, end: placeholderStart + REASON_PLACEHOLDER.length },
  };
}

/**
 * "Ignore <rule> for this file": `-- lockstep-ignore-file <id>: <reason>` as the file's first
 * line, the reason placeholder selected for the author to replace.
 */
export function ignoreFileEdit(text: string, ruleId: string): IgnoreEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const prefix = `-- lockstep-ignore-file ${ruleId}: `;
  return {
    edit: { start: 0, end: 0, text: `${prefix}${REASON_PLACEHOLDER}${eol}` },
    placeholder: { start: prefix.length, end: prefix.length + REASON_PLACEHOLDER.length },
  };
}
