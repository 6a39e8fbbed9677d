/** Statements that change a table's shape or build an index get a CodeLens. */
const LENS_STATEMENT = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:ALTER\s+TABLE|CREATE\s+(?:UNIQUE\s+)?INDEX)\b/i;

export function wantsLens(statementText: string): boolean {
  return LENS_STATEMENT.test(statementText);
}
