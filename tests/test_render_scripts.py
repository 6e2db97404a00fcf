"""Reports of Russian and Chinese accounts: widths in terminal cells, fonts and ``lang`` in
HTML, whole tables in Markdown.

A CJK character takes two terminal columns, so every width the terminal report measures is
in cells (``rich.cells.cell_len``), and Chinese, which has no spaces between words, is
shortened between characters instead of losing the whole claim to an ellipsis. The
comparisons are built by hand (``Builder`` quotes the texts, so offsets are exact); the
documents carry a ``lang`` the way ``Document.lang`` will.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.text import Text
from test_render import Builder

from readouts.comparison import Comparison, DocumentEntry
from readouts.documents import Document
from readouts.relations import Conflict, Match
from readouts.render.html import render_html
from readouts.render.markdown import render_markdown
from readouts.render.terminal import KEY_LABEL, SUMMARY_LINE_CHARS, render_terminal
from readouts.render.view import ELLIPSIS, shorten
from readouts.summary import Finding

ZH = (
    "李强周二在北京会见了沃洛金。"
    "警方说有三千人参加了集会|游行。"
    "双方讨论了贸易和能源合作问题，并同意继续加强两国之间的全面战略协作伙伴关系。"
    "抗议者在门外举着<script>alert(1)</script>和“标语”。"
)
RU = (
    "Ли Цян во вторник встретился с Вячеславом Володиным в Пекине. "
    "По данным полиции, в митинге участвовали 300 человек. "
    "Стороны обсудили торговлю | энергетику."
)
ZH_CLAIMS = (
    "李强周二在北京会见了沃洛金。",
    "警方说有三千人参加了集会|游行。",
    "双方讨论了贸易和能源合作问题，并同意继续加强两国之间的全面战略协作伙伴关系。",
    "抗议者在门外举着<script>alert(1)</script>和“标语”。",
)
RU_CLAIMS = (
    "Ли Цян во вторник встретился с Вячеславом Володиным в Пекине.",
    "По данным полиции, в митинге участвовали 300 человек.",
    "Стороны обсудили торговлю | энергетику.",
)
LONG_LABEL = "中华人民共和国外交部新闻发言人办公室"  # 38 cells, wider than KEY_LABEL
LONG_FINDING = "只有新华社报道：" + "双方讨论了贸易和能源合作问题" * 30  # far over the summary cap
WIDTHS = (40, 60, 80, 100)


def LangDocument(text: str, *, lang: str | None = None, **fields) -> Document:
    """A Document whose ``lang`` is set as given, unchecked (``Document`` itself accepts
    only en, ru and zh): the renderers must stay safe with any value there."""
    document = Document(text, **fields)
    object.__setattr__(document, "lang", lang)
    return document


def _entries(texts: dict[str, str], labels: dict[str, str], langs: dict[str, str | None]):
    return tuple(
        DocumentEntry(
            doc_id, LangDocument(text, label=labels[doc_id], path=f"{doc_id}.txt", lang=langs[doc_id])
        )
        for doc_id, text in texts.items()
    )


def two_scripts(langs: dict[str, str | None] | None = None) -> Comparison:
    """新华社 against ТАСС: an equivalent pair, a number conflict, lone claims."""
    langs = {"A": "zh", "B": "ru"} if langs is None else langs
    b = Builder(A=ZH, B=RU)
    for index, sentence in enumerate(ZH_CLAIMS, start=1):
        b.claim(f"A{index}", sentence, speaker="警方" if index == 2 else None)
    for index, sentence in enumerate(RU_CLAIMS, start=1):
        b.claim(f"B{index}", sentence, speaker="полиция" if index == 2 else None)
    numbers = {"A2": (b.span("A2", "三千"),), "B2": (b.span("B2", "300"),)}
    matches = (
        Match(("A1", "B1"), "equivalent", 0.9, {}, {}),
        Match(
            ("A2", "B2"),
            "conflict",
            0.7,
            {"A2": ("三千",), "B2": ("300",)},
            numbers,
            conflicts=(Conflict("number", "三千 vs 300", numbers),),
        ),
    )
    summary = (
        Finding("conflict", "新华社 и ТАСС расходятся: 三千 | 300", ("A2", "B2"), score=0.9),
        Finding("only", LONG_FINDING, ("A3",), doc="A", score=0.5),
    )
    return Comparison(
        documents=_entries({"A": ZH, "B": RU}, {"A": "新华社 | 北京", "B": "ТАСС"}, langs),
        claims=tuple(b.claims.values()),
        matches=matches,
        groups=(("A1", "B1"), ("A2", "B2")),
        summary=summary,
        backend="lexical",
    )


def four_scripts() -> Comparison:
    """Four accounts (the matrix report): two in Chinese, two in Russian."""
    changed = {"A": ("", ""), "B": ("", ""), "C": ("三千", "三万"), "D": ("300", "3000")}
    texts = {"A": ZH, "B": RU, "C": ZH, "D": RU}
    texts = {doc_id: text.replace(*changed[doc_id]) for doc_id, text in texts.items()}
    b = Builder(**texts)
    for doc_id, text in texts.items():
        sentences = ZH_CLAIMS[:3] if doc_id in "AC" else RU_CLAIMS
        for index, sentence in enumerate(sentences, start=1):
            said = sentence.replace(*changed[doc_id])
            assert said in text
            b.claim(f"{doc_id}{index}", said)
    matches = tuple(
        Match(("A" + str(i), doc_id + str(i)), "equivalent", 0.9, {}, {})
        for i in (1, 2, 3)
        for doc_id in "BCD"
    )
    labels = {"A": "新华社", "B": "ТАСС", "C": LONG_LABEL, "D": "РИА Новости"}
    langs = {"A": "zh", "B": "ru", "C": "zh-Hant", "D": "ru"}
    return Comparison(
        documents=_entries(texts, labels, langs),
        claims=tuple(b.claims.values()),
        matches=matches,
        groups=tuple(tuple(f"{d}{i}" for d in "ABCD") for i in (1, 2, 3)),
        summary=(),
        backend="lexical",
    )


# --- terminal ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("make", [two_scripts, four_scripts], ids=["columns", "matrix"])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_every_terminal_line_fits_the_width_in_cells(make, width, color):
    output = render_terminal(make(), width=width, color=color)
    lines = output.splitlines()
    widths = [Text.from_ansi(line).cell_len if color else cell_len(line) for line in lines]
    assert max(widths) <= width, lines[widths.index(max(widths))]
    plain = "".join(Text.from_ansi(line).plain.strip() for line in lines)
    assert "沃洛金" in plain and "Вячеславом" in plain


def test_shorten_counts_cells_and_cuts_chinese_between_characters():
    text = ZH_CLAIMS[2]
    for limit in (3, 8, 11, 20, 41):
        short = shorten(text, limit, cell_len)
        assert cell_len(short) <= limit
        assert short.endswith(ELLIPSIS) and len(short) > 1, short
        assert text.startswith(short.removesuffix(ELLIPSIS).rstrip("，"))
    assert shorten(text, cell_len(text), cell_len) == text
    # A Chinese comma is dropped at the cut, as an ASCII one is.
    assert shorten("双方讨论了贸易，并同意继续合作", 16, cell_len) == "双方讨论了贸易…"
    # Latin text is cut at spaces only, as before; Cyrillic too.
    assert shorten("Стороны обсудили торговлю", 20, cell_len) == "Стороны обсудили…"
    assert shorten("Unbreakable", 5, cell_len) == ELLIPSIS


def test_the_matrix_shows_a_long_chinese_claim_cut_not_lost():
    output = render_terminal(four_scripts(), width=40, color=False)
    wording = next(line for line in output.splitlines() if line.strip().startswith("A3 "))
    assert cell_len(wording) <= 40
    assert wording.rstrip().endswith(ELLIPSIS)
    assert "双方讨论" in wording, "the claim's first words, not the ellipsis alone"


def test_the_account_key_cuts_a_wide_label_to_its_cells():
    output = render_terminal(four_scripts(), width=100, color=False)
    key = next(line for line in output.splitlines() if "C 中华" in line)
    entry = next(part for part in key.strip().split("   ") if part.startswith("C 中华"))
    label = entry.removeprefix("C ")
    assert label.endswith(ELLIPSIS) and cell_len(label) <= KEY_LABEL


def test_a_long_chinese_finding_is_shortened_in_cells():
    output = render_terminal(two_scripts(), width=100, color=False)
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if "只有新华社报道" in line)
    end = next(i for i, line in enumerate(lines) if "→ A3" in line)
    indent = len(lines[start]) - len(lines[start].lstrip()) + len("2. ONLY IN ONE ")
    body = "".join(line.strip() for line in lines[start : end + 1])
    title = body[body.index("只有") : body.index("→")].strip()
    assert title.endswith(ELLIPSIS) and len(title) > 20
    assert cell_len(title) <= SUMMARY_LINE_CHARS
    # Every line of the finding starts in the body column.
    assert all(cell_len(line) - cell_len(line.lstrip()) >= 2 for line in lines[start + 1 : end + 1])
    assert indent > 0


# --- HTML --------------------------------------------------------------------------------


def test_html_has_a_system_font_stack_for_cyrillic_and_cjk_and_fetches_nothing():
    page = render_html(two_scripts())
    stack = re.search(r"body \{[^}]*font-family: ([^;]+);", page, re.S)
    assert stack, "the body's font-family"
    fonts = [font.strip().strip('"') for font in stack.group(1).split(",")]
    for font in ("Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans"):
        assert font in fonts
    assert fonts.index("Arial") < fonts.index("Noto Sans CJK SC") < fonts.index("sans-serif")
    assert ":lang(ja)" in page and ":lang(zh-Hant)" in page
    assert "@font-face" not in page and "@import" not in page and "url(" not in page


def test_html_marks_each_documents_text_with_its_language():
    page = render_html(two_scripts())
    assert '<p class="claim-text" lang="zh">李强周二在北京会见了沃洛金。</p>' in page
    assert re.search(r'<p class="claim-text" lang="ru">Ли Цян во вторник', page)
    assert '<span class="speaker" lang="ru">полиция</span>' in page
    assert '<html lang="en">' in page, "the page's own words stay English"
    matrix = render_html(four_scripts())
    assert re.search(r'<span class="gist" lang="zh">李强', matrix)
    assert re.search(r'<p class="claim-text" lang="zh-Hant">', matrix)


@pytest.mark.parametrize("lang", [None, "", 'zh" onmouseover="x', "z", 7])
def test_html_sets_no_lang_when_it_is_unknown_or_malformed(lang):
    page = render_html(two_scripts({"A": lang, "B": None}))  # type: ignore[dict-item]
    assert page.count(' lang="') == 1  # <html lang="en"> only
    assert "onmouseover" not in page


def test_html_without_document_lang_still_renders():
    comparison = two_scripts()
    plain = tuple(
        DocumentEntry(e.id, Document(e.document.text, label=e.document.label))
        for e in comparison.documents
    )
    page = render_html(Comparison(**{**comparison.__dict__, "documents": plain}))
    assert page.count(' lang="') == 1 and "沃洛金" in page


def test_html_escapes_hostile_text_in_chinese():
    page = render_html(two_scripts())
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "新华社 | 北京" in page


# --- Markdown ----------------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    """A Markdown table row's cells: split on the pipes no backslash escapes."""
    return re.split(r"(?<!\\)\|", line.strip())[1:-1]


