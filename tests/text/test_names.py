import pytest

from majlis.text import (
    HONORIFICS,
    latin_to_arabic,
    arabic_to_latin,
    name_key,
    name_keys,
    names_match,
    strip_honorifics,
    translit_key,
)

from ._seeds import seed_texts

# Same person, different script/spelling (all taken from the seeds).
SAME = [
    ("Gafarova", "غفاروفا"),
    ("Gafarova", "غافاروفا"),
    ("غفاروفا", "غافاروفا"),
    ("Sahiba Gafarova", "صاحبة غفاروفا"),
    ("Sahiba Gafarova", "صاحبة غافاروفا"),
    ("Səhibə Qafarova", "Sahiba Gafarova"),
    ("Hajiyev", "حاجييف"),
    ("Farid Hajiyev", "فريد حاجييف"),
    ("Fərid Hacıyev", "Farid Hajiyev"),
    ("Sabir Hajiyev", "صابر حاجييف"),
    ("Mahmudov", "محمودوف"),
    ("Rustam", "رستم"),
    ("Rustam Mahmudov", "رستم محمودوف"),
    ("Al-Buainain", "البوعينين"),
    ("Mohammed", "محمد"),
    ("Mohamed", "مُحَمَّد"),
    ("Muhammad", "محمد"),
    ("Ismayilov", "إسماعيلوف"),
    ("Ismayilov", "اسماعيلوف"),
    ("Rashad Ismayilov", "رشاد إسماعيلوف"),
    ("Aliyev", "علييف"),
    ("Ilham Aliyev", "إلهام علييف"),
    ("Samaddin Asadov", "صمدين أسادوف"),
    ("Mohammed Ibrahim Al-Sisi Al-Buainain", "محمد إبراهيم السيسي البوعينين"),
    ("Ahmed bin Salman Al-Musallam", "أحمد بن سلمان المسلم"),
    ("Hamad bin Isa Al Khalifa", "حمد بن عيسى آل خليفة"),
    ("Ulviyya Aghayeva", "أولفيا آغاييفا"),
    ("Abdul Rahman", "عبد الرحمن"),
    ("Abdulrahman", "عبدالرحمن"),
    ("Abdullah", "عبدالله"),
    ("Fatima", "فاطمة"),
    ("Fatimah", "فاطمه"),
    ("Ali", "علي"),
    ("Mustafa", "مصطفى"),
    ("Yusuf", "يوسف"),
    ("Walid", "وليد"),
    ("Khalid", "خالد"),
    ("Mashhur", "مشهور"),
]

# Different people: must NOT collide.
DIFFERENT = [
    ("Farid Hajiyev", "Sabir Hajiyev"),
    ("فريد حاجييف", "صابر حاجييف"),
    ("Farid Hajiyev", "صابر حاجييف"),
    ("Hajiyev", "Hajiyeva"),  # documented: gendered surnames stay apart
    ("حاجييف", "حاجييفا"),
    ("Aliyev", "Aliyeva"),
    ("Gafarova", "Jafarova"),
    ("Gafarova", "Gafarov"),
    ("Mahmudov", "Mammadov"),
    ("Mammadov", "Mahmudov"),
    ("Rustam", "Rashad"),
    ("Mohammed", "Ahmed"),
    ("محمد", "أحمد"),
    ("Ali", "Aliyev"),
    ("Salman", "Salem"),
    ("Farid Hajiyev", "Hajiyev"),  # a surname alone is ambiguous (two Hajiyevs)
    ("Sahiba Gafarova", "Ulviyya Aghayeva"),
    ("Rustam Mahmudov", "Rashad Ismayilov"),
    ("Samaddin Asadov", "Sabir Hajiyev"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_translit_key_collides_for_same_name(a, b):
    assert translit_key(a) == translit_key(b)
    assert translit_key(a)  # never an empty key for a real name
    assert names_match(a, b)
    assert names_match(b, a)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_translit_key_separates_different_names(a, b):
    assert translit_key(a) != translit_key(b)
    assert not names_match(a, b)


def test_surname_is_last_word_of_full_key():
    full = translit_key("Sahiba Gafarova")
    assert full.split()[-1] == translit_key("Gafarova") == translit_key("غافاروفا")
    assert translit_key("صاحبة غفاروفا").split()[-1] == translit_key("Gafarova")


def test_known_limit_vowel_only_differences_collide():
    # Documented limit of a consonant skeleton: names differing only in inner
    # vowels (سلمان Salman / سليمان Sulaiman) share a key.  name_key keeps them
    # apart within one script.
    assert translit_key("Salman") == translit_key("Sulaiman")
    assert name_key("سلمان") != name_key("سليمان")


def test_mammadov_collides_with_nothing_else():
    key = translit_key("Mammadov")
    others = ["Mahmudov", "محمودوف", "Mohammed", "محمد", "Ahmadov", "Hajiyev", "Asadov"]
    assert all(translit_key(o) != key for o in others)


def test_translit_key_ignores_titles_and_case():
    assert translit_key("H.E. Mr. Rashad Ismayilov") == translit_key("rashad ismayilov")
    assert translit_key("سعادة السيد رشاد إسماعيلوف") == translit_key("Rashad Ismayilov")
    assert translit_key("معالي السيدة صاحبة غافاروفا") == translit_key("Speaker Sahiba Gafarova")
    assert translit_key("") == ""


def test_honorifics_list_has_both_languages():
    for title in ("السيد", "السيدة", "معالي", "سعادة", "فخامة", "الدكتور", "د.", "المهندس",
                  "الشيخ", "حضرة", "صاحب الجلالة", "السفير", "Mr", "Mrs", "Ms", "Dr",
                  "H.E.", "His Excellency", "Her Excellency", "Sheikh", "Eng.", "Prof."):
        assert title in HONORIFICS


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("معالي السيدة صاحبة غافاروفا", "صاحبة غافاروفا"),
        ("معالي السيد أحمد بن سلمان المسلم", "أحمد بن سلمان المسلم"),
        ("المهندس محمد إبراهيم السيسي البوعينين", "محمد إبراهيم السيسي البوعينين"),
        ("حضرة صاحب الجلالة الملك حمد بن عيسى آل خليفة", "حمد بن عيسى آل خليفة"),
        ("فخامة الرئيس إلهام علييف", "إلهام علييف"),
        ("سعادة السيد رشاد إسماعيلوف", "رشاد إسماعيلوف"),
        ("السفير إسماعيلوف", "إسماعيلوف"),
        ("الدكتور سالم بن محمد المالك", "سالم بن محمد المالك"),
        ("د. سالم المالك", "سالم المالك"),
        ("H.E. Mr. Rashad Ismayilov", "Rashad Ismayilov"),
        ("His Excellency Sheikh Khalid", "Khalid"),
        ("Dr. Salem AlMalik", "Salem AlMalik"),
        ("Mrs Sahiba Gafarova MP", "Sahiba Gafarova"),
        ("Eng. Mohammed Al-Buainain", "Mohammed Al-Buainain"),
        ("Prof. Ulviyya Aghayeva", "Ulviyya Aghayeva"),
        ("Farid Hajiyev", "Farid Hajiyev"),
    ],
)
def test_strip_honorifics(raw, expected):
    assert strip_honorifics(raw) == expected


