"""ORM models; importing this package registers every table on `Base.metadata`."""

from storage.models.aitutor import AiTutorConversationRow, AiTutorLineRow
from storage.models.base import Base
from storage.models.calibration import ItemDifficultyRow
from storage.models.challenges import (
    GroupChallengeMemberRow,
    GroupChallengeRow,
    WeeklyChallengeRow,
)
from storage.models.channels import ChannelPollRow
from storage.models.community import (
    CommunityPlaceRow,
    CommunityPreferenceRow,
    PartnerPairRow,
    StudyGroupLinkRow,
    StudyGroupMemberRow,
    StudyGroupPlaceRow,
    StudyGroupRow,
)
from storage.models.community_attendance import GroupAttendanceRow
from storage.models.content import (
    ContentPackRow,
    ExamRow,
    LessonRow,
    QuestionRow,
    ResourceRow,
    SubjectRow,
    TopicRow,
)
from storage.models.dialogue import DialogueStateRow
from storage.models.forum import (
    ForumMirrorRow,
    ForumPostRow,
    ForumReportRow,
    ForumThreadRow,
    ForumVoteRow,
)
from storage.models.learning import (
    DecisionRow,
    FeedbackRow,
    LessonTimeEstimateRow,
    MockResultRow,
    QuizAttemptRow,
    ReviewCardRow,
)
from storage.models.linking import GroupSettingsRow, LinkCodeRow
from storage.models.liveqa import (
    QaAnnouncementRow,
    QaAttendeeRow,
    QaQuestionRow,
    QaSessionRow,
    QaVoteRow,
)
from storage.models.motivation import BadgeEarnedRow, LeagueEntryRow, StudyDayRow, XpLedgerRow
from storage.models.notify import NotifyJobRunRow, OutboxRow
from storage.models.peers import PeerProfileRow
from storage.models.planning import (
    AssessmentResultRow,
    LessonProgressRow,
    StudyPlanRow,
    StudySessionRow,
    TopicMasteryRow,
)
from storage.models.tutor_rooms import EscalationRoomRow
from storage.models.tutors import (
    EscalationAskRow,
    EscalationMessageRow,
    EscalationRow,
    TutorBlockRow,
    TutorConsoleTokenRow,
    TutorInviteRow,
    TutorProfileRow,
)
from storage.models.users import ChannelIdentityRow, ProfileRow, UserRow
from storage.models.webchat import InstanceSecretRow, WebChatFileRow, WebChatMessageRow

__all__ = [
    "AiTutorConversationRow",
    "AiTutorLineRow",
    "AssessmentResultRow",
    "BadgeEarnedRow",
    "Base",
    "ChannelIdentityRow",
    "ChannelPollRow",
    "CommunityPlaceRow",
    "CommunityPreferenceRow",
    "ContentPackRow",
    "DecisionRow",
    "DialogueStateRow",
    "EscalationAskRow",
    "EscalationMessageRow",
    "EscalationRoomRow",
    "EscalationRow",
    "ExamRow",
    "FeedbackRow",
    "ForumMirrorRow",
    "ForumPostRow",
    "ForumReportRow",
    "ForumThreadRow",
    "ForumVoteRow",
    "GroupAttendanceRow",
    "GroupChallengeMemberRow",
    "GroupChallengeRow",
    "GroupSettingsRow",
    "InstanceSecretRow",
    "ItemDifficultyRow",
    "LeagueEntryRow",
    "LessonProgressRow",
    "LessonRow",
    "LessonTimeEstimateRow",
    "LinkCodeRow",
    "MockResultRow",
    "NotifyJobRunRow",
    "OutboxRow",
    "PartnerPairRow",
    "PeerProfileRow",
    "ProfileRow",
    "QaAnnouncementRow",
    "QaAttendeeRow",
    "QaQuestionRow",
    "QaSessionRow",
    "QaVoteRow",
    "QuestionRow",
    "QuizAttemptRow",
    "ResourceRow",
    "ReviewCardRow",
    "StudyDayRow",
    "StudyGroupLinkRow",
    "StudyGroupMemberRow",
    "StudyGroupPlaceRow",
    "StudyGroupRow",
    "StudyPlanRow",
    "StudySessionRow",
    "SubjectRow",
    "TopicMasteryRow",
    "TopicRow",
    "TutorBlockRow",
    "TutorConsoleTokenRow",
    "TutorInviteRow",
    "TutorProfileRow",
    "UserRow",
    "WebChatFileRow",
    "WebChatMessageRow",
    "WeeklyChallengeRow",
    "XpLedgerRow",
]