@pytest.mark.parametrize("make", [two_scripts, four_scripts], ids=["columns", "matrix"])
def test_markdown_tables_keep_their_cells(make):
    text = render_markdown(make())
    tables: list[list[str]] = []
    previous_was_row = False
    for line in text.splitlines():
        is_row = line.startswith("|")
        if is_row and not previous_was_row:
            tables.append([])
        if is_row:
            tables[-1].append(line)
        previous_was_row = is_row
    assert len(tables) >= 2
    for table in tables:
        counts = {len(_cells(line)) for line in table}
        assert len(counts) == 1, table
        assert re.fullmatch(r"\|( *:?-+:? *\|)+", table[1].replace(" ", "")), table[1]
    assert "新华社 \\| 北京" in text or make is four_scripts
    assert "торговлю \\| энергетику" in text or make is four_scripts
    assert "<script>" not in text


def test_the_quotes_page_marks_each_documents_text_with_its_language():
    from readouts.quotes import DocumentQuotes
    from readouts.render.quotes import render_quotes

    results = [
        DocumentQuotes(LangDocument(ZH, label="新华社", lang="zh"), ()),
        DocumentQuotes(LangDocument(RU, label="ТАСС", lang='ru" x="y'), ()),
    ]
    page = render_quotes(results, "html")
    assert '<div class="doc-text" lang="zh">' in page
    assert page.count(' lang="') == 2, "the page's own and the Chinese text's; no malformed tag"
    assert "Noto Sans CJK SC" in page and "&lt;script&gt;" in page
