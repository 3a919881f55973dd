"""Named limits that rules may refer to as "$name" and config may change (e.g. the note length cap)."""

from __future__ import annotations

DEFAULTS: dict[str, float] = {
    # LinkedIn connection notes: 300 characters with Premium, 200 on free accounts.
    "linkedin_note_limit": 300,
    # InMail and LinkedIn message bodies are capped at 2,000 characters.
    "message_limit": 2000,
    # Words beyond which a first message is too long to be read through.
    "first_message_max_words": 200,
    # Flesch-Kincaid grade above which a draft is hard to read.
    "max_reading_grade": 14,
}
