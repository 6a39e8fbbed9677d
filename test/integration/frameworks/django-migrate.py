"""Runs a Django project's migrations with Django's own `migrate`, for the phased-plan test:
    /usr/bin/python3 django-migrate.py <postgres-url> <project root> <app> [target]
The project root holds the app package; `target` is a migration name (or `zero`).
"""
import sys
from urllib.parse import urlparse

url, root, app = sys.argv[1], sys.argv[2], sys.argv[3]
target = sys.argv[4] if len(sys.argv) > 4 else None
sys.path.insert(0, root)
u = urlparse(url)

import django
from django.conf import settings

settings.configure(
    INSTALLED_APPS=[app],
    DATABASES={'default': {
        'ENGINE': 'django.db.backends.postgresql', 'NAME': u.path.lstrip('/'), 'USER': u.username or 'postgres',
        'PASSWORD': u.password or '', 'HOST': u.hostname, 'PORT': u.port,
    }},
    USE_TZ=True,
    DEFAULT_AUTO_FIELD='django.db.models.AutoField',
)
django.setup()

from django.core.management import call_command

call_command('migrate', app, *([target] if target else []), verbosity=0)
