"""Runs an Alembic project online with Alembic's own commands, for the phased-plan test:
    /usr/bin/python3 alembic-migrate.py <postgres-url> <project root> upgrade|downgrade <revision>
The project root holds env.py and versions/.
"""
import sys

from alembic import command
from alembic.config import Config

url, root, action, revision = sys.argv[1:5]
config = Config()
config.set_main_option('script_location', root)
config.set_main_option('sqlalchemy.url', url.replace('postgres://', 'postgresql://', 1))
getattr(command, action)(config, revision)
