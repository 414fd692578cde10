import re

import pytest

from majlis.text import (
    STOPWORDS_AR,
    STOPWORDS_EN,
    Query,
    Token,
    analyze,
    analyze_query,
    stem_arabic,
    stem_english,
    tokenize,
)

from ._seeds import seed_texts

SAFE_TERM = re.compile(r"^[^\W_]+$")

# Real sentences from the seeds (kept inline so the tests do not depend on files).
SEED_AR = (
    "باكو في 07 سبتمبر / بنا / في إطار برنامج زيارته الرسمية إلى جمهورية أذربيجان، "
    "التقى المهندس محمد إبراهيم السيسي البوعينين الأمين العام لمجلس النواب، "
    "بالسيد رستم محمودوف نائب رئيس ديوان الجمعية الوطنية الأذربيجانية \"ميلي مجلس\""
)
SEED_EN = (
    "Farid Hajiyev, Chief of Staff of Azerbaijan’s Parliament, met with Bahrain’s "
    "Secretary-General of the Council of Representatives, Mohammed Ibrahim Al-Sisi Al-Buainain"
)
SEED_MIXED = "شهادة الأيزو (ISO 14001:2015) في نظام الإدارة البيئية"


# ---------------------------------------------------------------- stemming


def test_majlis_forms_share_a_stem():
    forms = ["المجلس", "بالمجلس", "لمجلس", "مجلس", "والمجلس", "ومجلس", "فالمجلس", "للمجلس"]
    assert {stem_arabic(f) for f in forms} == {"مجلس"}


def test_committee_forms_share_a_stem():
    # للجنة is ل + اللجنة: the root's own lam must survive.
    forms = ["اللجنة", "للجنة", "واللجنة", "لجنة", "باللجنة", "ولجنة", "لجنه"]
    assert len({stem_arabic(f) for f in forms}) == 1, {f: stem_arabic(f) for f in forms}
    assert stem_arabic("للنواب") == stem_arabic("لنواب") == stem_arabic("النواب")
    assert stem_arabic("للمجلس") == "مجلس"


def test_broken_plural_forms_agree():
    assert stem_arabic("والمجالس") == stem_arabic("المجالس") == stem_arabic("بالمجالس")


def test_nuwwab_forms_share_a_stem():
    assert stem_arabic("النواب") == stem_arabic("للنواب") == stem_arabic("والنواب") == "نواب"


@pytest.mark.parametrize(
    "group",
    [
        ["البرلمان", "برلمان", "البرلماني", "البرلمانية", "والبرلمان", "للبرلمان"],
        ["الانتخابات", "انتخابات", "والانتخابات"],
        ["الجمهورية", "جمهورية", "لجمهورية", "بجمهورية"],
        ["أكد", "وأكد", "اكد"],
        ["الوزارة", "وزارة", "والوزارة"],
        ["التشريعية", "والتشريعية", "التشريعي"],
        ["مجلسهم", "مجلسنا", "مجلسها", "مجلس"],
    ],
)
def test_clitics_and_suffixes_fold(group):
    assert len({stem_arabic(w) for w in group}) == 1, {w: stem_arabic(w) for w in group}


@pytest.mark.parametrize("word", ["كتب", "بلد", "لجنة", "بين", "علم", "الله", "من", "في"])
def test_short_words_are_not_destroyed(word):
    stem = stem_arabic(word)
    assert len(stem) >= min(3, len(word))
    # a 3-letter word is never shortened
    if len(word) <= 3:
        assert stem == word


def test_stem_arabic_keeps_three_letters_and_differs_for_different_roots():
    assert stem_arabic("كتاب") == "كتاب"
    assert stem_arabic("بلاد") == "بلاد"
    assert stem_arabic("مجلس") != stem_arabic("مكتب")
    assert stem_arabic("النواب") != stem_arabic("الوزراء")
    for w in ["والمجالس", "بالبرلمان", "فالانتخابات", "وبالمجلس", "للنواب"]:
        assert len(stem_arabic(w)) >= 3


def test_stem_arabic_normalises_input():
    assert stem_arabic("المَجْلِسُ") == stem_arabic("المجلس")
    assert stem_arabic("الأمانة") == stem_arabic("الامانه")


def test_stem_english_snowball():
    pytest.importorskip("snowballstemmer")
    assert stem_english("parliaments") == stem_english("parliament") == "parliament"
    assert stem_english("cooperation") == stem_english("cooperating") == "cooper"
    assert stem_english("Relations") == "relat"
    assert stem_english("meeting") != stem_english("metal")


# ---------------------------------------------------------------- tokenizer


def test_tokenize_offsets_point_into_original_text():
    text = "التقى المهندسُ «محمد»، بالسيد\u200f رستم — met Farid Hajiyev’s team."
    toks = tokenize(text)
    assert all(isinstance(t, Token) for t in toks)
    for t in toks:
        assert text[t.start : t.end] == t.text
    assert [t.norm for t in toks] == [
        "التقي", "المهندس", "محمد", "بالسيد", "رستم", "met", "farid", "hajiyevs", "team",
    ]
    # diacritic stays in the surface form for highlighting
    assert toks[1].text == "المهندسُ"


