import { refusalReason, type Refusal } from '../core/lint/input';

export { refusal, type Refusal } from '../core/lint/input';

/** The status bar and output channel sentence for a declined file. */
export function describeRefusal(r: Refusal): string {
  return `Lockstep skipped this file: ${refusalReason(r)}.`;
}
