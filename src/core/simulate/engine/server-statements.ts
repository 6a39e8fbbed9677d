import { byteToCharOffset } from '../../sql/positions';
import { mapStatement } from '../../sql/postgres/map';
import { loadPgQuery, type PgQuery } from '../../sql/postgres/parser';
import type { ParsedFile, ParsedStatement } from '../../sql/statement';
import { classifyServerStatement, type ServerVerdict } from './server-classify';

/**
 * The statements real database mode sends, as PostgreSQL's own parser sees them. The file
 * splitter serves the editor and may group text differently from the server (a column
 * named `begin`, an unbalanced quote); here each statement of the splitter is parsed again
 * with libpg_query and every top-level statement it holds becomes one statement of its own,
 * classified on its own. Nothing is sent that the parser did not isolate.
 */

export interface ServerStatement {
  readonly stmt: ParsedStatement;
  readonly verdict: ServerVerdict;
}

interface RawTree {
  stmts?: { stmt?: unknown; stmt_location?: number; stmt_len?: number }[];
}

export async function serverStatements(file: ParsedFile): Promise<ServerStatement[]> {
  const pg = await loadPgQuery();
  const out: ServerStatement[] = [];
  for (const parsed of file.statements) {
    if (!parsed.text.trim()) continue;
    for (const piece of pieces(pg, file, parsed)) out.push({ stmt: { ...piece.stmt, index: out.length }, verdict: piece.verdict });
  }
  return out;
}

function pieces(pg: PgQuery, file: ParsedFile, parsed: ParsedStatement): ServerStatement[] {
  let tree: RawTree;
  try {
    tree = pg.parseSync(parsed.text) as RawTree;
  } catch (err) {
    return [{ stmt: parsed, verdict: { kind: 'invalid', message: err instanceof Error ? err.message : String(err) } }];
  }
  const stmts = tree.stmts ?? [];
  if (stmts.length <= 1) return [{ stmt: parsed, verdict: classifyServerStatement(stmts[0]?.stmt) }];
  const charAt = byteToCharOffset(parsed.text);
  const bytes = Buffer.byteLength(parsed.text, 'utf8');
  return stmts.map((s) => {
    const fromByte = s.stmt_location ?? 0;
    const toByte = s.stmt_len ? fromByte + s.stmt_len : bytes;
    const raw = parsed.text.slice(charAt(fromByte), charAt(toByte));
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    const start = parsed.start + charAt(fromByte) + lead;
    const end = start + text.length;
    // Node locations in the tree are bytes into the whole text the parser was given.
    const operations = mapStatement({ stmt: s.stmt, text: parsed.text, statementIndex: parsed.index, charAt, parseProcedural: () => [] });
    const stmt: ParsedStatement = { index: parsed.index, start, end, text, range: file.lines.range(start, end), operations };
    return { stmt, verdict: classifyServerStatement(s.stmt) };
  });
}
