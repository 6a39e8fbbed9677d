"""add an index on users.plan"""
from alembic import op

revision = 'a1b2c3'
down_revision = None


def upgrade():
    op.create_index('ix_users_plan', 'users', ['plan'])


def downgrade():
    op.drop_index('ix_users_plan', table_name='users')
