import rule from '../../../src/core/rules/mysql-not-null-zero-fill';
import { ruleCases } from '../../helpers/rule-cases';

const config = { dialect: 'mysql' as const, targetVersion: '8.0.36' };

ruleCases(rule, {
  valid: [
    { sql: "ALTER TABLE users ADD COLUMN status varchar(20) NOT NULL DEFAULT 'active';", config },
    { sql: 'ALTER TABLE users ADD COLUMN note varchar(20) NULL;', config },
    { name: 'table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t ADD COLUMN c int NOT NULL;', config },
    { name: 'empty table', sql: 'ALTER TABLE users ADD COLUMN c int NOT NULL;', config: { ...config, tables: { users: { rows: 0 } } } },
  ],
  invalid: [
    {
      sql: 'ALTER TABLE users ADD COLUMN visits int NOT NULL;',
      config,
      findings: [{ messageId: 'zeroFill' }],
      output:
        'ALTER TABLE users ADD COLUMN visits INT NULL;\n-- Backfill visits in batches here (or in a later migration), then:\nALTER TABLE users MODIFY COLUMN visits INT NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;',
    },
    {
      name: 'MariaDB, with placement kept',
      sql: "ALTER TABLE `users` ADD COLUMN `kind` ENUM('a','b') NOT NULL AFTER `id`;\n",
      config: { dialect: 'mariadb', targetVersion: '10.11' },
      findings: [{ messageId: 'zeroFill' }],
      output:
        "ALTER TABLE users ADD COLUMN kind ENUM('a','b') NULL AFTER id;\n-- Backfill kind in batches here (or in a later migration), then:\nALTER TABLE users MODIFY COLUMN kind ENUM('a','b') NOT NULL, ALGORITHM=INPLACE, LOCK=NONE;\n",
    },
  ],
});
