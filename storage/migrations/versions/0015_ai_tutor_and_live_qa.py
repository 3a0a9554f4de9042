"""ai tutor conversations and live q&a sessions

Revision ID: 0015
Revises: 0009
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import Text  # noqa: F401  (autogenerate renders JSONB(astext_type=Text()))
from alembic import op
from sqlalchemy.dialects import postgresql

import storage.models.base

revision: str = '0015'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('ai_tutor_conversations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('pack_id', sa.String(length=64), nullable=False),
    sa.Column('topic_id', sa.String(length=128), nullable=False),
    sa.Column('question_ref', sa.String(length=160), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('started_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ai_tutor_conversations_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ai_tutor_conversations'))
    )
    with op.batch_alter_table('ai_tutor_conversations', schema=None) as batch_op:
        batch_op.create_index('ix_ai_tutor_conversations_user_topic', ['user_id', 'topic_id'], unique=False)

    op.create_table('qa_sessions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('host_name', sa.String(length=64), nullable=False),
    sa.Column('pack_id', sa.String(length=64), nullable=False),
    sa.Column('subject_id', sa.String(length=128), nullable=False),
    sa.Column('topic_id', sa.String(length=128), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('starts_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('closed_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_qa_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_sessions'))
    )
    with op.batch_alter_table('qa_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_qa_sessions_status_starts', ['status', 'starts_at'], unique=False)

    op.create_table('ai_tutor_lines',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('move', sa.String(length=24), nullable=False),
    sa.Column('source', sa.String(length=24), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('citations', sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), 'postgresql'), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conversation_id'], ['ai_tutor_conversations.id'], name=op.f('fk_ai_tutor_lines_conversation_id_ai_tutor_conversations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_ai_tutor_lines_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ai_tutor_lines'))
    )
    with op.batch_alter_table('ai_tutor_lines', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ai_tutor_lines_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index('ix_ai_tutor_lines_user_created', ['user_id', 'created_at'], unique=False)

    op.create_table('qa_announcements',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('group_id', sa.String(length=64), nullable=False),
    sa.Column('chat_id', sa.String(length=64), nullable=True),
    sa.Column('locale', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('platform_id', sa.String(length=64), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['qa_sessions.id'], name=op.f('fk_qa_announcements_session_id_qa_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_announcements'))
    )
    with op.batch_alter_table('qa_announcements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_announcements_session_id'), ['session_id'], unique=False)
        batch_op.create_index('ix_qa_announcements_status', ['status'], unique=False)

    op.create_table('qa_attendees',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['session_id'], ['qa_sessions.id'], name=op.f('fk_qa_attendees_session_id_qa_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_qa_attendees_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'user_id', name=op.f('pk_qa_attendees'))
    )
    with op.batch_alter_table('qa_attendees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_attendees_user_id'), ['user_id'], unique=False)

    op.create_table('qa_questions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.Column('answered_at', storage.models.base.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['session_id'], ['qa_sessions.id'], name=op.f('fk_qa_questions_session_id_qa_sessions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_qa_questions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qa_questions'))
    )
    with op.batch_alter_table('qa_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_questions_session_id'), ['session_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_qa_questions_user_id'), ['user_id'], unique=False)

    op.create_table('qa_votes',
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', storage.models.base.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['qa_questions.id'], name=op.f('fk_qa_votes_question_id_qa_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_qa_votes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', 'user_id', name=op.f('pk_qa_votes'))
    )
    with op.batch_alter_table('qa_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_qa_votes_user_id'), ['user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('qa_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_votes_user_id'))

    op.drop_table('qa_votes')
    with op.batch_alter_table('qa_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_questions_user_id'))
        batch_op.drop_index(batch_op.f('ix_qa_questions_session_id'))

    op.drop_table('qa_questions')
    with op.batch_alter_table('qa_attendees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_qa_attendees_user_id'))

    op.drop_table('qa_attendees')
    with op.batch_alter_table('qa_announcements', schema=None) as batch_op:
        batch_op.drop_index('ix_qa_announcements_status')
        batch_op.drop_index(batch_op.f('ix_qa_announcements_session_id'))

    op.drop_table('qa_announcements')
    with op.batch_alter_table('ai_tutor_lines', schema=None) as batch_op:
        batch_op.drop_index('ix_ai_tutor_lines_user_created')
        batch_op.drop_index(batch_op.f('ix_ai_tutor_lines_conversation_id'))

    op.drop_table('ai_tutor_lines')
    with op.batch_alter_table('qa_sessions', schema=None) as batch_op:
        batch_op.drop_index('ix_qa_sessions_status_starts')

    op.drop_table('qa_sessions')
    with op.batch_alter_table('ai_tutor_conversations', schema=None) as batch_op:
        batch_op.drop_index('ix_ai_tutor_conversations_user_topic')

    op.drop_table('ai_tutor_conversations')
