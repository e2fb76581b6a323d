from matching_builders import need, participant

from matching import Task
from matching.text import need_text, normalise, participant_text, text_hash


def test_normalise_nfc_casefold_spaces():
    decomposed = "Sma\u030aland  \t ÖL"  # "å" as a + combining ring
    assert normalise(decomposed) == "småland öl"
    assert text_hash("Städning  i Linköping") == text_hash("städning i linköping")
    assert text_hash("städning") != text_hash("stadning")


def test_participant_text_has_all_fields_in_order():
    t = participant_text(participant(goals="Mål", interests="Intresse", experience="Erfarenhet", skills=("a", "b")))
    assert t == "Mål. Intresse. Erfarenhet. a, b."


def test_need_text_has_title_description_tasks_skills_without_repeats():
    n = need(title="Köksbiträde", description="Lunchkök.", skills=("Disk",),
             tasks=(Task("Diska", "Diska."), Task("Skala", "Skala potatis")))
    assert need_text(n) == "Köksbiträde. Lunchkök. Diska. Skala. Skala potatis. Disk."


def test_empty_fields_are_skipped():
    assert participant_text(participant(goals="", interests=" ", experience="", skills=())) == ""