def test_tokenize_splits_numbers_and_mixed_scripts():
    toks = tokenize(SEED_MIXED)
    assert [t.norm for t in toks] == [
        "شهاده", "الايزو", "iso", "14001", "2015", "في", "نظام", "الاداره", "البيييه",
    ]
    assert [t.norm for t in tokenize("عام ٢٠٢٤ و2026")] == ["عام", "2024", "و", "2026"]
    assert [t.norm for t in tokenize("ISO14001")] == ["iso14001"]


def test_tokenize_invisible_controls_do_not_split_words():
    toks = tokenize("مج\u200cلس par\u200eliament")
    assert [t.norm for t in toks] == ["مجلس", "parliament"]
    assert toks[0].text == "مج\u200cلس"


def test_tokenize_edge_cases():
    assert tokenize("") == []
    assert tokenize("   ،،، ؟!! ... \u200f\u200e ") == []
    assert [t.text for t in tokenize("co-operation")] == ["co", "operation"]
    assert [t.norm for t in tokenize("Café")] == ["cafe"]
    assert [t.norm for t in tokenize("Cafe\u0301 x")] == ["cafe", "x"]  # decomposed accent


# ---------------------------------------------------------------- analyze


def test_analyze_arabic_seed_sentence():
    terms = analyze(SEED_AR)
    assert "في" not in terms and "الى" not in terms  # stopwords
    assert "مجلس" in terms  # لمجلس and مجلس
    assert "نواب" in terms
    assert "07" in terms
    assert stem_arabic("البوعينين") in terms
    assert all(SAFE_TERM.match(t) for t in terms)


def test_analyze_english_seed_sentence():
    terms = analyze(SEED_EN)
    assert "of" not in terms and "the" not in terms and "with" not in terms
    assert "parliament" in terms and "azerbaijan" in terms and "bahrain" in terms
    assert "repres" in terms  # Representatives, stemmed
    assert all(SAFE_TERM.match(t) for t in terms)


def test_analyze_is_the_same_at_index_and_query_time():
    doc = analyze("وأشاد الأمين العام لمجلس النواب بالتجربة البرلمانية")
    for query in ["المجلس", "مجلس", "بالمجلس", "النواب", "البرلمان", "تجربة"]:
        assert set(analyze(query)) <= set(doc), query


def test_analyze_mixed_and_language_hint():
    assert analyze(SEED_MIXED) == [
        stem_arabic("شهادة"), stem_arabic("الأيزو"), "iso", "14001", "2015",
        stem_arabic("نظام"), stem_arabic("الإدارة"), stem_arabic("البيئية"),
    ]
    # Azerbaijani text is not run through the English stemmer.
    assert analyze("Parlamentlərarası əlaqələr", lang="az") == ["parlamentlerarasi", "elaqeler"]
    assert analyze("parliaments", lang="en") == analyze("parliaments") == ["parliament"]


def test_analyze_terms_are_safe_for_fts_on_hostile_input():
    text = 'a" OR b* NEAR(c d) -x +y ^z col:w \'q\' ﷺ ½ ² _under_ ؟؛،'
    terms = analyze(text)
    assert all(SAFE_TERM.match(t) for t in terms), terms
    assert analyze("") == []


def test_analyze_every_seed_document():
    seeds = seed_texts()
    if not seeds:
        pytest.skip("seed texts not available")
    for name, text in seeds.items():
        terms = analyze(text)
        assert len(terms) > 100, name
        assert all(SAFE_TERM.match(t) for t in terms), name
        common = {"في", "من", "علي", "الي", "عن", "كذلك", "خلال", "the", "of", "and", "in"}
        assert not set(terms) & common, name
    arabic = "\n".join(t for n, t in seeds.items() if not n.startswith("002"))
    terms = analyze(arabic)
    assert terms.count("مجلس") >= 5  # لمجلس / مجلس / المجلس all counted together
    assert "نواب" in terms


def test_stopwords_behind_conjunctions_are_dropped():
    assert analyze("وكذلك وخلال وفي خلاله عليها") == []
    # ...but a content word whose stem looks like a stopword survives
    assert analyze("البنية التحتية") == [stem_arabic("البنية"), stem_arabic("التحتية")]


def test_analyze_agrees_with_tokenize_word_by_word():
    # analyze() has its own fast path; it must give what tokenizing and
    # analysing each surface word gives, or highlights would not line up.
    texts = [SEED_AR, SEED_EN, SEED_MIXED, *seed_texts().values()]
    for text in texts:
        assert analyze(text) == [t for tok in tokenize(text) for t in analyze(tok.text)]