def test_strip_honorifics_keeps_names_that_look_like_titles():
    # صاحبة is Sahiba's first name; only "صاحب(ة) الجلالة/السمو" is a title.
    assert strip_honorifics("صاحبة غفاروفا") == "صاحبة غفاروفا"
    # A bare title is all we know of the name: keep it rather than return "".
    assert strip_honorifics("Sheikh") == "Sheikh"
    assert strip_honorifics("السفير") == "السفير"
    assert strip_honorifics("") == ""


def test_name_key_same_script_and_normalised():
    assert name_key("معالي السيدة صاحبة غافاروفا") == "صاحبه غافاروفا"
    assert name_key("  H.E.  Farid   HAJIYEV ") == "farid hajiyev"
    assert name_key("Al-Buainain") == "al buainain"
    assert name_key("السيد \"فريد حاجييف\"") == "فريد حاجييف"
    assert name_key("فريد حاجييف") != name_key("صابر حاجييف")


def test_name_keys_prefixed_and_complete():
    keys = name_keys("معالي السيدة صاحبة غافاروفا")
    assert keys == {"n:معالي السيده صاحبه غافاروفا", "n:صاحبه غافاروفا", "t:SHBA GFRFA"}
    assert all(k.startswith(("n:", "t:")) for k in keys)
    # Arabic and English registers meet on the t: key only.
    assert name_keys("Sahiba Gafarova") & name_keys("صاحبة غفاروفا") == {"t:SHBA GFRFA"}
    assert not name_keys("Farid Hajiyev") & name_keys("Sabir Hajiyev")
    assert name_keys("") == set()


def test_names_match_same_script_variants():
    assert names_match("Mr. Farid Hajiyev", "farid hajiyev")
    assert names_match("السيد صابر حاجييف", "صابر حاجييف")
    assert not names_match("", "")


def test_every_seed_spelling_of_gafarova_matches_english():
    texts = "\n".join(seed_texts().values())
    if not texts:
        pytest.skip("seed texts not available")
    assert "غافاروفا" in texts and "غفاروفا" in texts and "Gafarova" in texts
    assert names_match("صاحبة غافاروفا", "Sahiba Gafarova")
    assert names_match("صاحبة غفاروفا", "Sahiba Gafarova")


@pytest.mark.parametrize(
    "name",
    ["Gafarova", "Sahiba Gafarova", "Farid Hajiyev", "Sabir Hajiyev", "Rustam Mahmudov",
     "Rashad Ismayilov", "Samaddin Asadov", "Ulviyya Aghayeva", "Mashhur Mammadov",
     "Ilham Aliyev", "Mohammed Ibrahim Al-Sisi Al-Buainain", "Səhibə Qafarova"],
)
def test_latin_to_arabic_suggestion_keeps_the_key(name):
    suggestion = latin_to_arabic(name)
    assert suggestion and all("\u0621" <= c <= "\u064a" or c == " " for c in suggestion)
    assert translit_key(suggestion) == translit_key(name)


def test_latin_to_arabic_spells_like_the_press():
    assert latin_to_arabic("Gafarova") == "غافاروفا"
    assert latin_to_arabic("Hajiyev") == "حاجييف"
    assert latin_to_arabic("Farid Hajiyev") == "فاريد حاجييف"
    assert latin_to_arabic("Mohammed Al-Buainain").startswith("محمد البو")


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("محمد", "Mohammed"),
        ("فريد حاجييف", "Farid Hajiyev"),
        ("رستم محمودوف", "Rustam Mahmudov"),
        ("صاحبة غفاروفا", "Sahiba Ghafarova"),
        ("علييف", "Aliyev"),
        ("عبد الرحمن", "Abdul Rahman"),
        ("حاجييفا", "Hajiyeva"),
    ],
)
def test_arabic_to_latin_readable(arabic, latin):
    assert arabic_to_latin(arabic) == latin
    assert names_match(arabic, latin)


def test_arabic_to_latin_uses_harakat_and_digits():
    assert arabic_to_latin("كَتَبَ") == "Kataba"
    assert arabic_to_latin("كوب ٢٩") == "Kub 29"
    assert arabic_to_latin("") == ""
