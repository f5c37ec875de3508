"""registry: organizations, users, achievements, demands

Revision ID: 0001
Revises:
Create Date: 2026-11-22 07:53:26.969412
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('org_type', sa.String(length=20), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('park', sa.String(length=64), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organizations')),
    sa.UniqueConstraint('credit_code', name=op.f('uq_organizations_credit_code'))
    )
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organizations_region_code'), ['region_code'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_users_organization_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_organization_id'), ['organization_id'], unique=False)

    op.create_table('achievements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('industry', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('contact_name', sa.String(length=64), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('park', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=True),
    sa.Column('original', sa.JSON(), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('highlights', sa.Text(), nullable=False),
    sa.Column('applications', sa.Text(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('trl', sa.Integer(), nullable=False),
    sa.Column('patents', sa.JSON(), nullable=False),
    sa.Column('ip_status', sa.String(length=16), nullable=False),
    sa.Column('transfer_modes', sa.JSON(), nullable=False),
    sa.Column('asking_price', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_achievements_organization_id_organizations')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_achievements_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_achievements')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_achievements_source_external_id'))
    )
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_achievements_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_park'), ['park'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_achievements_status'), ['status'], unique=False)
        batch_op.create_index('ix_achievements_status_published', ['status', 'published_at'], unique=False)

    op.create_table('demands',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('industry', sa.String(length=32), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('contact_name', sa.String(length=64), nullable=False),
    sa.Column('contact_phone', sa.String(length=32), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('park', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=True),
    sa.Column('original', sa.JSON(), nullable=False),
    sa.Column('review_note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('current_state', sa.Text(), nullable=False),
    sa.Column('target_indicators', sa.Text(), nullable=False),
    sa.Column('constraints', sa.Text(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=14, scale=2), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('expected_trl', sa.Integer(), nullable=True),
    sa.Column('cooperation_modes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_demands_organization_id_organizations')),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_demands_owner_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demands')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_demands_source_external_id'))
    )
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_demands_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_demands_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_demands_park'), ['park'], unique=False)
        batch_op.create_index(batch_op.f('ix_demands_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_demands_region_code'), ['region_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_demands_status'), ['status'], unique=False)
        batch_op.create_index('ix_demands_status_published', ['status', 'published_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('demands', schema=None) as batch_op:
        batch_op.drop_index('ix_demands_status_published')
        batch_op.drop_index(batch_op.f('ix_demands_status'))
        batch_op.drop_index(batch_op.f('ix_demands_region_code'))
        batch_op.drop_index(batch_op.f('ix_demands_published_at'))
        batch_op.drop_index(batch_op.f('ix_demands_park'))
        batch_op.drop_index(batch_op.f('ix_demands_organization_id'))
        batch_op.drop_index(batch_op.f('ix_demands_industry'))

    op.drop_table('demands')
    with op.batch_alter_table('achievements', schema=None) as batch_op:
        batch_op.drop_index('ix_achievements_status_published')
        batch_op.drop_index(batch_op.f('ix_achievements_status'))
        batch_op.drop_index(batch_op.f('ix_achievements_region_code'))
        batch_op.drop_index(batch_op.f('ix_achievements_published_at'))
        batch_op.drop_index(batch_op.f('ix_achievements_park'))
        batch_op.drop_index(batch_op.f('ix_achievements_organization_id'))
        batch_op.drop_index(batch_op.f('ix_achievements_industry'))

    op.drop_table('achievements')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_organization_id'))

    op.drop_table('users')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organizations_region_code'))

    op.drop_table('organizations')
