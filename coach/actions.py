"""Every button the coach shows, declared once (the contract of `coach.buttons`).

Producers build payloads from these (`SESSION_DONE.payload(session.id)`); the dialogue engine
registers one handler for each (`coach.dialogue.build`), and building the engine fails if one is
left without. Prefixes stay short: a payload must fit a Telegram button with its signature.
"""

from __future__ import annotations

from coach.buttons import ButtonCatalog

CATALOG = ButtonCatalog()

# ---------------------------------------------------------------- the menu: run a command
_menu = CATALOG.group("m", "dialogue.menu")
MENU = {
    name: _menu.action(name)
    for name in (
        "today", "week", "plan", "progress", "checkin", "quiz", "stuck", "settings", "help",
        "mock", "why", "start", "resume", "export",
    )
}  # fmt: skip
MENU_REDO = _menu.action("redo")  # set everything up again
MENU_AWAY_TODAY = _menu.action("away_today")  # "I can't study today"
MENU_WEEK_NEXT = _menu.action("week_next")  # /week of next Monday to Sunday
MENU_LEAVE = _menu.action("leave", "command")  # leave the quiz (or mock, check-in) for a command
MENU_STAY = _menu.action("stay")  # ... or go on with it

# ---------------------------------------------------------------- one session of the plan
_sessions = CATALOG.group("s", "sessions")
SESSION_START = _sessions.action("start", "session")
SESSION_DONE = _sessions.action("done", "session")
SESSION_RATE = _sessions.action("rate", "session", "rating")
SESSION_SKIP = _sessions.action("skip", "session")
SESSION_SKIP_WHY = _sessions.action("why", "session", "reason")
SESSION_MOVE = _sessions.action("move", "session")
SESSION_MOVE_TO = _sessions.action("mv", "session", "day")

# ---------------------------------------------------------------- plans: previews, proposals
_preview = CATALOG.group("pv", "plans.preview")
PREVIEW_NEW = _preview.action("new")
PREVIEW_ACTIVATE = _preview.action("activate", "plan")
PREVIEW_ADJUST = _preview.action("adjust", "item")

_proposal = CATALOG.group("plan", "plans.proposal")
PROPOSAL_ACCEPT = _proposal.action("accept", "proposal")
PROPOSAL_KEEP = _proposal.action("keep", "proposal")
PROPOSAL_CHANGES = _proposal.action("changes", "proposal")  # the full list of a proposal

# ---------------------------------------------------------------- account and linking
_account = CATALOG.group("ac", "accounts")
ACCOUNT_PAUSE = _account.action("pause", "days")
ACCOUNT_DELETE = _account.action("delete", "answer")

_link = CATALOG.group("ln", "accounts.link")
LINK_YES = _link.action("yes", "code")
LINK_NO = _link.action("no", "code")

# ---------------------------------------------------------------- check-in
_checkin_push = CATALOG.group("checkin", "sessions.checkin")
CHECKIN_START = _checkin_push.action("start")

_checkin = CATALOG.group("ci", "dialogue.checkin")
CHECKIN_MARK = _checkin.action("mark", "session", "mark")
CHECKIN_ALL_DONE = _checkin.action("all")
CHECKIN_NEXT = _checkin.action("next")
CHECKIN_HARD = _checkin.action("hard", "rating")
CHECKIN_TIME = _checkin.action("time", "minutes")
CHECKIN_ZERO_OK = _checkin.action("zero")  # "yes, no time at all" after sessions marked done

# ---------------------------------------------------------------- settings
_settings = CATALOG.group("st", "dialogue.settings")
SETTINGS_MENU = _settings.action("menu")
SETTINGS_CLOSE = _settings.action("close")
SETTINGS_OPEN = _settings.action("open", "item")
SETTINGS_CHECKIN = _settings.action("checkin", "time")
SETTINGS_LEAD = _settings.action("lead", "minutes")
SETTINGS_QUIET = _settings.action("quiet", "code")
# A switch carries the state it sets ("on"/"off"): pressing it twice, or an old copy, is
# idempotent. Payloads from before carried only the kind; they get a fresh screen instead.
SETTINGS_TOGGLE = _settings.action("tog", "kind", "state")
# The way out of quiet hours that silence the check-in or a study window: "ci" moves the
# check-in to HHMM, "qs" starts the quiet hours at HHMM.
SETTINGS_FIX = _settings.action("fix", "what", "at")

# ---------------------------------------------------------------- onboarding steps
_onboarding = CATALOG.group("ob", "dialogue.onboarding")
ONBOARDING_BACK = _onboarding.action("back")
ONBOARDING = {
    step: _onboarding.action(step, "value")
    for step in (
        "lang", "consent", "age", "track", "date", "target", "avail", "avail_review",
        "avail_day", "avail_min", "win", "break", "tz", "confirm", "date_which", "avail_ok",
    )
}  # fmt: skip

# ---------------------------------------------------------------- questions
_assessment = CATALOG.group("as", "dialogue.assessment")
ASSESSMENT_ANSWER = _assessment.action("a", "question", "option")
ASSESSMENT_IDK = _assessment.action("idk", "question")
ASSESSMENT_SKIP_SUBJECT = _assessment.action("skipsub", "question")

