"""pipeline, contracts, experts, notifications, embeddings

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 08:07:32.965057
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('job_state',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('last_run_at', sa.DateTime(), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_job_state'))
    )
    op.create_table('listing_embeddings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('model_id', sa.String(length=64), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('dim', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('vectors', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_embeddings')),
    sa.UniqueConstraint('kind', 'listing_id', 'model_id', name=op.f('uq_listing_embeddings_kind_listing_id_model_id'))
    )
    op.create_table('match_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('counterpart_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('notified_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_alerts')),
    sa.UniqueConstraint('kind', 'listing_id', 'counterpart_id', name=op.f('uq_match_alerts_kind_listing_id_counterpart_id'))
    )
    op.create_table('experts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=True),
    sa.Column('org_name', sa.String(length=200), nullable=False),
    sa.Column('title', sa.String(length=64), nullable=False),
    sa.Column('region_code', sa.String(length=6), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.Column('expertise', sa.Text(), nullable=False),
    sa.Column('bio', sa.Text(), nullable=False),
    sa.Column('credential_no', sa.String(length=64), nullable=True),
    sa.Column('credential_region', sa.String(length=6), nullable=True),
    sa.Column('credential_level', sa.String(length=16), nullable=True),
    sa.Column('credential_valid_until', sa.Date(), nullable=True),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('public_fields', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'], name=op.f('fk_experts_organization_id_organizations')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_experts_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_experts')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_experts_source_external_id')),
    sa.UniqueConstraint('user_id', name=op.f('uq_experts_user_id'))
    )
    with op.batch_alter_table('experts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_experts_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_experts_region_code'), ['region_code'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)

    op.create_table('email_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_address', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('notification_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['notification_id'], ['notifications.id'], name=op.f('fk_email_outbox_notification_id_notifications')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_outbox'))
    )
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_outbox_sent_at'), ['sent_at'], unique=False)

    op.create_table('engagements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('achievement_id', sa.Integer(), nullable=False),
    sa.Column('demand_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.String(length=32), nullable=False),
    sa.Column('broker_id', sa.Integer(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('supplier_interest_at', sa.DateTime(), nullable=True),
    sa.Column('seeker_interest_at', sa.DateTime(), nullable=True),
    sa.Column('termination_reason', sa.String(length=32), nullable=True),
    sa.Column('termination_note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['achievement_id'], ['achievements.id'], name=op.f('fk_engagements_achievement_id_achievements')),
    sa.ForeignKeyConstraint(['broker_id'], ['users.id'], name=op.f('fk_engagements_broker_id_users')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_engagements_created_by_users')),
    sa.ForeignKeyConstraint(['demand_id'], ['demands.id'], name=op.f('fk_engagements_demand_id_demands')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagements')),
    sa.UniqueConstraint('achievement_id', 'demand_id', name=op.f('uq_engagements_achievement_id_demand_id'))
    )
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagements_achievement_id'), ['achievement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_broker_id'), ['broker_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_demand_id'), ['demand_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_stage'), ['stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_updated_at'), ['updated_at'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('contract_type', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Numeric(precision=14, scale=2), nullable=False),
    sa.Column('seller_name', sa.String(length=200), nullable=False),
    sa.Column('buyer_name', sa.String(length=200), nullable=False),
    sa.Column('seller_region', sa.String(length=6), nullable=False),
    sa.Column('buyer_region', sa.String(length=6), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('payment_mode', sa.String(length=16), nullable=False),
    sa.Column('seller_org_id', sa.Integer(), nullable=True),
    sa.Column('buyer_org_id', sa.Integer(), nullable=True),
    sa.Column('industry', sa.String(length=32), nullable=True),
    sa.Column('registration_no', sa.String(length=32), nullable=True),
    sa.Column('engagement_id', sa.Integer(), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('external_id', sa.String(length=128), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_org_id'], ['organizations.id'], name=op.f('fk_contracts_buyer_org_id_organizations')),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], name=op.f('fk_contracts_engagement_id_engagements')),
    sa.ForeignKeyConstraint(['seller_org_id'], ['organizations.id'], name=op.f('fk_contracts_seller_org_id_organizations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('engagement_id', name=op.f('uq_contracts_engagement_id')),
    sa.UniqueConstraint('registration_no', name=op.f('uq_contracts_registration_no')),
    sa.UniqueConstraint('source', 'external_id', name=op.f('uq_contracts_source_external_id'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_buyer_org_id'), ['buyer_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_buyer_region'), ['buyer_region'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_contract_type'), ['contract_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_industry'), ['industry'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_seller_org_id'), ['seller_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_seller_region'), ['seller_region'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_signed_on'), ['signed_on'], unique=False)

    op.create_table('engagement_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('engagement_id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('from_stage', sa.String(length=32), nullable=True),
    sa.Column('to_stage', sa.String(length=32), nullable=True),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_engagement_events_actor_id_users')),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], name=op.f('fk_engagement_events_engagement_id_engagements')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagement_events'))
    )
    with op.batch_alter_table('engagement_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagement_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagement_events_engagement_id'), ['engagement_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('engagement_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagement_events_engagement_id'))
        batch_op.drop_index(batch_op.f('ix_engagement_events_at'))

    op.drop_table('engagement_events')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_signed_on'))
        batch_op.drop_index(batch_op.f('ix_contracts_seller_region'))
        batch_op.drop_index(batch_op.f('ix_contracts_seller_org_id'))
        batch_op.drop_index(batch_op.f('ix_contracts_industry'))
        batch_op.drop_index(batch_op.f('ix_contracts_contract_type'))
        batch_op.drop_index(batch_op.f('ix_contracts_buyer_region'))
        batch_op.drop_index(batch_op.f('ix_contracts_buyer_org_id'))

    op.drop_table('contracts')
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_engagements_updated_at'))
        batch_op.drop_index(batch_op.f('ix_engagements_stage'))
        batch_op.drop_index(batch_op.f('ix_engagements_demand_id'))
        batch_op.drop_index(batch_op.f('ix_engagements_broker_id'))
        batch_op.drop_index(batch_op.f('ix_engagements_achievement_id'))

    op.drop_table('engagements')
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_outbox_sent_at'))

    op.drop_table('email_outbox')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')

    op.drop_table('notifications')
    with op.batch_alter_table('experts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_experts_region_code'))
        batch_op.drop_index(batch_op.f('ix_experts_organization_id'))

    op.drop_table('experts')
    op.drop_table('match_alerts')
    op.drop_table('listing_embeddings')
    op.drop_table('job_state')
