"""Occupation recognition (titles, compounds, English, variants) and the occupation component."""
import numpy as np

from matching.occupations import OccupationIndex, Profiles

GROUPS = {"2219": ("Övriga läkare", "Hälso- och sjukvård"), "2212": ("ST-läkare", "Hälso- och sjukvård"),
          "2231": ("Operationssjuksköterskor", "Hälso- och sjukvård"),
          "2512": ("Mjukvaru- och systemutvecklare m.fl.", "Data/IT"),
          "2419": ("Övriga specialister inom personal", "Administration"),
          "9119": ("Övrig hemservicepersonal m.fl.", "Sanering"), "5120": ("Kockar och kallskänkor", "Restaurang"),
          "2222": ("Sjuksköterskor", "Hälso- och sjukvård")}
OCCUPATIONS = [("Läkare", "2219"), ("ST-läkare", "2212"), ("Specialistläkare", "2219"),
               ("Operationssjuksköterska", "2231"), ("Sjuksköterska, grundutbildad", "2222"),
               ("Systemutvecklare/Programmerare", "2512"), ("Mjukvaruutvecklare", "2512"),
               ("Apputvecklare", "2512"), ("Affärsutvecklare", "2419"), ("Barnflicka/Barnvakt", "9119"),
               ("Kock, à la carte", "5120")]
INDEX = OccupationIndex(OCCUPATIONS, GROUPS)


def top(title, body=""):
    found = INDEX.recognise(title, body)
    return found[0].ssyk if found else None


def test_exact_titles_and_plural_forms():
    assert top("Legitimerad läkare") == "2219"
    assert top("Kockar sökes") == "5120"
    assert top("Vi söker en ST-läkare inom allmänmedicin") == "2212"


def test_compounds_are_read_by_their_head():
    assert top("Operationssjuksköterska till Umeå") == "2231"  # the longer label wins over its head
    assert top("Distriktsläkare till vårdcentralen") == "2219"
    assert top("Javautvecklare") == "2512"  # "utvecklare": most labels with that head are software


def test_english_titles_and_variants():
    assert top("Java developer") == "2512"
    assert top("Nanny sökes") == "9119"
    assert top("Ortoped till sjukhuset") == "2219"


def test_unrelated_text_is_not_recognised_and_confidence_is_partial():
    assert INDEX.recognise("Vi erbjuder kollektivavtal och friskvård") == ()
    found = INDEX.recognise("Kock", "Du lagar mat.")
    assert 0.5 < found[0].confidence < 1.0
    body_only = INDEX.recognise("Medarbetare sökes", "Du hjälper vår kock ibland.")
    assert body_only and body_only[0].confidence < found[0].confidence  # a body mention is a weaker guess


def test_profiles_overlap_same_group_above_same_field():
    found = [INDEX.recognise("Läkare"), INDEX.recognise("Specialistläkare"), INDEX.recognise("Sjuksköterska"),
             INDEX.recognise("Kock")]
    prof = Profiles.build(INDEX, found)
    group, field, certainty = prof.overlap(prof, np.array([0, 0, 0]), np.array([1, 2, 3]))
    assert ((0 < certainty) & (certainty < 1)).all()
    assert group[0] > 0.9 and field[0] > 0.9  # both 2219
    assert group[1] < 0.1 and field[1] > 0.9  # same field, another group
    assert group[2] == 0 and field[2] == 0
