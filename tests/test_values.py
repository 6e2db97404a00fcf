"""readouts.languages.values: Russian and Chinese numbers and times as Terms, comparable
by value with the English ones."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.languages.values import numbers, times
from readouts.relations import _agree, _bounds_event, _windows_meet
from readouts.terms import UNDATED_YEAR

REFERENCE = date(2026, 3, 10)  # a Tuesday
INF = math.inf


def read(text: str, lang: str) -> list[tuple[str, float, str, float, float]]:
    found = numbers(text, lang)
    for term in found:
        assert text[term.start : term.end] == term.text
    return [(t.text, t.value, t.unit, t.low, t.high) for t in found]


def one(text: str, lang: str, wanted: str):
    (term,) = [t for t in numbers(text, lang) if t.text == wanted]
    return term


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Госдума одобрила выделение 40 миллионов евро на проект, сообщает ТАСС.",
            [("40 миллионов евро", 4e7, "money:eur", 4e7, 4e7)],
        ),
        (
            "Бюджет программы составит 3,5 млрд рублей, а заем — $2 млн.",
            [
                ("3,5 млрд рублей", 3.5e9, "money:rub", 3.5e9, 3.5e9),
                ("$2 млн", 2e6, "money:usd", 2e6, 2e6),
            ],
        ),
        (
            "В учениях примут участие около 40 кораблей и более 30 самолетов.",
            [
                ("40", 40, "корабль", 36, 44),
                ("30", 30, "самолёт", 30, INF),
            ],
        ),
        (
            "По данным ведомства, почти 40 процентов опрошенных поддержали решение.",
            [("40 процентов", 40, "percent", 36, 40)],
        ),
        (
            "Инфляция составила 7,4% в годовом выражении.",
            [("7,4%", 7.4, "percent", 7.4, 7.4)],
        ),
        (
            "В результате обстрела погибли двенадцать человек, ещё двадцать пять получили ранения.",
            [("двенадцать", 12, "человек", 12, 12), ("двадцать пять", 25, "count", 25, 25)],
        ),
        (
            "Помощь получат не менее 1 400 000 жителей региона.",
            [("1 400 000", 1.4e6, "житель", 1.4e6, INF)],
        ),
        (
            "Выплаты получат от 2 до 3 тысяч семей.",
            [("2", 2000, "семья", 2000, 2000), ("3 тысяч", 3000, "семья", 3000, 3000)],
        ),
        (
            "Эвакуированы 2-3 млн человек.",
            [("2", 2e6, "человек", 2e6, 2e6), ("3 млн", 3e6, "человек", 3e6, 3e6)],
        ),
        (
            "На заседание пришли свыше 100 депутатов, в зале — до 40 журналистов.",
            [("100", 100, "депутат", 100, INF), ("40", 40, "журналист", 0, 40)],
        ),
        (
            "Выделено полтора миллиона рублей и порядка двухсот тысяч долларов США.",
            [
                ("полтора миллиона рублей", 1.5e6, "money:rub", 1.5e6, 1.5e6),
                ("двухсот тысяч долларов США", 2e5, "money:usd", 1.8e5, 2.2e5),
            ],
        ),
        (
            "В районе учений находятся 12 боевых кораблей.",
            [("12", 12, "корабль", 12, 12)],
        ),
        (
            "Резолюция 2817 принята 13 голосами.",
            [("2817", 2817, "резолюция no.", 2817, 2817), ("13", 13, "голос", 13, 13)],
        ),
        ("В 2026–2027 годах планируется построить 3 новых завода.", [("3", 3, "завод", 3, 3)]),
        ("Это произошло в 5-й раз, № 7.", []),
    ],
)
def test_russian_numbers(text, expected):
    got = read(text, "ru")
    assert len(got) == len(expected), got
    for (g_text, g_value, g_unit, g_low, g_high), (text_, value, unit, low, high) in zip(
        got, expected
    ):
        assert (g_text, g_unit) == (text_, unit)
        assert g_value == pytest.approx(value)
        assert g_low == pytest.approx(low)
        assert g_high == pytest.approx(high)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "新华社布鲁塞尔3月14日电 欧盟宣布将提供约1400万欧元人道主义援助。",
            [("1400万欧元", 1.4e7, "money:eur", 1.26e7, 1.54e7)],
        ),
        (
            "中方将向该国提供5亿美元贷款，另有一千四百万元人民币无偿援助。",
            [
                ("5亿美元", 5e8, "money:usd", 5e8, 5e8),
                ("一千四百万元人民币", 1.4e7, "money:cny", 1.4e7, 1.4e7),
            ],
        ),
        (
            "演习期间，12艘舰船和三名记者抵达现场。",
            [("12", 12, "舰船", 12, 12), ("三", 3, "记者", 3, 3)],
        ),
        (
            "今年以来出口增长百分之四十，进口增长15.5%。",
            [("百分之四十", 40, "percent", 40, 40), ("15.5%", 15.5, "percent", 15.5, 15.5)],
        ),
        (
            "会议吸引了超过30个国家的30多名代表，逾200人出席。",
            [
                ("30", 30, "国家", 30, INF),
                ("30多", 30, "代表", 30, 40),
                ("200", 200, "人", 200, INF),
            ],
        ),
        (
            "至少两千名士兵参加，近40名记者随行。",
            [("两千", 2000, "士兵", 2000, INF), ("40", 40, "记者", 36, 40)],
        ),
        (
            "预计将派出二至三艘护卫舰。",
            [("二", 2, "护卫舰", 2, 2), ("三", 3, "护卫舰", 3, 3)],
        ),
        ("双方十分重视，一些国家统一了立场，万一失败，千万不要放弃。", []),
        ("这是第三次会谈。", []),
        ("（记者张三）一带一路倡议提出十周年之际", []),
    ],
)
def test_chinese_numbers(text, expected):
    got = read(text, "zh")
    assert len(got) == len(expected), got
    for (g_text, g_value, g_unit, g_low, g_high), (text_, value, unit, low, high) in zip(
        got, expected
    ):
        assert (g_text, g_unit) == (text_, unit)
        assert g_value == pytest.approx(value)
        assert g_low == pytest.approx(low)
        assert g_high == pytest.approx(high)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Закон вступил в силу в 2024 году.", "ru"),
        ("Встреча состоится 14 марта 2026 года.", "ru"),
        ("Соглашение подписано 03.04.2025.", "ru"),
        ("该法于2024年生效。", "zh"),
        ("会谈于2026年3月14日举行，3月15日结束。", "zh"),
        ("二〇二六年三月十四日", "zh"),
    ],
)
def test_years_and_dates_are_no_numbers(text, lang):
    assert numbers(text, lang) == []
    assert times(text, lang, REFERENCE)


def test_offsets_are_into_the_whole_text():
    text = "Преамбула. Выделено 40 миллионов евро. Конец."
    start = text.index("Выделено")
    end = text.index(" Конец")
    (term,) = numbers(text, "ru", start, end)
    assert (term.start, term.end) == (text.index("40"), text.index(". Конец"))
    assert numbers(text, "ru", end) == []
    zh = "前言。提供约1400万欧元。结束。"
    (term,) = numbers(zh, "zh", zh.index("提供"))
    assert zh[term.start : term.end] == "1400万欧元"


def test_time_offsets_are_into_the_whole_text():
    text = "Вступление. Закон вступит в силу к 2030 году. Конец."
    (term,) = times(text, "ru", REFERENCE, text.index("Закон"), text.index(" Конец"))
    assert text[term.start : term.end] == "2030 году"
    (a, b, cue), = term.time.cues
    assert text[a:b] == cue == "к"
    assert times(text, "ru", REFERENCE, 0, text.index("Закон")) == []


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported"):
        numbers("40 million", "en")
    with pytest.raises(ValueError, match="unsupported"):
        times("next year", "de", None)


# --- across languages -------------------------------------------------------------------


def english_numbers(nlp, text):
    from readouts.claims import extract_claims

    claims = extract_claims("E", nlp(text))
    return [t for claim in claims for t in claim.terms if t.kind == "number"]


def english_times(nlp, text):
    from readouts.claims import extract_claims

    claims = extract_claims("E", nlp(text))
    return [t for claim in claims for t in claim.terms if t.kind == "time"]


def test_the_same_amount_in_three_languages_agrees(nlp):
    # "€40 million": the small English model tags "40 million euros" as a CARDINAL of
    # "euro", not as MONEY (an English-side limit, readouts.claims._unit).
    (english,) = english_numbers(nlp, "The EU will provide €40 million in aid.")
    russian = one("ЕС выделит 40 миллионов евро на помощь.", "ru", "40 миллионов евро")
    chinese = one("欧盟将提供4000万欧元援助。", "zh", "4000万欧元")
    assert english.unit == russian.unit == chinese.unit == "money:eur"
    assert english.key == russian.key == chinese.key
    for a, b in ((english, russian), (english, chinese), (russian, chinese)):
        assert _agree(a, b)
    other = one("ЕС выделит 14 миллионов евро.", "ru", "14 миллионов евро")
    assert other.unit == english.unit and not _agree(english, other)


def test_shares_and_qualifiers_agree_across_languages(nlp):
    (english,) = english_numbers(nlp, "Nearly 40 percent of voters backed the plan.")
    russian = one("Почти 40 процентов избирателей поддержали план.", "ru", "40 процентов")
    chinese = one("近百分之四十的选民支持该计划。", "zh", "百分之四十")
    assert english.unit == russian.unit == chinese.unit == "percent"
    assert _agree(english, russian) and _agree(russian, chinese) and _agree(english, chinese)
    more = one("Более 30 процентов выступили против.", "ru", "30 процентов")
    fewer = one("不到百分之二十的人反对。", "zh", "百分之二十")
    assert (more.low, more.high) == (30, INF) and (fewer.low, fewer.high) == (0, 20)
    assert not _agree(more, fewer)
    assert _agree(more, russian)


def test_counts_compare_within_a_language():
    many = one("В учениях участвуют около 40 кораблей.", "ru", "40")
    few = one("В учениях участвуют 12 кораблей.", "ru", "12")
    close = one("В учениях участвуют 38 кораблей.", "ru", "38")
    assert many.unit == few.unit == close.unit == "корабль"
    assert not _agree(many, few) and _agree(many, close)
    ships = one("共有12艘舰船参加。", "zh", "12")
    assert ships.unit == "舰船" and _agree(ships, few)


# --- times ------------------------------------------------------------------------------


def window(term):
    value = term.time
    return (value.start, value.end, value.granularity, value.earliest, value.latest, value.modifier)


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        (
            "Госдума рассмотрит законопроект 14 марта 2026 года, сообщает ТАСС.",
            "14 марта 2026 года",
            ("2026-03-14", "2026-03-14", "day", "2026-03-14", "2026-03-14", ""),
        ),
        (
            "В марте депутаты вернутся к обсуждению.",
            "марте",
            ("2026-03-01", "2026-03-31", "month", "2026-03-01", "2026-03-31", "in"),
        ),
        (
            "Закон вступит в силу в следующем году.",
            "следующем году",
            ("2027-01-01", "2027-12-31", "year", "2027-01-01", "2027-12-31", "in"),
        ),
        (
            "Соглашение будет подписано до конца года.",
            "конца года",
            ("2026-09-02", "2026-12-31", "month", None, "2026-12-31", "before"),
        ),
        (
            "Строительство начнется не раньше 2027 года.",
            "2027 года",
            ("2027-01-01", "2027-12-31", "year", "2027-01-01", None, "not before"),
        ),
        (
            "Строительство не начнется до 2027 года.",
            "2027 года",
            ("2027-01-01", "2027-12-31", "year", "2027-01-01", None, "not before"),
        ),
        (
            "Переговоры пройдут в понедельник.",
            "понедельник",
            ("2026-03-16", "2026-03-16", "day", "2026-03-16", "2026-03-16", "on"),
        ),
        (
            "Договор будет ратифицирован к 2030 году.",
            "2030 году",
            ("2030-01-01", "2030-12-31", "year", None, "2030-12-31", "by"),
        ),
        (
            "Решение примут не позднее 1 июня.",
            "1 июня",
            ("2026-06-01", "2026-06-01", "day", None, "2026-06-01", "no later than"),
        ),
        (
            "Визит состоится на следующей неделе.",
            "следующей неделе",
            ("2026-03-16", "2026-03-22", "week", "2026-03-16", "2026-03-22", "on"),
        ),
        (
            "Работы завершат в первой половине 2027 года.",
            "первой половине 2027 года",
            ("2027-01-01", "2027-07-01", "month", "2027-01-01", "2027-07-01", "in"),
        ),
    ],
)
def test_russian_times(text, span, expected):
    (term,) = times(text, "ru", REFERENCE)
    assert term.text == span == text[term.start : term.end]
    assert window(term) == expected
    assert term.key == term.time.key and term.label == "DATE"


@pytest.mark.parametrize(
    ("text", "span", "expected"),
    [
        (
            "新华社北京2026年3月14日电 两国元首举行会谈。",
            "2026年3月14日",
            ("2026-03-14", "2026-03-14", "day", "2026-03-14", "2026-03-14", ""),
        ),
        (
            "双方将于3月14日举行会谈。",
            "3月14日",
            ("2026-03-14", "2026-03-14", "day", "2026-03-14", "2026-03-14", "on"),
        ),
        (
            "双方明年将签署协议。",
            "明年",
            ("2027-01-01", "2027-12-31", "year", "2027-01-01", "2027-12-31", ""),
        ),
        (
            "会议下个月召开。",
            "下个月",
            ("2026-04-01", "2026-04-30", "month", "2026-04-01", "2026-04-30", ""),
        ),
        (
            "该项目本月底前完成。",
            "本月底",
            ("2026-03-22", "2026-03-31", "day", None, "2026-03-31", "before"),
        ),
        (
            "工程2027年以前不会开始。",
            "2027年",
            ("2027-01-01", "2027-12-31", "year", "2027-01-01", None, "not before"),
        ),
        (
            "会谈定于星期一举行。",  # scheduled: the coming Monday
            "星期一",
            ("2026-03-16", "2026-03-16", "day", "2026-03-16", "2026-03-16", "on"),
        ),
        (
            "代表团周一已经抵达北京。",  # arrived: the Monday gone by
            "周一",
            ("2026-03-09", "2026-03-09", "day", "2026-03-09", "2026-03-09", ""),
        ),
        (
            "代表团下周三抵达。",
            "下周三",
            ("2026-03-18", "2026-03-18", "day", "2026-03-18", "2026-03-18", ""),
        ),
        (
            "条约最迟2030年生效。",
            "2030年",
            ("2030-01-01", "2030-12-31", "year", None, "2030-12-31", "no later than"),
        ),
        (
            "二〇二六年三月十四日，双方签署协议。",
            "二〇二六年三月十四日",
            ("2026-03-14", "2026-03-14", "day", "2026-03-14", "2026-03-14", ""),
        ),
        (
            "国家主席习近平14日下午同普京通电话。",
            "14日",
            ("2026-03-14", "2026-03-14", "day", "2026-03-14", "2026-03-14", ""),
        ),
        (
            "工程将于明年3月完工。",
            "明年3月",
            ("2027-03-01", "2027-03-31", "month", "2027-03-01", "2027-03-31", "in"),
        ),
    ],
)
def test_chinese_times(text, span, expected):
    (term,) = times(text, "zh", REFERENCE)
    assert term.text == span == text[term.start : term.end]
    assert window(term) == expected


def test_cue_offsets_are_the_words_that_set_the_window():
    text = "Строительство начнется не раньше 2027 года."
    (term,) = times(text, "ru", REFERENCE)
    assert [(text[a:b], words) for a, b, words in term.time.cues] == [
        ("не", "не"),
        ("раньше", "раньше"),
    ]
    zh = "工程2027年以前不会开始。"
    (term,) = times(zh, "zh", REFERENCE)
    assert [zh[a:b] for a, b, _ in term.time.cues] == ["以前", "不会"]


def test_without_a_reference_values_are_relative():
    (term,) = times("Закон вступит в силу в следующем году.", "ru", None)
    assert term.time.relative and term.key.startswith("@~")
    assert term.time.start == f"{UNDATED_YEAR + 1}-01-01"
    assert term.to_dict()["time"]["start"] == "Y+1-01-01"
    (zh,) = times("双方明年将签署协议。", "zh", None)
    assert zh.key == term.key  # one undated "next year" in both languages
    (absolute,) = times("Закон вступит в силу в 2027 году.", "ru", None)
    assert not absolute.time.relative
    (weekday,) = times("Переговоры пройдут в понедельник.", "ru", None)
    assert weekday.time.granularity == "weekday"
    (yesterday,) = times("Вчера министр заявил об этом.", "ru", None)
    assert yesterday.time.guessed


def test_a_month_without_its_year_follows_the_tense():
    december = date(2026, 12, 1)
    (future,) = times("Депутаты встретятся в марте.", "ru", december)
    (past,) = times("Депутаты встретились в марте.", "ru", december)
    assert future.time.start == "2027-03-01" and past.time.start == "2026-03-01"
    (zh_future,) = times("双方将于3月会谈。", "zh", december)
    assert zh_future.time.start == "2027-03-01"


def test_time_windows_conflict_as_english_ones_do(nlp):
    def only(text, lang):
        (term,) = times(text, lang, REFERENCE)
        assert _bounds_event(term)
        return term

    not_before = only("Строительство начнется не раньше 2027 года.", "ru")
    zh_not_before = only("工程2027年以前不会开始。", "zh")
    in_march = only("Строительство начнется в марте.", "ru")
    by_year_end = only("Соглашение будет подписано до конца года.", "ru")
    next_year = only("双方明年将签署协议。", "zh")
    by_2030 = only("Договор будет ратифицирован к 2030 году.", "ru")
    in_2028 = only("条约将于2028年生效。", "zh")
    assert _windows_meet(not_before, zh_not_before)
    assert not _windows_meet(not_before, in_march)
    assert not _windows_meet(by_year_end, next_year)
    assert _windows_meet(by_2030, in_2028)
    assert not _windows_meet(by_2030, only("工程2031年以前不会开始。", "zh"))
    (english,) = english_times(nlp, "The treaty will be ratified by 2030.")
    assert (english.time.earliest, english.time.latest) == (
        by_2030.time.earliest,
        by_2030.time.latest,
    )
    assert english.time.modifier == by_2030.time.modifier == "by"


def test_environment_is_no_wednesday():
    assert times("Охрана окружающей среды важна.", "ru", REFERENCE) == []
    (term,) = times("Встреча пройдет в среду.", "ru", REFERENCE)
    assert term.text == "среду" and term.time.start == "2026-03-11"


# --- any text ---------------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГД")
    + list("一二三四五六七八九十百千万亿两零〇年月日周星期前后以不约近多余个名艘元美欧人民币")
    + list("0123456789０１２ ,.-–%$€№:;()\n\u00a0")
    + ["миллионов", "евро", "около", "до", "года", "марта", "в", "не раньше", "百分之"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(_ALPHABET, max_size=60).map("".join),
    st.sampled_from(["ru", "zh"]),
    st.integers(-5, 80),
    st.one_of(st.none(), st.integers(-5, 80)),
    st.sampled_from([REFERENCE, None, date(1, 1, 5), date(9999, 12, 30)]),
)
def test_any_text_gives_exact_spans(text, lang, start, end, reference):
    lo = min(max(start, 0), len(text))
    hi = len(text) if end is None else min(max(end, 0), len(text))
    for term in [*numbers(text, lang, start, end), *times(text, lang, reference, start, end)]:
        assert term.text == text[term.start : term.end]
        assert lo <= term.start < term.end <= hi
        if term.kind == "number":
            assert term.low <= term.value <= term.high or term.value < 0
            assert term.key == f"#{term.unit}:{term.value:g}"
        else:
            assert term.time is not None and term.key == term.time.key


def test_long_input_finishes():
    ru = "Госдума выделит около 40 миллионов евро до конца года, сообщает ТАСС 14 марта 2026 года. "
    zh = "据新华社报道，欧盟将于下个月提供约1400万欧元援助，12艘舰船3月14日抵达。"
    for lang, unit, per_unit in (("ru", ru, (1, 2)), ("zh", zh, (2, 2))):
        count = 200_000 // len(unit)
        text = unit * count
        assert len(numbers(text, lang)) == per_unit[0] * count
        assert len(times(text, lang, REFERENCE)) == per_unit[1] * count


def test_importing_loads_no_analyser():
    import subprocess
    import sys

    heavy = ("pymorphy3", "jieba", "cn2an", "dateparser", "number_parser", "spacy")
    code = (
        "import sys, readouts.languages.values; "
        f"print([name for name in {heavy!r} if name in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert result.stderr == ""


def test_jieba_loads_quietly():
    import subprocess
    import sys

    code = (
        "from readouts.languages.values import numbers; "
        "print(numbers('三名记者抵达。', 'zh')[0].unit)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "记者"
    assert result.stderr == ""