_quiz = CATALOG.group("qz", "dialogue.quiz")
QUIZ_ANSWER = _quiz.action("a", "question", "option")
QUIZ_IDK = _quiz.action("idk", "question")

_quiz_start = CATALOG.group("qs", "learning.quiz_start")
QUIZ_EASIER = _quiz_start.action("easy", "topic")
QUIZ_PLACEMENT = _quiz_start.action("place", "topic")
QUIZ_TOPIC = _quiz_start.action("go", "topic")

_mock = CATALOG.group("mk", "dialogue.mock")
MOCK_SKIP_TEST = _mock.action("skip")
MOCK_TOPIC_MODE = _mock.action("topics")
MOCK_DONE = _mock.action("done")

# ---------------------------------------------------------------- feedback and resources
_feedback = CATALOG.group("fb", "learning.feedback")
FEEDBACK_USEFUL = _feedback.action("use", "session", "rating")
FEEDBACK_COMMENT = _feedback.action("cm", "session")

_resources = CATALOG.group("rs", "learning.resources")
RESOURCE_RATE = _resources.action("r", "decision", "rating")

# ---------------------------------------------------------------- the AI tutor
_aitutor = CATALOG.group("at", "aitutor")
AI_EXPLAIN_QUESTION = _aitutor.action("q", "question")  # "Explain it to me" on a failed question
AI_EXPLAIN_TOPIC = _aitutor.action("t", "topic")  # ... on a stuck topic (/stuck)
AI_SHOW_SOLUTION = _aitutor.action("sol", "conversation")
AI_NEXT_STEP = _aitutor.action("next", "conversation")
AI_END = _aitutor.action("end", "conversation")

# ---------------------------------------------------------------- live Q&A sessions
_liveqa = CATALOG.group("qa", "liveqa")
QA_GOING = _liveqa.action("go", "session")  # "I'll come": a reminder before the start
QA_QUESTIONS = _liveqa.action("qs", "session")  # the questions collected, with upvotes
QA_ASK = _liveqa.action("ask", "session")
QA_UPVOTE = _liveqa.action("up", "question")
QA_NEW_SUBJECT = _liveqa.action("new", "pack", "subject")  # a tutor picks the subject
QA_ANSWERED = _liveqa.action("ans", "question")  # the host marks a question answered
QA_CLOSE = _liveqa.action("close", "session")

# ---------------------------------------------------------------- the Q&A forum
_forum = CATALOG.group("fo", "forum")
FORUM_TOPIC = _forum.action("tp", "choice")  # post the draft under a recognised topic (index)
FORUM_TOPICS = _forum.action("all")  # "Another topic": every topic of the pack
FORUM_SHOW = _forum.action("sh", "thread")  # a thread with its answers
FORUM_ANSWER = _forum.action("an", "thread")
FORUM_VOTE = _forum.action("up", "post")
FORUM_ACCEPT = _forum.action("ok", "post")
FORUM_REPORT = _forum.action("rp", "post")
# ---------------------------------------------------------------- community: study groups
_group = CATALOG.group("group", "community.invite")
GROUP_JOIN = _group.action("join", "group")
GROUP_NOT_NOW = _group.action("no", "group")
GROUP_OTHERS = _group.action("others", "group")  # "Show me others"
GROUP_LEAVE = _group.action("leave", "group")

_community = CATALOG.group("cm", "community.privacy")
# Like the settings switches, a peer switch carries the state it sets ("on"/"off").
COMMUNITY_TOGGLE = _community.action("tog", "feature", "state")
COMMUNITY_NAME = _community.action("name")
COMMUNITY_FOCUS = _community.action("focus", "mode")

_partner = CATALOG.group("pt", "community.partners")
PARTNER_CHEER = _partner.action("cheer", "partner", "code")  # one of a few fixed encouragements
# ---------------------------------------------------------------- human tutors
_tutors = CATALOG.group("ht", "tutors")
TUTOR_ACCEPT = _tutors.action("yes", "escalation")  # the student accepts the offer
TUTOR_DECLINE = _tutors.action("no", "escalation")  # ... declines it (no new offer for a week)
TUTOR_CANCEL = _tutors.action("cancel", "escalation")  # the student withdraws the request
TUTOR_TAKE = _tutors.action("take", "escalation")  # an asked tutor takes it
TUTOR_PASS = _tutors.action("pass", "escalation")  # ... cannot
TUTOR_START = _tutors.action("start", "escalation")  # the assigned tutor joins the chat
TUTOR_RATE = _tutors.action("rate", "escalation", "rating")  # the student rates the help
TUTOR_BOOK = _tutors.action("book", "escalation")  # no one free: see bookable times
TUTOR_SLOT = _tutors.action("slot", "escalation", "tutor", "minute")  # book this time
TUTOR_MORE_TIME = _tutors.action("more", "escalation")  # the tutor's note: more time on the topic
# ---------------------------------------------------------------- weekly challenges
_challenge = CATALOG.group("ch", "motivation.challenges")
CHALLENGE_ACCEPT = _challenge.action("ok", "challenge", "swaps")  # as offered after n swaps
CHALLENGE_SWAP = _challenge.action("swap", "challenge", "swaps")  # ... a different one instead
CHALLENGE_JOIN = _challenge.action("join", "challenge")  # a member joins a group's challenge
CHALLENGE_LEAVE = _challenge.action("leave", "challenge")  # ... and leaves it again
