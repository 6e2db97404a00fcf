"""Languages: detection, the registry, Russian and Chinese claims with exact spans."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import readouts
from readouts import Document, InputError
from readouts.languages import LANGUAGES, detect, language_of, ru, zh
from readouts.pipeline import split

RUSSIAN = (
    "Павел Воронин провёл переговоры с Ли Вэньцином в Пекине\n"
    "ПЕКИН, 18 ноября. /ТАСС/. Председатель Государственной Думы Павел Воронин провёл "
    "переговоры с Ли Вэньцином.\n"
    "Павел Воронин отметил, что отношения двух стран переживают лучший период в истории.\n"
    "По словам Ли Вэньцина, Китай понимает и поддерживает Россию.\n"
    "«Мы полностью понимаем необходимость этих мер», — заявил Ли Вэньцин.\n"
    "По данным ТАСС, стороны не подписали соглашение о форуме.\n"
)
CHINESE = (
    "李文清同沃罗宁举行会谈\n"
    "新华社北京11月18日电（记者王晨）全国人大常委会委员长李文清18日在人民大会堂同俄罗斯国家杜马主席沃罗宁举行会谈。\n"
    "李文清表示，中俄关系持续深入发展。中方愿同俄方加强交往。\n"
    "据新华社报道，双方没有签署论坛协议。\n"
    "外交部发言人林慧指出：“中方坚决反对单边制裁。”\n"
)


def test_the_registry_names_three_languages():
    assert set(LANGUAGES) == {"en", "ru", "zh"}
    assert all(language.name for language in LANGUAGES.values())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (RUSSIAN, "ru"),
        (CHINESE, "zh"),
        ("The two ministers met in Geneva on Monday and agreed to meet again.", "en"),
        ("2024", "en"),
        ("---", "en"),
        ("沃罗宁表示", "zh"),
        ("Министр заявил", "ru"),
        ("Le ministre a déclaré que la France soutient cette initiative diplomatique.", "fr"),
    ],
)
def test_detect(text, code):
    assert detect(text) == code


def test_an_unsupported_language_is_one_line_naming_the_document():
    with pytest.raises(InputError) as caught:
        language_of("Le ministre a déclaré que la France soutient cette initiative.", None, "a.txt")
    message = str(caught.value)
    assert message.startswith("a.txt: ") and "'fr'" in message and "\n" not in message
    assert "--lang" in message


def test_a_given_language_wins_and_a_wrong_code_is_refused():
    assert language_of("Le ministre a déclaré cela hier soir.", "en", "a.txt") == "en"
    with pytest.raises(InputError, match="language 'fr' is not supported"):
        Document("Le ministre a déclaré.", label="Le Monde", lang="fr")
    assert Document("Министр заявил.", lang="RU").lang == "ru"


def claims_of(module, text: str, doc_id: str = "A"):
    return module.extract_claims(doc_id, Document(text, date="2026-11-18"))


def assert_exact(claims, text: str) -> None:
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        spans = [claim.source, claim.cue, *claim.content, *claim.repeats]
        spans += [marker.span for marker in claim.markers]
        for span in spans:
            if span is not None:
                assert text[span.start : span.end] == span.text
        for term in claim.terms:
            assert text[term.start : term.end] == term.text


def test_russian_claims_speakers_and_spans():
    claims = claims_of(ru, RUSSIAN)
    assert_exact(claims, RUSSIAN)
    assert claims[0].title and claims[0].text.startswith("Павел Воронин провёл")
    # The TASS dateline is no part of the claim.
    assert claims[1].text.startswith("Председатель Государственной Думы")
    noted, according = claims[2], claims[3]
    assert noted.speaker == "Павел Воронин"
    assert noted.cue.text == "отметил"
    assert noted.content[0].text.startswith("отношения двух стран")
    assert according.speaker == "Ли Вэньцин"  # the nominative of "Ли Вэньцина"
    assert according.cue.text == "По словам"
    quoted = next(claim for claim in claims if claim.text.startswith("«"))
    assert quoted.speaker == "Ли Вэньцин" and quoted.cue.text == "заявил"
    assert quoted.content[0].text == "Мы полностью понимаем необходимость этих мер"
    assert [marker.lemma for marker in quoted.markers_of("strong")] == ["полностью"]
    channel = claims[-1]
    assert channel.via == ("ТАСС",)
    assert [(m.span.text, m.lemma) for m in channel.markers_of("negation")] == [("не", "подписать")]
    assert all(claim.lang == "ru" for claim in claims)


def test_chinese_claims_speakers_and_spans():
    claims = claims_of(zh, CHINESE, "B")
    assert_exact(claims, CHINESE)
    assert claims[0].title
    assert claims[1].text.startswith("全国人大常委会委员长李文清")  # after the dateline
    said = [claim for claim in claims if claim.speaker == "李文清"]
    assert [claim.text for claim in said] == [
        "李文清表示，中俄关系持续深入发展。",
        "中方愿同俄方加强交往。",
    ]
    assert said[0].cue.text == "表示" and said[1].cue is None  # the second continues the first
    channel = next(claim for claim in claims if claim.text.startswith("据"))
    assert channel.via == ("新华社",)
    assert [m.lemma for m in channel.markers_of("negation")] == ["签署"]
    spokesman = claims[-1]
    assert spokesman.speaker == "林慧" and spokesman.cue.text == "指出"
    assert {m.kind for m in spokesman.markers} >= {"strong", "oppose"}
    assert all(claim.lang == "zh" for claim in claims)


_CYRILLIC = st.characters(min_codepoint=0x0410, max_codepoint=0x044F)
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80)
_MARKS = st.sampled_from(list(" ,.«»—-:\n0123456789。，：“”！？据表示不"))


@pytest.mark.parametrize("text", [" ", "\n\n", " \n \t"])
def test_blank_russian_and_chinese_text_gives_no_claims(text):
    assert claims_of(ru, text) == [] and claims_of(zh, text) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.one_of(_CYRILLIC, _MARKS), max_size=300))
@example(" ")
def test_any_cyrillic_text_gives_exact_spans(text):
    assert_exact(claims_of(ru, text), text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(st.one_of(_HAN, _MARKS), max_size=300))
def test_any_chinese_text_gives_exact_spans(text):
    assert_exact(claims_of(zh, text), text)


def test_a_russian_and_a_chinese_account_are_compared():
    comparison = readouts.compare(
        [Document(RUSSIAN, label="Duma"), Document(CHINESE, label="Xinhua")], backend="lexical"
    )
    data = comparison.to_dict()
    assert [entry["lang"] for entry in data["documents"]] == ["ru", "zh"]
    for claim in data["claims"]:
        text = RUSSIAN if claim["doc"] == "A" else CHINESE
        assert text[claim["start"] : claim["end"]] == claim["text"]


def test_auto_reads_other_languages_with_the_multilingual_backend():
    from readouts.settings import Settings

    chosen = Settings.resolve(backend="auto")
    assert chosen.backend_name({"ru", "zh"}) == "multilingual"
    assert chosen.backend_name({"en", "ru"}) == "multilingual"
    assert chosen.backend_name({"en"}) in ("fused", "lexical")


def test_splitting_versions_says_it_reads_english_only():
    with pytest.raises(InputError, match="reads English documents only"):
        split(Document(RUSSIAN, label="Duma"))


def test_attributions_of_a_chinese_document():
    found = readouts.attributions(Document(CHINESE, label="Xinhua"))
    assert "林慧" in {attribution.speaker for attribution in found}
    for attribution in found:
        for span in (attribution.source, attribution.cue, *attribution.content):
            if span is not None:
                assert CHINESE[span.start : span.end] == span.text


def test_cli_refuses_a_french_document_in_one_line(tmp_path):
    from click.testing import CliRunner

    from readouts.cli import cli

    french = tmp_path / "monde.txt"
    french.write_text(
        "Le ministre a déclaré que la France soutient cette initiative diplomatique.\n"
        "Les deux pays ont signé un accord sur la pêche.\n",
        encoding="utf-8",
    )
    russian = tmp_path / "duma.txt"
    russian.write_text(RUSSIAN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(russian), str(french), "--format", "json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "monde.txt" in lines[0] and "'fr'" in lines[0]
    assert "Traceback" not in result.output


def test_cli_lang_reads_each_document_in_its_language(tmp_path):
    import json

    from click.testing import CliRunner

    from readouts.cli import cli

    russian, chinese = tmp_path / "duma.txt", tmp_path / "xinhua.txt"
    russian.write_text(RUSSIAN, encoding="utf-8")
    chinese.write_text(CHINESE, encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(
        cli,
        [
            "compare",
            str(russian),
            str(chinese),
            "--lang",
            "ru",
            "--lang",
            "zh",
            "--backend",
            "lexical",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [d["lang"] for d in json.loads(result.stdout)["documents"]] == ["ru", "zh"]
    wrong = runner.invoke(cli, ["compare", str(russian), str(chinese), "--lang", "fr"])
    assert (
        wrong.exit_code == 2 and "--lang 'fr'" in wrong.output and "Traceback" not in wrong.output
    )
    many = runner.invoke(cli, ["compare", str(russian), str(chinese), *["--lang", "ru"] * 3])
    assert many.exit_code == 2 and "more --lang options than documents" in many.output


def test_quotes_reads_a_russian_file(tmp_path):
    import json

    from click.testing import CliRunner

    from readouts.cli import cli

    russian = tmp_path / "duma.txt"
    russian.write_text(RUSSIAN, encoding="utf-8")
    result = CliRunner().invoke(cli, ["quotes", str(russian)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.splitlines()[0])
    speakers = {attribution["speaker"] for attribution in record["attributions"]}
    assert {"Павел Воронин", "Ли Вэньцин"} <= speakers
    for attribution in record["attributions"]:
        for span in (attribution["source"], attribution["cue"], *attribution["content"]):
            if span:
                assert RUSSIAN[span["start"] : span["end"]] == span["text"]


def _conflicts(first: Document, second: Document) -> list[dict]:
    comparison = readouts.compare([first, second], backend="multilingual")
    return [
        conflict
        for match in comparison.to_dict()["matches"]
        for conflict in match.get("conflicts", [])
    ]


def test_counts_in_two_languages_conflict_when_they_count_one_thing():
    russian = Document(
        "Парламентарии встретились в Пекине.\n"
        "С начала года комитеты двух парламентов провели четыре раунда консультаций по "
        "инвестиционному сотрудничеству.\n",
        label="Duma",
    )
    chinese = Document(
        "议员在北京会面。\n今年以来，两国立法机构相关委员会已就投资合作举行两轮磋商。\n",
        label="Xinhua",
    )
    found = _conflicts(russian, chinese)
    assert [(c["kind"], c["detail"].split(":")[0]) for c in found] == [("number", "counted")]
    spans = {span["text"] for spans in found[0]["spans"].values() for span in spans}
    assert spans == {"четыре", "两"}
    # "двух парламентов" and "两国" are two of the same thing: no conflict there


def test_rates_and_modified_counts_conflict_across_languages():
    chinese = Document(
        "6月9日，中国渔船被扣押，船上17名中国船员。\n双方同意将两国间直航航班增加至每周14班。\n"
    )
    english = Document(
        "The coast guard seized the boat on Monday with 19 crew members on board.\n"
        "The sides agreed to increase direct flights between the two countries to 10 a week.\n"
    )
    found = _conflicts(chinese, english)
    spans = sorted(
        tuple(sorted(span["text"] for spans in c["spans"].values() for span in spans))
        for c in found
    )
    assert [c["kind"] for c in found] == ["number", "number"]
    assert spans == [("10", "14"), ("17", "19")]
    # the rate is a rate, not a date, and "17名中国船员" counts "crew members"


def test_a_rate_is_no_level_and_a_week_no_month():
    from readouts.languages.values import numbers

    (weekly,) = numbers("Авиакомпании выполняют 14 рейсов в неделю.", "ru")
    (level,) = numbers("Авиакомпании выполнили 14 рейсов.", "ru")
    (visit,) = numbers("В день визита прилетели 10 человек в день теракта.", "ru")
    (monthly,) = numbers("航空公司每月14班。", "zh")
    assert (weekly.unit, level.unit, visit.unit, monthly.unit) == (
        "рейс/week",
        "рейс",
        "человек",
        "班/month",
    )


def test_amounts_of_one_currency_in_two_languages_conflict():
    chinese = Document("双方商定设立联合投资基金，首期规模1400万欧元。\n会谈在北京举行。\n")
    english = Document(
        "Russia's TASS news agency quoted Svetlov as putting the fund at 40 million euros.\n"
        "The talks were held in Beijing.\n"
    )
    found = _conflicts(chinese, english)
    assert [c["kind"] for c in found] == ["number"]
    assert found[0]["detail"].startswith("money:eur")


def test_across_languages_words_and_names_are_no_differences_and_speakers_no_conflict():
    russian = Document("Министр Рябинин заявил, что стороны подписали соглашение.\nЕщё раз.\n")
    english = Document("Minister Ryabinin said the sides signed the agreement.\nOnce more.\n")
    comparison = readouts.compare([russian, english], backend="multilingual")
    data = comparison.to_dict()
    assert data["backend"] == "multilingual"
    matched = [m for m in data["matches"] if m["claims"] == ["A1", "B1"]]
    assert matched and matched[0]["relation"] in ("equivalent", "partial")
    assert matched[0]["differences"] == {"A1": [], "B1": []}
    assert not matched[0].get("conflicts")


def test_every_report_names_each_document_language():
    from readouts.render import render

    comparison = readouts.compare(
        [Document(RUSSIAN, label="Duma"), Document(CHINESE, label="Xinhua")], backend="lexical"
    )
    for fmt in ("terminal", "markdown", "html"):
        shown = render(comparison, fmt)
        assert "Russian" in shown and "Chinese" in shown, fmt
    html = render(comparison, "html")
    assert 'lang="ru"' in html and 'lang="zh"' in html