def test_stopword_sets_are_normalised_frozensets():
    assert isinstance(STOPWORDS_AR, frozenset) and isinstance(STOPWORDS_EN, frozenset)
    assert "الي" in STOPWORDS_AR  # stored in normalised form (إلى → الي)
    assert "the" in STOPWORDS_EN
    assert "مجلس" not in STOPWORDS_AR and "parliament" not in STOPWORDS_EN


# ---------------------------------------------------------------- query parser


def test_analyze_query_terms_phrases_prefixes():
    q = analyze_query('"مجلس النواب" parliament* برلمان* the Council')
    assert q == Query(
        terms=[stem_english("council")],
        phrases=[["مجلس", "نواب"]],
        prefixes=["parliament", stem_arabic("برلمان")],
    )


def test_analyze_query_prefix_cut_to_the_stem():
    q = analyze_query("parliamentary*")
    assert stem_english("parliamentary").startswith(q.prefixes[0])
    assert "parliamentary".startswith(q.prefixes[0])
    q = analyze_query("والبرلمان*")
    assert q.prefixes == [stem_arabic("البرلمان")]


def test_analyze_query_unbalanced_quotes_and_operators_are_text():
    q = analyze_query('"Farid Hajiyev" "unbalanced phrase')
    assert q.phrases == [["farid", "hajiyev"]]
    assert q.terms == ["unbalanc", "phrase"]
    q = analyze_query("Hajiyev OR NOT (Gafarova) AND -Mahmudov")
    assert q.terms == ["hajiyev", "gafarova", "mahmudov"]
    assert q.phrases == [] and q.prefixes == []


def test_analyze_query_arabic_and_curly_quotes():
    q = analyze_query("«الذكاء الاصطناعي» “green parliament” \"مجلس\"")
    assert q.phrases == [analyze("الذكاء الاصطناعي"), ["green", "parliament"]]
    assert q.terms == ["مجلس"]  # one-word phrase becomes a term


@pytest.mark.parametrize(
    "text",
    ["", '"', '""', '" "', "*", "**", "***a", "\u202e\u200f", 'x"y"z"', "NEAR/3", "a:b", "\x00\x1f", "ـ"],
)
def test_analyze_query_degenerate_inputs(text):
    q = analyze_query(text)
    assert isinstance(q, Query)
    for t in q.terms + q.prefixes + [t for p in q.phrases for t in p]:
        assert SAFE_TERM.match(t)


def test_analyze_query_never_raises_property():
    hypothesis = pytest.importorskip("hypothesis")
    st = hypothesis.strategies

    alphabet = st.one_of(
        st.characters(),
        st.sampled_from(list('"*()-+:^«»“” \u200f\u202e\u2066ـًّ،؟') + list("مجلسالنواب") + list("aeiou")),
    )

    @hypothesis.settings(max_examples=300, deadline=None, database=None)
    @hypothesis.given(st.text(alphabet=alphabet, max_size=60))
    def check(text):
        q = analyze_query(text)
        for t in q.terms + q.prefixes + [t for p in q.phrases for t in p]:
            assert SAFE_TERM.match(t), (text, t)
        for p in q.phrases:
            assert len(p) >= 2

    check()


# ---------------------------------------------------------------- stemmer refinements (search, issue 5)


@pytest.mark.parametrize(
    "group",
    [
        ["البشرية", "بشري", "بشرية", "والبشرية"],  # a root's own ب is not a preposition
        ["خبرتها", "خبرة", "الخبرات", "وخبراتهم"],  # ta marbuta written ت before a pronoun
        ["بزيارته", "الزيارة", "زيارة", "زيارات"],
        ["حكومتنا", "الحكومة", "حكومات"],
        ["اللجان", "لجنة", "للجنة", "باللجان"],  # broken plurals of the table
        ["المجالس", "المجلس", "بالمجالس"],
        ["الموارد", "مورد"],
    ],
)
def test_more_forms_fold(group):
    assert len({stem_arabic(w) for w in group}) == 1, {w: stem_arabic(w) for w in group}


def test_stems_that_must_stay_apart():
    assert stem_arabic("بيان") == stem_arabic("ببيان") == stem_arabic("والبيان") == "بيان"
    assert stem_arabic("بيت") != stem_arabic("بيان")
    assert stem_arabic("صوتها") == stem_arabic("صوت")
    assert stem_arabic("كتب") == "كتب"  # three letters: never mapped


def test_arabic_prefix_inside_a_suffix():
    assert analyze_query("البرلما*").prefixes == [stem_arabic("البرلمان")]
    assert analyze_query("legislat*").prefixes[0] in stem_english("legislative")


def test_lam_lam_before_a_word_ending_like_a_suffix():
    assert stem_arabic("للتعاون") == stem_arabic("التعاون") == stem_arabic("لتعاون") == stem_arabic("تعاون")
    assert analyze_query("للتعاون").terms == analyze("التعاون")
