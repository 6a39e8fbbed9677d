import type { Fix } from '../core/rules/types';
import type { TextEdit } from '../core/types';

/** How a rule's fix is offered in the editor; kept free of `vscode` so it can be unit tested. */
export interface FixActionShape {
  readonly title: string;
  /** `quickfix` for safe fixes; unsafe ones are refactorings, never applied blind. */
  readonly kind: 'quickfix' | 'refactor.rewrite';
  /** Only a safe fix is preferred, so only a safe fix is eligible for auto-fix on save. */
  readonly isPreferred: boolean;
}

export function fixActionShape(fix: Fix): FixActionShape {
  if (fix.safety === 'safe') return { title: fix.title, kind: 'quickfix', isPreferred: true };
  return { title: `Rewrite (review before applying): ${fix.title}`, kind: 'refactor.rewrite', isPreferred: false };
}

/**
 * The edits `source.fixAll.lockstep` applies: every safe fix, in file order, skipping one whose
 * edits overlap an earlier fix's (it is offered again once the file is re-linted) and the
 * second copy of an edit two fixes share (two findings asking for the same `SET lock_timeout`).
 * A fix is taken whole or not at all, so its statements never come out half-edited.
 */
export function fixAllEdits(fixes: readonly Fix[]): TextEdit[] {
  const taken: TextEdit[] = [];
  const key = (e: TextEdit) => `${e.start}:${e.end}:${e.text}`;
  const seen = new Set<string>();
  const ordered = fixes.filter((f) => f.safety === 'safe').sort((a, b) => firstStart(a) - firstStart(b));
  for (const fix of ordered) {
    const fresh = fix.edits.filter((e) => !seen.has(key(e)));
    if (fresh.some((e) => taken.some((t) => overlapping(e, t)))) continue;
    for (const e of fresh) {
      seen.add(key(e));
      taken.push(e);
    }
  }
  return taken.sort((a, b) => a.start - b.start || a.end - b.end);
}

function firstStart(fix: Fix): number {
  return Math.min(...fix.edits.map((e) => e.start));
}

/** Two insertions at one offset also conflict: their order would be a guess. */
function overlapping(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}
