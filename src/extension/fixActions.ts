import type { Fix } from '../core/rules/types';

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
