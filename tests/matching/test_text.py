from matching_builders import need, participant

from matching import Task, text
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


def test_texts_keep_their_fields_with_term_weights():
    p = participant_text(participant(goals="Ett jobb", interests="", experience="Truck", skills=("lager", "pallar")))
    assert p == "Ett jobb. Truck. lager, pallar."  # encoders and hashes see the joined text
    assert p.fields == (("Ett jobb", text.GOALS), ("Truck", text.EXPERIENCE), ("lager, pallar", text.SKILLS))
    n = need_text(need(title="Lagerarbetare", description="Lager med tre skift.", tasks=(Task("Plocka"),),
                       skills=("Truck",)))
    assert [w for _, w in n.fields] == [text.TITLE, text.DESCRIPTION, text.TASKS, text.NEED_SKILLS]
    # what a person wants in general and an employer's boilerplate weigh least
    assert text.GOALS < text.INTERESTS <= text.SKILLS and text.DESCRIPTION < text.TASKS <= text.TITLE


def test_ad_sections_about_the_employer_application_and_terms_weigh_less():
    from matching.text import ASIDE, ad_sections

    ad = ("Vi söker en kock till vårt kök.\nDu lagar lunch.\nOm oss\nVi är ett familjeföretag sedan 1950.\n"
          "Grundat i Umeå.\nArbetsuppgifter\nDiska och städa.\nVi erbjuder kollektivavtal och friskvård.\n"
          "Ansökan: skicka CV till oss.")
    parts = dict(ad_sections(ad))
    assert parts["Vi söker en kock till vårt kök."] == 1.0 and parts["Du lagar lunch."] == 1.0
    assert parts["Vi är ett familjeföretag sedan 1950."] == ASIDE and parts["Grundat i Umeå."] == ASIDE
    assert parts["Diska och städa."] == 1.0  # a new heading about the work ends the aside
    assert parts["Vi erbjuder kollektivavtal och friskvård."] == ASIDE
    assert parts["Ansökan: skicka CV till oss."] == ASIDE
