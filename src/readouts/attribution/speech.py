"""Which attributions are statements, who the participants of a meeting are, and which
sources are channels.

The cue model (:mod:`readouts.attribution.cues`) learned PolNeAR's broad notion of an
attribution: "signed a letter", "held a rally" and "plans to" are cues there. A claim,
though, has a speaker only when someone says, believes or is reported: the head of the
cue is a verb or noun of speech, thought or report (``STATEMENT_LEMMAS``), and the cue
is not negated ("did not say", "is not quoted as", "declined to comment" report no
statement). Attributions that are not statements keep their spans (the benchmark scores
them) but name no speaker.

Groups that refer back to the meeting's participants ("the two sides agreed", "both
ministers stressed") are resolved to the people the document names with a title
("Foreign Minister Ilona Varga", "Secretary of Defense Mark Halloran"), or to nobody:
never to the common noun.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs and nouns of speech, thought, belief and report: the cue heads that make a
# statement. Drawn from the cue heads the extractor finds on PolNeAR train and dev, less
# those of plain action ("sign", "hold", "meet", "vote", "send", "impose", "release").
STATEMENT_LEMMAS = frozenset(
    """
    say tell state stress urge assure express add note point emphasize emphasise underline
    underscore insist claim argue announce declare warn call criticize criticise condemn
    praise welcome reiterate affirm reaffirm confirm deny suggest propose explain acknowledge
    admit agree believe think hope hop vow pledge promise write tweet report mention describe
    accuse remark observe indicate reveal recall complain demand ask answer reply respond
    quote voice highlight maintain assert contend predict estimate expect told caution
    concede conclude hail lament signal stipulate testify appeal raise according accord
    show find cite speak attack blast question offer want wish seem appear know feel fear
    worry doubt consider view see regard assume wonder understand reference refer talk
    chant shout joke mock dismiss reject oppose support endorse back applaud
    blame denounce deplore slam rail liken invoke compare echo comment brief inform publish
    disclose document rule recommend encourage press request invite thank congratulate
    convey threaten proclaim interview post read label dub term
    characterize characterise portray depict predict forecast projected warn insist
    statement remark remarks comment view criticism endorsement warning pledge assurance
    accusation allegation denial suggestion proposal demand message readout announcement
    word assertion belief opinion argument concern expectation condemnation praise call
    claim tweet letter interview speech testimony report account
    """.split()
)
# Punctuation cues ("PENCE: ...", "” ― Sonya Herridge") report speech by layout.
PUNCTUATION_STATEMENTS = frozenset({":", "―", "—"})
NEGATIONS = frozenset({"not", "n't", "never", "no"})
# "declined to comment", "refused to say", "failed to mention": no statement was made.
NEGATING_CUES = frozenset({"decline", "refuse", "fail"})

# Words that name an office before a person's name: "Secretary Halloran", "Foreign
# Minister Ilona Varga", "Minister of National Defense Zhao Lin", "Sen. Warren".
TITLE_WORDS = frozenset(
    """
    minister secretary president premier chancellor ambassador envoy spokesman spokeswoman
    spokesperson senator sen rep representative congressman congresswoman governor mayor
    general gen admiral adm colonel col lieutenant lt commander chairman chairwoman chair
    director commissioner king queen prince princess emir sheikh sultan mr mrs ms dr prof
    professor leader chief deputy vice prime undersecretary counselor councillor adviser
    advisor attorney judge justice pope cardinal speaker marshal captain sergeant
    """.split()
)
# Words of an office's portfolio between a title and the name: "Minister of National
# Defense Zhao Lin", "Secretary of State", "Foreign Affairs Minister".
PORTFOLIO_WORDS = frozenset(
    """
    of the for and foreign defense defence state national affairs home interior finance
    trade commerce treasury justice health education energy agriculture labor labour
    transport transportation homeland security economy economic industry culture public
    international development environment war navy army air force military internal
    external federal general people's republic china chinese u.s. us american russian
    house senate congress assembly parliament duma committee council cabinet former
    """.split()
)
# Nouns that, made definite or counted ("the two sides", "both ministers", "the
# leaders"), refer back to the participants of the event.
PERSON_GROUPS = frozenset(
    """
    side party minister leader president secretary premier chancellor counterpart head chief
    envoy participant interlocutor
    """.split()
)
# Groups of bodies ("both ministries", "the two countries"): no person to resolve to.
BODY_GROUPS = frozenset(
    """
    ministry government country nation military militaries delegation state capital
    administration agency department army navy force
    """.split()
)
# Counting words of a group.
GROUP_COUNTS = {"two": 2, "both": 2, "three": 3, "four": 4, "each": 0, "all": 0}
# Sources that report for others: an outlet, a ministry, a spokesman.
CHANNEL_NOUNS = frozenset(
    """
    ministry department agency office government embassy pentagon kremlin spokesman
    spokeswoman spokesperson newspaper paper daily broadcaster television radio outlet
    media channel statement readout release press bureau council secretariat mission
    """.split()
)


def is_statement(head: Token, cue_ids: list[int], *, quoted: bool = False) -> bool:
    """Whether the cue headed by ``head`` (its words ``cue_ids``) reports a statement:
    speech, thought or report (or any verb that introduces ``quoted`` words: "Caddell
    continued: “...”"), not an action, and not negated."""
    doc = head.doc
    if head.text in PUNCTUATION_STATEMENTS:
        return True
    lemma = head.lemma_.lower()
    if lemma not in STATEMENT_LEMMAS and head.lower_ not in STATEMENT_LEMMAS and not quoted:
        return False
    if lemma in NEGATING_CUES:
        return False
    if any(child.dep_ == "neg" or child.lower_ in NEGATIONS for child in head.children):
        return False
    if any(doc[i].lower_ in NEGATIONS for i in cue_ids):
        return False
    if governed_by_refusal(head):
        return False
    # "has not commented on", "would not say": the negation hangs on an auxiliary.
    return not any(
        grandchild.dep_ == "neg"
        for child in head.children
        if child.dep_ in ("aux", "auxpass")
        for grandchild in child.children
    )


def governed_by_refusal(head: Token) -> bool:
    """"declined to comment", "refused to say": the cue is the complement of a refusal."""
    node = head
    for _ in range(3):
        if node.dep_ != "xcomp" or node.head.i == node.i:
            return False
        node = node.head
        if node.lemma_.lower() in NEGATING_CUES:
            return True
    return False


def titled_names(doc: Doc) -> list[tuple[str, frozenset[str]]]:
    """The people ``doc`` introduces with a title, in order: ("Zhao Lin", {"minister",
    "defense"}) for "Minister of National Defense Zhao Lin". A name is one to three
    capitalised words after the title words, whatever the NER model makes of them."""
    found: list[tuple[str, frozenset[str]]] = []
    index = 0
    length = len(doc)
    while index < length:
        token = doc[index]
        if not (_capitalised(token) and _word(token) in TITLE_WORDS):
            index += 1
            continue
        titles = {_word(token)}
        cursor = index + 1
        while cursor < length and (
            (_capitalised(doc[cursor]) and _word(doc[cursor]) in TITLE_WORDS | PORTFOLIO_WORDS)
            or doc[cursor].lower_ in ("of", "the", "for", "and", ".")
        ):
            if _word(doc[cursor]) in TITLE_WORDS | PORTFOLIO_WORDS:
                titles.add(_word(doc[cursor]))
            cursor += 1
        name: list[tuple[str, bool]] = []
        while (
            cursor < length
            and len(name) < 3
            and _capitalised(doc[cursor])
            and doc[cursor].is_alpha
            and _word(doc[cursor]) not in TITLE_WORDS | PORTFOLIO_WORDS
            and doc[cursor].pos_ in ("PROPN", "NOUN", "X")
        ):
            name.append((doc[cursor].text, doc[cursor].ent_type_ == "PERSON"))
            cursor += 1
        # Of "House Newt Gingrich", the words the NER model gives the person, if any.
        people = [word for word, tagged in name if tagged]
        words = people if people and people[-1] == name[-1][0] else [w for w, _ in name]
        if words:
            found.append((" ".join(words), frozenset(titles)))
        index = max(cursor, index + 1)
    return found


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _word(token: Token) -> str:
    return token.lower_.rstrip(".")


def group_reference(subject: Token) -> tuple[str, int] | None:
    """("minister", 2) for "the two ministers" or "both ministers", ("side", 0) for "the
    sides": a subject that refers back to the event's participants, by its noun and how
    many they are (0: not said). None for any other subject, and for one with modifiers
    of its own ("the Chinese side", "senior officials": not the participants as such)."""
    lemma = subject.lemma_.lower()
    if subject.lower_ == "both" and subject.pos_ in ("PRON", "DET", "NOUN"):
        return "", 2
    if subject.pos_ != "NOUN" or (lemma not in PERSON_GROUPS and lemma not in BODY_GROUPS):
        return None
    count = None
    definite = False
    for child in subject.lefts:
        word = child.lower_
        if word in GROUP_COUNTS:
            count = GROUP_COUNTS[word]
        elif word in ("the", "these", "those"):
            definite = True
        elif child.dep_ == "nummod" and word.isdigit():
            count = int(word)
        else:
            return None  # "the Chinese side", "senior officials"
    plural = subject.tag_ == "NNS" or subject.lower_ != subject.lemma_.lower()
    if count is None:
        if not (definite and plural):
            return None
        count = 0
    elif count == 0 and not plural and subject.lower_ != "each":
        return None
    return lemma, count


def is_channel(
    subject: Token,
    speaker: str | None,
    titled: dict[str, frozenset[str]],
    people: frozenset[str] = frozenset(),
) -> bool:
    """A source that reports for others: an organisation or news outlet ("the Pentagon",
    "Xinhua", "TASS"), a ministry, a government, a spokesman; not a person the document
    introduces ("Zhao", for "Defense Minister Zhao Lin"), nor a pronoun or a common noun.
    ``titled`` maps the names the document introduces with a title to their titles. The
    small NER model often tags an outlet as a person ("Xinhua said"): a one-word name the
    document never gives in full nor with a title is taken for a channel. ``people``:
    the names the document gives people; one of them is a person ("Trump asserted that
    ..."), not a channel, unless a spokesman."""
    lower = subject.lower_
    if lower in ("he", "she", "i", "we", "you", "they", "it", "who"):
        return False
    if subject.lemma_.lower() in CHANNEL_NOUNS or lower in CHANNEL_NOUNS:
        return True
    if subject.ent_type_ == "PERSON" or subject.pos_ == "PROPN":
        titles = titled.get(speaker or "", frozenset())
        if titles & SPOKESPEOPLE:
            return True
        if speaker in people and " " in (speaker or ""):
            return False
        if subject.ent_type_ != "PERSON" and subject.ent_type_:
            return True  # an organisation, a country
        return bool(speaker) and " " not in (speaker or "") and not titles
    return False


SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson"})
