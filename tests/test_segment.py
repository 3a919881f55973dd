"""How a draft is split: greeting (also after a Subject line), sentences (also after emoji), names."""

from __future__ import annotations

import pytest
import spacy

from linter.document import Document, DraftContext
from linter.kinds.recipient import names_agree
from linter.segment import find_greeting


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def sentences(nlp, text: str) -> list[str]:
    document = Document(nlp.make_doc(text), DraftContext(), None)
    return [text[a:b] for a, b in document.sentences]


@pytest.mark.parametrize("text, greeting, name", [
    ("Hi Sarah, loved your talk.", "Hi Sarah,", "Sarah"),
    ("Subject: Your talk at PyCon\n\nHi Sarah,\n\nLoved it.", "Hi Sarah,", "Sarah"),
    ("subject: quick idea\nDear Website Owner,\nYour site is slow.", "Dear Website Owner,", None),
    ("Re: our call\n\nHello Dr. Chen, thanks again.", "Hello Dr. Chen,", "Dr. Chen"),
    ("Subject: Hi there\n\nI read your paper.", None, None),  # the greeting word is in the subject only
    ("Respected Sir,\nI am a final-year student.", "Respected Sir,", None),
    ("Respected Dr. Rao, I read your thesis.", "Respected Dr. Rao,", "Dr. Rao"),
    ("Respected by her peers, she leads the lab.", None, None),  # not a salutation
    ("Good afternoon Engr. Balogun,\n\nI attended your lecture.", "Good afternoon Engr. Balogun,", "Engr. Balogun"),
    ("Dear Cllr. Hart, thank you.", "Dear Cllr. Hart,", "Cllr. Hart"),
])
def test_the_greeting_is_found_after_a_subject_line(text, greeting, name):
    span, found = find_greeting(text)
    assert (text[span[0]:span[1]] if span else None) == greeting
    assert found == name


def test_an_emoji_ends_a_sentence_before_a_capitalised_word(nlp):
    text = "Hope your week is going well ☀️ Just wanted to say hi 😀 I am Sam from the meetup"
    assert sentences(nlp, text) == ["Hope your week is going well ☀️", "Just wanted to say hi 😀 I am Sam from the meetup"]


def test_an_emoji_before_a_lowercase_word_does_not_end_the_sentence(nlp):
    text = "Loved the talk 🔥 especially the part on retries."
    assert sentences(nlp, text) == [text]


@pytest.mark.parametrize("greeting, to, agree", [
    ("Engr. Balogun", "Tunde Balogun", True),
    ("Engr", "Tunde Balogun", True),  # a title alone names no one else
    ("Seun", "Oluwaseun Adeyemi", True),     # the end of a Yoruba name
    ("Tunde", "Babatunde Okonkwo", True),
    ("Bob", "Robert Miles", True),           # a listed nickname
    ("Sam", "Samantha Reid", True),          # the start of a name
    ("Jennifer", "Lisa Park", False),
    ("Ann", "Joanne Smith", False),          # three letters inside a name are not a nickname
])
def test_greeting_names_agree_with_the_recipient(greeting, to, agree):
    assert names_agree(greeting, to) is agree
