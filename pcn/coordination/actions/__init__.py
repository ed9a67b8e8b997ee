"""Every write of coordination, one module a subject, called through it:
`actions.meetings.record_decision(...)`. Keyword-only arguments, the acting user as `by`, one
transaction each, with its audit entries written in that transaction."""

from . import announcements, concerns, meetings, practice_requests, who_does_what

__all__ = ["announcements", "concerns", "meetings", "practice_requests", "who_does_what"]
