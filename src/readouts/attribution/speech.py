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
    spokesperson senator sen sens rep reps representative congressman congresswoman governor mayor
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
    policy union
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


def is_statement(
    head: Token, cue_ids: list[int], *, quoted: bool = False, subject: Token | None = None
) -> bool:
    """Whether the cue headed by ``head`` (its words ``cue_ids``) reports a statement:
    speech, thought or report (or any verb that introduces ``quoted`` words: "Caddell
    continued: “...”"), not an action, not a plan ("threatened to impose", "seeks to
    close"), and not negated ("neither Collins nor Murkowski supported"), by a
    ``subject`` that can speak (:func:`can_speak`: not "a breach suggests")."""
    if subject is not None and not can_speak(subject):
        return False
    if head.text in PUNCTUATION_STATEMENTS:
        return True
    lemma = head.lemma_.lower()
    if (
        lemma not in STATEMENT_LEMMAS
        and head.lower_ not in STATEMENT_LEMMAS
        and not quoted
        and not _states_through(head)
    ):
        return False
    if lemma in PLAN_VERBS and any(
        c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") for c in head.children
    ):
        return False  # "threatening to impose new taxes", "seeks to close": a plan, an act
    if subject is not None and _negated_subject(subject):
        return False
    if lemma in DISMISSALS and any(
        c.dep_ == "dobj" and c.lemma_.lower() in LEGAL_ACTS for c in head.children
    ):
        return False  # "dismissed a case against a hospital": a decision, not a statement
    if lemma == "agree" and not any(c.dep_ in ("ccomp", "parataxis") for c in head.children):
        return False  # "agreed to meet again", "agreed on the line": a decision, an act
    if lemma in MONEY_PLEDGES and any(
        child.dep_ == "dobj"
        and any(t.ent_type_ in SUMS or t.like_num for t in child.subtree)
        and not any(c.dep_ in ("ccomp", "xcomp") for c in head.children)
        for child in head.children
    ):
        return False  # "pledged €450 million": a gift, not a statement
    return not is_negated(head, cue_ids)


# Verbs that, with "to" and a verb, announce an act rather than say something:
# "threatened to impose", "seeks to close", "plans to", "vowed to veto" stays a pledge.
PLAN_VERBS = frozenset({"threaten", "seek", "plan", "aim", "intend", "try", "attempt"})
# "dismissed a case", "rejected the appeal", "dropped the charges": acts of a court or
# an office on a legal matter, not statements about it.
DISMISSALS = frozenset({"dismiss", "reject", "drop", "support", "back", "oppose"})
LEGAL_ACTS = frozenset(
    "case lawsuit suit charge indictment appeal petition motion".split()
)
# Pronouns that stand for a person, a group or a body.
SPEAKING_PRONOUNS = frozenset(
    "i we you he she they it who whom whoever one someone somebody everyone everybody "
    "anyone nobody none some many most few others other all both each either this that "
    "which".split()
)
# Common nouns of people and bodies: what can say, believe or report; and the documents
# that speak for their issuer ("the statement said": its issuer or no one), and polls.
# Any other common noun ("a breach suggests", "the vote shows", "the draft opinion
# says") is no speaker.
SPEAKING_NOUNS = TITLE_WORDS | PERSON_GROUPS | BODY_GROUPS | CHANNEL_NOUNS | frozenset(
    """
    official officer authority lawmaker legislator congressman congresswoman member
    expert analyst critic supporter opponent advocate activist resident voter citizen
    people person man woman men women child kid worker employee staff staffer aide source
    diplomat police policeman investigator prosecutor lawyer court judge committee
    commission panel board company firm group organization organisation union campaign
    team executive economist scientist researcher doctor physician nurse witness victim
    family parent mother father son daughter wife husband student teacher protester
    demonstrator negotiator observer commentator journalist reporter editor correspondent
    network newsroom colleague friend neighbor neighbour owner founder candidate nominee
    author writer insider counterpart ally partner rival democrat republican conservative
    liberal progressive moderate libertarian leadership majority minority caucus
    legislature parliament congress senate house court bank regulator watchdog operator
    manufacturer producer maker provider retailer investor trader dealer buyer seller
    customer client consumer user fan player coach athlete actor artist singer
    celebrity host anchor pundit strategist consultant pollster spokesperson
    representative delegate envoy emissary mediator broker official faction movement
    coalition alliance bloc federation association society institute foundation charity
    university school college hospital church clergy priest rabbi imam bishop community
    public electorate population crowd audience majority
    statement report readout account release transcript document resolution communique
    declaration study survey poll newspaper magazine website outlet press
    """.split()
)


