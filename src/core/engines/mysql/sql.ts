import type { QualifiedName } from '../../operations';
import { quoteMysqlIdent } from './identifiers';

/** Quote a MySQL identifier only when it needs it. */
export function mysqlIdent(name: string): string {
  return quoteMysqlIdent(name);
}

export function mysqlTable(t: QualifiedName): string {
  return t.schema ? `${mysqlIdent(t.schema)}.${mysqlIdent(t.name)}` : mysqlIdent(t.name);
}

/** "MySQL 8.0.28" / "MariaDB 10.4". */
export function serverName(flavor: 'mysql' | 'mariadb', version: readonly number[]): string {
  return `${flavor === 'mysql' ? 'MySQL' : 'MariaDB'} ${version.join('.')}`;
}
