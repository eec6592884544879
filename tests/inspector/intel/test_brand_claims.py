"""Brand claims in display names and subjects, with disguised spellings."""

from __future__ import annotations

from inspector.intel.brand_claims import claimed_brands


def names(text: str, *, as_name: bool = True) -> dict[str, bool]:
    return {c.brand.name: c.disguised for c in claimed_brands(text, as_name=as_name)}


def test_look_alike_letters_from_other_scripts_name_the_brand_in_disguise() -> None:
    assert names("Ꮇicrosoft Account") == {"Microsoft": True}
    assert names("Ϲoіոbаѕе") == {"Coinbase": True}
    assert names("MetɑMɑsk") == {"MetaMask": True}
    assert names("Iedger") == {"Ledger": True}


def test_invisible_characters_inside_a_brand_name_are_a_disguise() -> None:
    claim = claimed_brands("Micro\u200bsoft", as_name=True)[0]
    assert claim.brand.name == "Microsoft" and claim.disguised
    assert claim.characters == ("\u200b",)


def test_ordinary_spelling_is_not_a_disguise() -> None:
    assert names("BINANCE Support") == {"Binance": False}
    assert names("Itaú") == {"Itaú": False}
    assert names("Bank of America") == {"Bank of America": False}


def test_ordinary_word_brands_count_only_as_the_whole_name() -> None:
    assert names("Apple ID") == {"Apple": False}
    assert names("Ledger©") == {"Ledger": False}
    assert names("Team Ripple") == {"Ripple": False}
    assert names("Lockergnome Apple Core") == {}
    assert names("Apple ID", as_name=False) == {}


def test_subject_words_in_disguise_name_ordinary_word_brands() -> None:
    assert names("Your Ꮮedger wallet", as_name=False) == {"Ledger": True}
    assert names("über uns", as_name=False) == {}


def test_phished_crypto_brands_are_known() -> None:
    for name in ("PancakeSwap", "Bittrex", "Standard Chartered", "KuCoin"):
        assert name in names(name), name
