import json

from matching.taxonomy import Taxonomy
from matching.terms import Analyzer, split_compound, unit_of
from tests.conftest import shared_file

TAX = Taxonomy(["Biltvättare", "Rekond", "Städning", "Lagerarbetare", "Truckförare"])


def test_from_jobtech_shape_and_types():
    data = {"occupation-name": {"1": {"preferredTerm": "Lagerarbetare"}},
            "skill": {"2": {"preferredTerm": "Truckkort"}}, "municipality": {"3": {"preferredTerm": "Umeå"}}}
    tax = Taxonomy.from_jobtech(data)
    assert tax.labels == ("Lagerarbetare", "Truckkort") and len(tax) == 2


def test_label_words_make_compound_parts_known():
    assert split_compound("däckrekond") == ()  # "rekond" is rare in general Swedish
    assert split_compound("däckrekond", TAX) == ("däck", "rekond")


def test_occupational_words_weigh_more():
    plain, with_tax = Analyzer().bag("Jag städade bilar i livet"), Analyzer(TAX).bag("Jag städade bilar i livet")
    assert with_tax.weights[unit_of("bilar")] > plain.weights[unit_of("bilar")]
    assert with_tax.weights[unit_of("livet")] == plain.weights[unit_of("livet")]


def test_concepts_found_in_text_even_misspelt():
    bag = Analyzer(TAX).bag("Har jobbat som truckförare och med städnig")
    assert TAX.concepts(bag.weights) == ["Städning", "Truckförare"]


def test_jobtech_taxonomy_loads():
    data = json.loads(shared_file("data/jobtech/taxonomy_to_concept.json").read_text(encoding="utf-8"))
    tax = Taxonomy.from_jobtech(data)
    assert len(tax) > 8000 and tax.knows("biblioteksassistent")
