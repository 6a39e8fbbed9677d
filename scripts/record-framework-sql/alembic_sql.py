#!/usr/bin/python3
"""Records the SQL Alembic emits for each fixture revision, and SQLAlchemy's PostgreSQL
reserved words, so Lockstep's Alembic translation is checked against the real framework.

Run with Debian's python3 (apt-get install python3-alembic python3-sqlalchemy):
    /usr/bin/python3 scripts/record-framework-sql/alembic_sql.py
Writes test/fixtures/frameworks/alembic/versions/<case>.json beside each <case>.py and
src/core/sources/alembic/reserved-words.json. Alembic's offline mode (`upgrade --sql`)
renders exactly the statements `alembic upgrade` sends, with no database needed.
"""
import io
import json
import os
import re
import shutil
import sys
import tempfile

import alembic
import sqlalchemy
from alembic.config import Config
from alembic import command
from sqlalchemy.dialects.postgresql.base import RESERVED_WORDS

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), '..', '..'))
CASES = os.path.join(ROOT, 'test', 'fixtures', 'frameworks', 'alembic', 'versions')
WORDS = os.path.join(ROOT, 'src', 'core', 'sources', 'alembic', 'reserved-words.json')

ENV = '''
from alembic import context
context.configure(url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True,
                  dialect_opts={"paramstyle": "named"})
with context.begin_transaction():
    context.run_migrations()
'''

BOOKKEEPING = re.compile(r'alembic_version', re.I)


def statements(output):
    """Offline output separates statements by blank lines; comments name the revision."""
    out = []
    for block in output.split('\n\n'):
        lines = [l for l in block.splitlines() if l.strip() and not l.startswith('--')]
        if not lines:
            continue
        sql = '\n'.join(lines).strip()
        if BOOKKEEPING.search(sql):
            continue
        out.append(sql)
    # The run's own outer transaction; inner COMMIT/BEGIN pairs (autocommit blocks) stay.
    if out and out[0] == 'BEGIN;':
        out = out[1:]
    if out and out[-1] == 'COMMIT;':
        out = out[:-1]
    return out


def record(case_path):
    work = tempfile.mkdtemp(prefix='lockstep-alembic-')
    try:
        os.mkdir(os.path.join(work, 'versions'))
        with open(os.path.join(work, 'env.py'), 'w') as f:
            f.write(ENV)
        shutil.copy(case_path, os.path.join(work, 'versions', os.path.basename(case_path)))
        cfg = Config()
        cfg.set_main_option('script_location', work)
        cfg.set_main_option('sqlalchemy.url', 'postgresql://lockstep@localhost/lockstep')
        buf = io.StringIO()
        cfg.output_buffer = buf
        command.upgrade(cfg, 'head', sql=True)
        return statements(buf.getvalue())
    finally:
        shutil.rmtree(work)


def main():
    with open(WORDS, 'w') as f:
        json.dump({
            'source': 'sqlalchemy.dialects.postgresql.base.RESERVED_WORDS (SQLAlchemy %s); '
                      'regenerate with /usr/bin/python3 scripts/record-framework-sql/alembic_sql.py' % sqlalchemy.__version__,
            'words': sorted(RESERVED_WORDS),
        }, f, indent=1)
        f.write('\n')
    for name in sorted(os.listdir(CASES)):
        if not name.endswith('.py'):
            continue
        sql = record(os.path.join(CASES, name))
        with open(os.path.join(CASES, name[:-3] + '.json'), 'w') as f:
            json.dump({'framework': 'alembic %s, sqlalchemy %s' % (alembic.__version__, sqlalchemy.__version__),
                       'dialect': 'postgresql', 'statements': sql}, f, indent=1)
            f.write('\n')
        print('%s: %d statements' % (name, len(sql)), file=sys.stderr)


if __name__ == '__main__':
    main()