def can_speak(subject: Token) -> bool:
    """Whether ``subject`` can say, believe or report: a person, an organisation, a group
    of people or a body (named, or a pronoun for one, or a common noun for one:
    "officials", "the ministry", "lawmakers"), or a document that speaks for its issuer
    ("the statement said"); not an inanimate thing ("a breach of such magnitude
    suggests") nor a placeholder in angle brackets ("according to <mask>")."""
    if _in_angle_brackets(subject):
        return False
    if subject.is_punct or subject.is_quote:
        return False  # "‘Enough’: Biden Exhorts Congress ...": a quoted word, no name
    lower = subject.lower_
    if subject.pos_ == "PRON" or lower in SPEAKING_PRONOUNS:
        return True
    if subject.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") or subject.pos_ == "PROPN":
        return True
    if subject.pos_ in ("NOUN", "X", "ADJ") or subject.tag_.startswith("NN"):
        lemma = subject.lemma_.lower()
        return lemma in SPEAKING_NOUNS or lower in SPEAKING_NOUNS or lower.rstrip("s") in (
            SPEAKING_NOUNS
        )
    return True


# What one issues or delivers that is a statement: "issued a statement saying ...".
STATEMENT_OBJECTS = frozenset(
    """
    statement remark remarks comment warning message readout announcement
    testimony declaration apology ultimatum
    """.split()
)


def _states_through(head: Token) -> bool:
    """A verb of action that makes a statement through its complement: "issued a
    statement saying ...", "took time in his speech to praise ...", "went on to say";
    not "signed a joint statement" (a document, an act)."""
    for child in head.children:
        # "issued a statement saying ...", not "signed a joint statement".
        if child.dep_ == "dobj" and child.lemma_.lower() in STATEMENT_OBJECTS and any(
            c.dep_ in ("acl", "relcl", "ccomp") and c.lemma_.lower() in STATEMENT_LEMMAS
            for c in child.children
        ):
            return True
        if (
            child.dep_ in ("xcomp", "advcl")
            and child.pos_ == "VERB"
            and child.lemma_.lower() in STATEMENT_LEMMAS
            and child.lemma_.lower() not in NOUN_ONLY
        ):
            return True
    return False


# Statement words that are nouns only: no verb complement of theirs states anything.
NOUN_ONLY = frozenset({"letter", "speech", "account", "report"})


def _in_angle_brackets(token: Token) -> bool:
    """"<mask>": a placeholder between angle brackets, no one's name."""
    doc = token.doc
    before = doc[token.i - 1].text if token.i > 0 else ""
    after = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    if before.endswith("<") or after.startswith(">"):
        return True
    return "<" in token.text or ">" in token.text


def _negated_subject(subject: Token) -> bool:
    """"Neither Collins nor Murkowski supported", "No senator said": a subject negated as
    a whole, so that no one of them made the statement."""
    for token in (subject, *subject.conjuncts):
        for child in token.children:
            if child.lower_ in ("neither", "no", "nor") and child.dep_ in (
                "preconj",
                "det",
                "cc",
                "neg",
            ):
                return True
    doc = subject.doc
    first = doc[subject.left_edge.i]
    return first.lower_ == "neither"


# Verbs that give money when their object is a sum ("the EU pledged €450 million").
MONEY_PLEDGES = frozenset({"pledge", "promise", "offer", "commit"})
SUMS = frozenset({"MONEY", "CARDINAL", "QUANTITY"})


