#!/usr/bin/python3
"""Records the SQL Django emits for each fixture migration, so Lockstep's Django
translation is checked against the real framework.

Run with Debian's python3 (apt-get install python3-django python3-psycopg2) and a
PostgreSQL to migrate (`bash scripts/pg-test-server.sh start`):
    /usr/bin/python3 scripts/record-framework-sql/django_sql.py postgres://postgres@127.0.0.1:PORT/postgres
Each migration's SQL is taken with `sqlmigrate` (the statements `migrate` sends) and then
applied, so that Django's schema introspection for the next one sees the real tables.
Writes test/fixtures/frameworks/django/shop/migrations/<name>.json beside each migration.
"""
import io
import json
import os
import sys
from urllib.parse import urlparse

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), '..', '..'))
FIXTURES = os.path.join(ROOT, 'test', 'fixtures', 'frameworks', 'django')
sys.path.insert(0, FIXTURES)

url = urlparse(sys.argv[1])
database = 'lockstep_django_fixtures'

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=['shop'],
    DATABASES={'default': {
        'ENGINE': 'django.db.backends.postgresql', 'NAME': database, 'USER': url.username or 'postgres',
        'PASSWORD': url.password or '', 'HOST': url.hostname, 'PORT': url.port,
    }},
    USE_TZ=True,
    DEFAULT_AUTO_FIELD='django.db.models.AutoField',
)
django.setup()

import psycopg2
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def fresh_database():
    admin = psycopg2.connect(host=url.hostname, port=url.port, user=url.username or 'postgres', dbname=url.path.lstrip('/') or 'postgres')
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute('DROP DATABASE IF EXISTS %s' % database)
        cur.execute('CREATE DATABASE %s' % database)
    admin.close()


def statements(output):
    out = []
    for line in output.splitlines():
        line = line.strip()
        if not line or line.startswith('--') or line in ('BEGIN;', 'COMMIT;'):
            continue
        out.append(line)
    return out


def main():
    fresh_database()
    loader = MigrationLoader(None, ignore_no_migrations=True)
    names = sorted(name for (app, name) in loader.disk_migrations if app == 'shop')
    for name in names:
        buf = io.StringIO()
        call_command('sqlmigrate', 'shop', name, stdout=buf)
        sql = statements(buf.getvalue())
        call_command('migrate', 'shop', name, verbosity=0)
        with open(os.path.join(FIXTURES, 'shop', 'migrations', name + '.json'), 'w') as f:
            json.dump({'framework': 'django %s' % django.get_version(), 'dialect': 'postgresql',
                       'atomic': loader.disk_migrations[('shop', name)].atomic, 'statements': sql}, f, indent=1)
            f.write('\n')
        print('%s: %d statements' % (name, len(sql)), file=sys.stderr)
    connection.close()


if __name__ == '__main__':
    main()
