import type { ResolvedConfig } from '../config/types';
import { isScriptFile, withRunner } from '../sources';
import { prepareJsBuilders } from '../sources/js-builders/translate';
import { LineIndex } from '../sql/positions';
import { scriptPlanInput } from '../sources/script-source';

/**
 * The SQL a JavaScript/TypeScript migration runs going forward, read the way lint reads it
 * (runner calls and translated schema-builder calls), with the runner's transaction in the
 * config. Refused when a call's SQL cannot be read: a plan without it would silently lose
 * part of the change. Undefined for other files.
 */
export async function scriptPlan(
  text: string,
  options: { readonly fileName?: string; readonly config: ResolvedConfig },
): Promise<{ sql: string; config: ResolvedConfig } | { refused: string } | undefined> {
  if (!isScriptFile(options.fileName)) return undefined;
  await prepareJsBuilders();
  const input = scriptPlanInput(text, options.config.dialect);
  if (input.unread.length > 0) {
    const lines = new LineIndex(text);
    const listed = input.unread.slice(0, 5).map((n) => `line ${lines.position(n.range.start).line}: ${n.message.replace(/^not analysed: /, '')}`);
    const more = input.unread.length > listed.length ? `; and ${input.unread.length - listed.length} more` : '';
    return {
      refused: `the SQL of ${input.unread.length === 1 ? 'one call' : `${input.unread.length} calls`} could not be read (${listed.join('; ')}${more}). A plan without ${input.unread.length === 1 ? 'it' : 'them'} would leave part of the change out, so nothing was planned; write ${input.unread.length === 1 ? 'that change' : 'those changes'} as literal SQL and run plan again.`,
    };
  }
  return { sql: input.sql, config: withRunner(options.config, { transactional: input.transactional }) };
}
