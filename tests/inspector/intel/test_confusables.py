"""UTS #39 skeletons over the bundled Latin subset of confusables.txt."""

from __future__ import annotations

from pathlib import Path

from inspector.data import load_json
from inspector.intel.confusables import (
    hidden_characters,
    is_disguise_char,
    plain_fold,
    skeleton,
    visible,
)

DATA = Path(__file__).resolve().parents[3] / "inspector" / "data"


def test_skeleton_maps_other_scripts_to_latin_prototypes() -> None:
    assert skeleton("Ꮇicrosoft") == skeleton("Microsoft")  # Cherokee LU
    assert skeleton("Ϲoіոbаѕе").lower() == "coinbase"  # Greek, Cyrillic, Armenian
    assert skeleton("MetɑMɑsk") == "MetaMask"  # Latin small alpha
    assert skeleton("Iedger") == "ledger"  # capital I is confusable with small l


def test_skeleton_runs_before_compatibility_folding() -> None:
    """NFKC would turn the lunate sigma into a Greek capital sigma and hide the C."""
    assert skeleton("\u03f9").lower() == "c"


def test_visible_drops_invisible_characters_and_foreign_marks_but_keeps_accents() -> None:
    assert visible("P\u200er\u034fi\u200em\u200ee") == "Prime"
    assert visible("Ap\u073fpl\u073fe") == "Apple"
    assert visible("Itaú") == "Itaú"


def test_plain_fold_keeps_disguises_visible() -> None:
    assert plain_fold("Société") == "societe"
    assert plain_fold("Iedger") == "iedger"
    assert "prime" not in plain_fold("P\u200erime")


def test_hidden_and_disguise_characters() -> None:
    assert hidden_characters("Ap\u073fple\u200b") == ("\u073f", "\u200b")
    assert hidden_characters("Crédit") == ()
    assert is_disguise_char("а")  # Cyrillic a
    assert not is_disguise_char("a")
    assert not is_disguise_char("ü")


def test_bundled_subset_keeps_its_provenance_and_licence() -> None:
    data = load_json("confusables_latin.json")
    assert data["version"] == "13.0.0"
    assert any("Unicode" in line for line in data["_about"])
    assert all(target.isascii() and target.isalnum() for target in data["map"].values())
    licence = (DATA / "confusables_LICENSE.txt").read_text(encoding="utf-8")
    assert "Permission is hereby granted" in licence and "Modification" in licence


def test_ascii_reads_as_written_and_folds_only_case() -> None:
    every_ascii = "".join(chr(c) for c in range(128)) * 3
    assert visible(every_ascii) == every_ascii[:1000]
    assert plain_fold(every_ascii) == every_ascii[:1000].lower()
    assert visible("Pay\u00adPal") == "PayPal"  # a soft hyphen is not ASCII: still removed
    assert plain_fold("Itaú") == "itau"