def is_negated(head: Token, cue_ids: list[int]) -> bool:
    """"did not say", "never said", "is not quoted as", "declined to comment", "has not
    commented": a report that no statement was made."""
    doc = head.doc
    if head.lemma_.lower() in NEGATING_CUES:
        return True
    if any(child.dep_ == "neg" or child.lower_ in NEGATIONS for child in head.children):
        return True
    if any(doc[i].lower_ in NEGATIONS for i in cue_ids):
        return True
    if governed_by_refusal(head):
        return True
    # "has not commented on", "would not say": the negation hangs on an auxiliary.
    return any(
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
    # Words the document uses as places ("Russia and Karsia"): "President of the Republic
    # of Karsia Aram Tevosyan" names Aram Tevosyan.
    places = {e.text.lower() for e in doc.ents if e.label_ in ("GPE", "LOC") and len(e) == 1}
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
            or _portfolio_place(doc, cursor, places)
        ):
            word = _word(doc[cursor])
            if word == "and" and cursor + 1 < length and _word(doc[cursor + 1]) in TITLE_WORDS:
                titles = set()  # "The High Representative and Minister Wang": another person
            elif word in TITLE_WORDS | PORTFOLIO_WORDS:
                titles.add(word)
            cursor += 1
        name: list[str] = []
        while (
            cursor < length
            and len(name) < 3
            and _capitalised(doc[cursor])
            and doc[cursor].is_alpha
            and _word(doc[cursor]) not in TITLE_WORDS | PORTFOLIO_WORDS
            and doc[cursor].pos_ in ("PROPN", "NOUN", "X")
            and doc[cursor].ent_type_ in ("PERSON", "", "GPE")  # not "the Union"
        ):
            name.append(doc[cursor].text)
            cursor += 1
        while len(name) > 1 and name[0].lower() in places:
            name = name[1:]
        if not name:
            # "The High Representative of the Union ..., Karin Lindqvist,": the name in
            # apposition to the title.
            name = _apposed_person(token) or _person_after_comma(doc, cursor)
        if name:
            found.append((" ".join(name), frozenset(titles)))
        index = max(cursor, index + 1)
    # "Estmark's ambassador, Lena Varga,", "Kaldera's prime minister, Idris Malek,".
    for token in doc:
        if token.lower_ in TITLE_WORDS and not _capitalised(token):
            apposed = _apposed_person(token)
            if apposed:
                titles = {token.lower_} | {
                    child.lower_ for child in token.lefts if child.lower_ in TITLE_WORDS
                }
                found.append((" ".join(apposed), frozenset(titles)))
    return found


def _portfolio_place(doc: Doc, index: int, places: set[str]) -> bool:
    """A place or body inside a title ("President of the Republic of Karsia Aram
    Tevosyan", "High Representative of the Union"): after "of", tagged as one, or a word
    the document uses as a place, and followed by more capitalised words."""
    token = doc[index]
    if not _capitalised(token) or index + 1 >= len(doc) or not _capitalised(doc[index + 1]):
        return False
    if index == 0 or doc[index - 1].lower_ not in ("of", "the"):
        return False
    return token.ent_type_ in ("GPE", "LOC", "ORG", "NORP") or token.lower_ in places


def _person_after_comma(doc: Doc, index: int) -> list[str]:
    """"..., Karin Lindqvist, ...": the person's name between commas at ``index``."""
    if index >= len(doc) or doc[index].text != ",":
        return []
    words = []
    cursor = index + 1
    while cursor < len(doc) and doc[cursor].ent_type_ == "PERSON" and len(words) < 4:
        words.append(doc[cursor].text)
        cursor += 1
    closed = cursor < len(doc) and doc[cursor].text in (",", ")")
    return words if closed else []


def _apposed_person(title: Token) -> list[str]:
    """The words of a person's name in apposition to ``title``, if the NER model tags it."""
    for child in title.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            words = [t for t in child.subtree if t.ent_type_ == "PERSON" and t.is_alpha]
            return [t.text for t in words][:4]
    return []


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
