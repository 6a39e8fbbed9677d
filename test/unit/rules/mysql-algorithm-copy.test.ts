import rule from '../../../src/core/rules/mysql-algorithm-copy';
import { ruleCases } from '../../helpers/rule-cases';

const config = { dialect: 'mysql' as const, targetVersion: '8.0.36' };

ruleCases(rule, {
  valid: [
    { sql: 'ALTER TABLE users ADD COLUMN note int;', config },
    { sql: 'ALTER TABLE users ADD INDEX users_email (email), ALGORITHM=INPLACE, LOCK=NONE;', config },
    {
      name: 'same type, now NOT NULL: in place',
      sql: 'ALTER TABLE users ADD COLUMN code varchar(36) NULL;\nALTER TABLE users MODIFY code varchar(36) NOT NULL;',
      config,
    },
    {
      name: 'VARCHAR growing within its length prefix',
      sql: 'ALTER TABLE users ADD COLUMN code varchar(10);\nALTER TABLE users MODIFY code varchar(60);',
      config,
    },
    {
      name: 'foreign key with foreign_key_checks off',
      sql: 'SET foreign_key_checks = 0;\nALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id);',
      config,
    },
    { name: 'table created in the file', sql: 'CREATE TABLE t (id int);\nALTER TABLE t MODIFY id bigint;', config },
  ],
  invalid: [
    { sql: 'ALTER TABLE users ADD COLUMN note int, ALGORITHM=COPY;', config, findings: [{ messageId: 'explicitCopy' }] },
    { sql: 'ALTER TABLE users ADD INDEX users_email (email), LOCK=SHARED;', config, findings: [{ messageId: 'explicitLock' }] },
    {
      name: 'type change from a known type',
      sql: 'ALTER TABLE users ADD COLUMN n int;\nALTER TABLE users MODIFY n bigint;',
      config,
      findings: [{ messageId: 'forcesCopy', line: 2 }],
    },
    {
      name: 'VARCHAR crossing 255 bytes',
      sql: 'ALTER TABLE users ADD COLUMN code varchar(50);\nALTER TABLE users MODIFY code varchar(100);',
      config,
      findings: [{ messageId: 'forcesCopy', line: 2 }],
    },
    { name: 'type change from an unknown type', sql: 'ALTER TABLE users MODIFY COLUMN n bigint NOT NULL;', config, findings: [{ messageId: 'mayCopy' }] },
    { sql: 'ALTER TABLE users CONVERT TO CHARACTER SET utf8mb4;', config, findings: [{ messageId: 'forcesCopy' }] },
    { sql: 'ALTER TABLE orders ADD CONSTRAINT orders_user FOREIGN KEY (user_id) REFERENCES users (id);', config, findings: [{ messageId: 'forcesCopy' }] },
    { sql: 'ALTER TABLE users DROP PRIMARY KEY;', config, findings: [{ messageId: 'forcesCopy' }] },
  ],
});
