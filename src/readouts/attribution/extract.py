"""Every attribution of a parsed document: source, cue, content spans, kind, speaker, via.

Cues come from a learned model (:mod:`readouts.attribution.cues`); sources and contents
from the dependency parse around each cue:

- source: the subject of the cue ("Li said"), the object of "according to", the agent of
  a passive ("was criticized by X"), or the possessor of a noun cue ("Trump's claim");
  a verb without a subject of its own takes the subject of the verb it depends on.
- content: the clause the cue governs ("said that ..."), else the quotation it introduces
  or closes ("“...,” he said"), else its object ("criticized the sanctions"), else, for
  "according to", the rest of the sentence.
- via: "according to X" in a sentence whose statement has a speaker of its own makes X
  the channel; that speaker's next statements ("Li was quoted as saying", "he added")
  keep it for a few paragraphs, until another channel intervenes. A channel that reports
  a person's statement ("Halloran proposed ..., the Pentagon said"; "Xinhua said Zhao
  hoped ...") makes that person the speaker and itself the channel, for that sentence.
- speaker: only for a statement (:func:`readouts.attribution.speech.is_statement`):
  "the two ministers signed" and "Volodin did not say" keep their spans but name no
  one; "the two sides" and "both ministers" are the people the document introduces
  (:meth:`DocumentSpeakers.participants`), or no one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from readouts.attribution.cues import (
    CueModels,
    cue_tokens,
    default_models,
    features,
    is_candidate,
    quote_context,
)
from readouts.attribution.datelines import datelines_of, end_within, inside
from readouts.attribution.model import Attribution, Kind
from readouts.attribution.sentences import (
    REPORTING_VERBS,
    DocumentSpeakers,
    Quotations,
    clean_name,
    quotations_of,
)
from readouts.attribution.speech import (
    PORTFOLIO_WORDS,
    TITLE_WORDS,
    group_reference,
    is_channel,
    is_negated,
    is_statement,
)
from readouts.nlp import entities_in, text_of
from readouts.spans import Span, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

_STRIP = " \t\r\n\xa0,.;:—–-\"'“”‘’«»()"
_OBJECTS = ("dobj", "xcomp", "attr", "oprd", "acomp")
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")
# Words before a proper noun that belong to the name it heads ("Chinese foreign ministry").
NAME_MODIFIERS = frozenset({"compound", "amod", "flat"})


# A channel ("according to the State Duma, Li said ...") carries over to the same
# speaker's later statements for this many paragraphs, unless another channel intervenes.
CHANNEL_PARAGRAPHS = 3
# At most this many words between a dateline and its cue make the source.
DATELINE_SOURCE_WORDS = 8


@dataclass
class _Channel:
    """The reporting channel the passage has established, and for whom."""

    name: str
    speaker: str | None
    paragraph: int


def extract(doc: Doc, models: CueModels | None = None) -> list[Attribution]:
    """The attributions of one parsed document, in text order."""
    models = models or default_models()
    text = text_of(doc)
    regions = quotations_of(doc)
    datelines = datelines_of(doc)
    speakers = DocumentSpeakers(doc)
    found: list[Attribution] = []
    actor: str | None = None  # the speaker (or actor) of the last attribution found
    channel: _Channel | None = None
    # Where each "\n\n" ends, as ``str.count`` finds them: the paragraph of a sentence is
    # a bisection, not a count from the start of the text for every sentence.
    breaks = [match.end() for match in re.finditer("\n\n", text)]
    for sentence in doc.sents:
        paragraph = bisect_right(breaks, sentence.start_char)
        taken: set[int] = set()
        scored = [
            (token, models.head.probability(features(token, quote_context(token, regions))))
            for token in sentence
            if is_candidate(token)
        ]
        heads = [
            token
            for token, probability in scored
            if probability >= models.head.threshold and not inside(datelines, token.idx)
        ]
        # Layout that names a speaker without a verb: "PENCE: ..." and "” ― Sonya Herridge".
        bylines = {
            token.i: found_byline
            for token in sentence
            if (found_byline := _byline(token, regions)) is not None
        }
        chosen = {head.i for head in heads}
        heads += [
            token
            for token in sentence
            if token.i not in chosen
            and (
                token.i in bylines
                or (
                    token.text == ":"
                    and not inside(datelines, token.idx)
                    and _speaker_label(token) is not None
                )
            )
        ]
        heads.sort(key=lambda token: token.i)
        according = [h for h in heads if h.lower_ == "according"]
        others = [h for h in heads if h.lower_ != "according"]
        if according and not others:
            # PolNeAR marks only "according to" in "According to Xinhua, Li said ...";
            # readouts wants the statement's own speaker, with Xinhua as its channel.
            inner = _inner_statement(scored)
            if inner is not None:
                others = [inner]
        via_here = _according_name(according[0]) if according else None
        if via_here:
            via_here = speakers.canonical_channel(via_here)
        if via_here and others:
            heads = others  # the channel of the sentence's own statement, not a second one
        for head in heads:
            if head.i in taken:
                continue
            if head.i in bylines:
                source, quotation = bylines[head.i]
                taken.add(head.i)
                found.append(
                    Attribution(
                        source=source,
                        cue=Span.of(text, head.idx, head.idx + len(head.text)),
                        content=_pieces(text, [quotation]),
                        kind="direct",
                        speaker=speakers.canonical(clean_name(source.text)),
                        via=(),
                    )
                )
                actor = found[-1].speaker
                continue
            cue_ids = cue_tokens(head, models.extent)
            taken.update(cue_ids)
            # A punctuation cue (a colon or a dash before a quotation) is kept as it is.
            cue = _span(doc, cue_ids[0], cue_ids[-1] + 1) or _raw_span(doc, cue_ids)
            subject = _source_token(head)
            if subject is not None and head.text == ":":
                source = _span(doc, subject.i, head.i)
            else:
                source = _subtree_span(subject) if subject is not None else None
            cuts = [cue, source]
            if via_here and head.lower_ != "according":
                cuts.append(_subtree_span(according[0]))  # "..., according to Xinhua"
            content = _content(head, sentence, regions, cue, source, cuts)
            if source is not None and head.text == ":":
                speaker = speakers.canonical(clean_name(source.text).title())
            else:
                speaker = _speaker(subject, speakers) if subject is not None else None
            if source is not None and subject is not None and datelines:
                source, speaker = _after_dateline(
                    head, subject, source, speaker, datelines, speakers
                )
            if subject is not None:
                speakers.observe_subject(subject, speaker)
            # Who a later "he" or "she" means is who spoke or acted last.
            acting = speaker
            # "Caddell continued: “...”": quoted words are a statement whatever the verb.
            kind = _kind(content, regions)
            # A few quoted words inside a clause whose verb is no statement verb are a scare
            # quote ("seeks to close the “boyfriend loophole”"), not a quotation.
            statement = is_statement(head, cue_ids, quoted=kind == "direct", subject=subject)
            if not statement:
                # "The two ministers signed 12 agreements", "Volodin did not say": the
                # attribution keeps its spans, but no one makes a statement.
                speaker = None
            via: tuple[str, ...] = ()
            reported = (
                _reported_statement(head, subject, speaker, speakers)
                if statement and not via_here and subject is not None
                else None
            )
            speaker_words: tuple[Span | None, Span | None] = (None, None)
            if reported is not None:
                # "Zhao hoped ..., the Chinese defense ministry said": Zhao's statement,
                # through the ministry. The channel is this sentence's: a later "Zhao
                # said" is the article's own.
                via_here_reported, speaker, inner_subject, clause = reported
                via = (via_here_reported,)
                speaker_words = (
                    _subtree_span(inner_subject),
                    Span.of(text, clause.idx, clause.idx + len(clause.text)),
                )
            elif not statement:
                if via_here and head.lower_ != "according" and not is_negated(head, cue_ids):
                    # "The ministers agreed to complete ..., according to the State
                    # Department": what the channel reports, in its own name.
                    speaker = via_here
            elif via_here and head.lower_ != "according" and via_here != speaker:
                via = (via_here,)
                channel = _Channel(via_here, speaker, paragraph)
            elif (
                channel is not None
                and speaker is not None
                and speaker == channel.speaker
                and paragraph - channel.paragraph <= CHANNEL_PARAGRAPHS
                and not any(doc[i].dep_ == "neg" for i in cue_ids)
            ):
                # "Li was quoted as saying ...", "he added": still the channel's account.
                via = (channel.name,)
            found.append(
                Attribution(
                    source=source,
                    cue=cue,
                    content=content,
                    kind=kind,
                    speaker=speaker,
                    via=via,
                    speaker_source=speaker_words[0],
                    speaker_cue=speaker_words[1],
                )
            )
            actor = speaker if speaker is not None else acting
        speakers.observe_attributed(sentence, actor if found else None)
    found.sort(key=lambda a: a.cue.start if a.cue else 0)
    return _through_channels(found)


def _through_channels(found: list[Attribution]) -> list[Attribution]:
    """A statement found on its own inside what a channel reports ("Halloran urged ...,
    the Pentagon said" gives "urged" as well as "said") comes through that channel too."""
    reports = [a for a in found if a.speaker_source is not None and a.via]
    if not reports:
        return found
    result = []
    for attribution in found:
        outer = None
        cue = attribution.cue
        if cue is not None and not attribution.via and attribution.speaker:
            outer = next(
                (
                    report
                    for report in reports
                    if report.speaker == attribution.speaker
                    and any(s.start <= cue.start and cue.end <= s.end for s in report.content)
                ),
                None,
            )
        result.append(replace(attribution, via=outer.via) if outer else attribution)
    return result


def _after_dateline(
    head: Token,
    subject: Token,
    source: Span,
    speaker: str | None,
    datelines: list[tuple[int, int]],
    speakers: DocumentSpeakers,
) -> tuple[Span | None, str | None]:
    """The source without the dateline the parser hung on it ("BEIJING, Sept. 9 (Xinhua)
    -- Chinese President Xi Jinping said"), and its speaker if the subject word itself
    was the dateline's place. When the parse left nothing of the source after the
    dateline, the words between the dateline and the cue are the source."""
    cut = end_within(datelines, source.start, source.end)
    if cut is None:
        return source, speaker
    doc = subject.doc
    words = doc.char_span(source.start, source.end, alignment_mode="expand")
    after = [token for token in words if token.idx >= cut] if words is not None else []
    if not after:
        after = [t for t in doc[head.sent.start : head.i] if t.idx >= cut]
        if not after or len(after) > DATELINE_SOURCE_WORDS:
            return None, None
    trimmed = _span(doc, after[0].i, after[-1].i + 1)
    if trimmed is None:
        return None, None
    if subject.idx >= cut:
        return trimmed, speaker
    # The subject word was the place: the name is the head of what follows the dateline.
    return trimmed, _speaker(doc[after[0].i : after[-1].i + 1].root, speakers)


def _reported_statement(
    head: Token, subject: Token, speaker: str | None, speakers: DocumentSpeakers
) -> tuple[str, str, Token, Token] | None:
    """(channel, speaker, the speaker's words, their verb) when a channel reports
    someone's statement: "the Pentagon said Halloran proposed ...", "Zhao hoped ..., the
    ministry said in a statement". The clause the cue governs must itself be a statement
    (a verb of speech or thought) whose subject names people of the document other than
    the channel."""
    if speaker is None and subject.lemma_.lower() in SPEAKING_DOCUMENTS:
        # "Brennan also pressed Beijing ..., the statement said": the statement's.
        found = _subtree_span(subject)
        speaker = clean_name(found.text) if found else None
    if speaker is None or not is_channel(subject, speaker, speakers.titles, speakers.people):
        return None
    for clause in head.children:
        if clause.dep_ not in ("ccomp", "parataxis") or clause.pos_ not in ("VERB", "AUX"):
            continue
        inner_subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
        if inner_subject is None or not is_statement(clause, [clause.i]):
            continue
        if inner_subject.pos_ == "PRON":
            continue  # "Ditto said she expects ...": most likely the speaker herself
        inner = _speaker(inner_subject, speakers)
        if inner and inner != speaker and _names_people(inner, speakers):
            return speakers.canonical_channel(speaker), inner, inner_subject, clause
    return None


def _names_people(speaker: str, speakers: DocumentSpeakers) -> bool:
    """Whether ``speaker`` is one or more of the people the document names ("Zhao Lin",
    "Mark Halloran and Zhao Lin"): what a channel reports is a person's statement, while
    "Li said that China supports Russia" is Li's, about China."""
    parts = [part for piece in speaker.split(" and ") for part in piece.split(", ")]
    return all(part in speakers.people for part in parts)


def _inner_statement(scored: list[tuple[Token, float]]) -> Token | None:
    """Below the cue threshold, a reporting verb with a subject of its own ("According to
    Xinhua, Li expressed ...") still heads the statement that "according to" reports; any
    other verb ("Clinton beats Trump ..., according to the poll") leaves the cue to
    "according to"."""
    candidates = [
        (probability, token)
        for token, probability in scored
        if token.lower_ != "according"
        and token.pos_ in ("VERB", "AUX")
        and token.lemma_.lower() in REPORTING_VERBS
        and any(child.dep_ == "nsubj" for child in token.children)
    ]
    return max(candidates, key=lambda pair: pair[0])[1] if candidates else None


def _paragraph_start(text: str, position: int) -> int:
    return text.rfind("\n\n", 0, position) + 1


# "according to a statement from the State Duma": the channel is who issued the document.
DOCUMENT_NOUNS = frozenset("statement report readout account release transcript".split())


def _according_name(head: Token) -> str | None:
    """The channel named by "according to X": an organisation or person if X is one,
    else the noun phrase ("Estmark's state news agency")."""
    obj = _according_object(head)
    if obj is None:
        return None
    if obj.lemma_.lower() in DOCUMENT_NOUNS:
        for child in obj.children:
            if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
                issuer = next((c for c in child.children if c.dep_ == "pobj"), None)
                if issuer is not None:
                    obj = issuer
                    break
    doc = obj.doc
    for ent in entities_in(doc, obj.left_edge.i, obj.i + 1):
        if ent.start <= obj.i < ent.end:
            return clean_name(ent.text)
    phrase = _span(doc, obj.left_edge.i, obj.i + 1)
    return clean_name(phrase.text) if phrase else None


def _according_object(head: Token) -> Token | None:
    for child in head.children:
        if child.lower_ == "to":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    return grandchild
    nxt = head.nbor(1) if head.i + 1 < len(head.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for grandchild in nxt.children:
            if grandchild.dep_ == "pobj":
                return grandchild
    return None


# "PENCE: Well, look, ..." names its speaker in at most this many words before the colon.
COLON_SOURCE_WORDS = 5


def _source_token(head: Token) -> Token | None:
    if head.lower_ == "according":
        return _according_object(head)
    if head.text == ":":
        return _colon_speaker(head)
    for child in head.children:
        # A passive cue's subject is what is reported ("Xi is expected to win"), except in
        # "Li was quoted as saying".
        if child.dep_ in ("nsubj", "csubj") or (
            child.dep_ == "nsubjpass" and head.lemma_.lower() == "quote"
        ):
            return child
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    if head.pos_ in ("NOUN", "PROPN"):
        for child in head.children:
            if child.dep_ == "poss":
                return child
    if any(child.dep_ == "nsubjpass" for child in head.children):
        return None  # "Xi is widely expected to win": a subject of its own, and no source
    if head.dep_ in ("xcomp", "conj", "advcl", "pcomp") and head.head.i != head.i:
        governor = head.head.head if head.head.dep_ == "prep" else head.head
        for child in governor.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
    return None


# A byline names a quotation's author after a dash, on the rest of the line, in at most
# this many words: "“...” ― Sonya Herridge".
BYLINE_DASHES = frozenset({"―", "—"})
BYLINE_WORDS = 6


def _byline(dash: Token, regions: Quotations) -> tuple[Span, tuple[int, int]] | None:
    """For a byline dash: the author's name after it (the source) and the quotation that
    closes right before it (the content)."""
    if dash.text not in BYLINE_DASHES:
        return None
    text = text_of(dash.doc)
    quotation = next(
        (
            (start, end)
            for start, end in regions.ending_within(dash.idx - 3, dash.idx)
            if not text[end : dash.idx].strip()
        ),
        None,
    ) or _quoted_line(text, dash.idx)
    if quotation is None:
        return None
    line_end = text.find("\n", dash.idx)
    line_end = len(text) if line_end < 0 else line_end
    start, end = trim(text, dash.idx + len(dash.text), line_end, _STRIP)
    words = text[start:end].split()
    if not words or len(words) > BYLINE_WORDS or not all(w[0].isupper() for w in words):
        return None
    return Span.of(text, start, end), quotation


QUOTE_MARKS = frozenset("\"'“”‘’«»")


def _quoted_line(text: str, dash: int) -> tuple[int, int] | None:
    """A line that opens and closes with quote marks right before a byline dash, when the
    marks do not pair up into a quotation (one opened with a closing mark: "”Mr. Trump
    ...” ― Sonya Herridge"): the whole quoted line, marks included."""
    end = dash
    while end > 0 and text[end - 1] in " \t\xa0":
        end -= 1
    if not end or text[end - 1] not in QUOTE_MARKS:
        return None
    line_start = text.rfind("\n", 0, end) + 1
    start = trim(text, line_start, end, " \t\xa0")[0]
    if end - start < 3 or text[start] not in QUOTE_MARKS or text[end - 1] not in QUOTE_MARKS:
        return None
    return start, end


# Line labels that are the page's furniture, not a speaker: "Correction: ...".
LAYOUT_LABELS = frozenset(
    "the latest|correction|clarification|update|source|sources|video|photo|watch|related"
    "|read more|full speech|note|editor's note|editor’s note|transcript|breaking|live".split("|")
)


def _speaker_label(colon: Token) -> Token | None:
    """A colon that opens a line with a speaker's name ("PENCE: ...", "Pat Caddell: ..."):
    one word, a name the parser knows, or capitals; not a layout label ("Correction:")
    nor a title-case headline ("Stealth Over Health: ...")."""
    first = _colon_speaker(colon)
    if first is None:
        return None
    words = [t for t in colon.doc[first.i : colon.i] if not t.is_punct]
    label = " ".join(t.lower_ for t in words)
    if not words or label in LAYOUT_LABELS:
        return None
    named = any(t.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") for t in words)
    shouting = all(t.is_upper for t in words) and len(words) <= 2
    return first if len(words) == 1 or named or shouting else None


def _colon_speaker(colon: Token) -> Token | None:
    """The first word of the name that opens a transcript line ("PENCE:", "Chris
    Wallace:"); the name runs from it to the colon."""
    doc = colon.doc
    words = []
    index = colon.i - 1
    while index >= 0 and not doc[index].is_space and "\n" not in doc[index].text:
        words.append(doc[index])
        if len(words) > COLON_SOURCE_WORDS:
            return None  # not a line's opening name (and no walk back over a long line)
        index -= 1
    if not words:
        return None
    if index >= 0 and not doc[index].is_space and "\n" not in doc[index].text:
        return None
    if not all(word.is_title or word.is_upper or word.is_punct for word in words):
        return None
    return words[-1]


def _content(
    head: Token,
    sentence: SpacySpan,
    regions: Quotations,
    cue: Span,
    source: Span | None,
    cuts: list[Span | None],
) -> tuple[Span, ...]:
    """What the cue reports: the words it governs on its right ("said that ...", "urged
    them to ..."), or, when the statement comes first ("“...,” he said"), everything
    before the source and cue, back to where the quotation opened."""
    doc = head.doc
    text = text_of(doc)
    if head.lower_ == "according":
        return _rest_of_sentence(sentence, head)
    if head.text == ":":
        # "PENCE: Well, look, ...": what follows the colon, to the end of the paragraph.
        end = text.find("\n", cue.end)
        return _pieces(text, [(cue.end, len(text) if end < 0 else end)], cuts)
    left_clause = any(
        child.dep_ in ("ccomp", "parataxis") and child.i < head.i for child in head.children
    )
    closing = _quotation_closing_before(sentence, regions, cue, source)
    if left_clause or closing is not None:
        start = sentence.start_char
        region = next(iter(regions.around(start, start, strict=True)), None)
        if region is not None:
            start = region[0]
        if closing is not None:
            start = min(start, closing[0])
        end = min(cue.start, source.start if source else cue.start)
        ranges = [(start, end)]
        # "“Here comes Big Daddy,” he said, “The Donald.”": the quotation resumes.
        after = max(cue.end, source.end if source else cue.end)
        # It resumes on the same line: a quotation in the next paragraph is another one.
        resumed = next(
            (
                r
                for r in regions.starting_within(after, after + 4)
                if "\n" not in text[after : r[0]]
            ),
            None,
        )
        if resumed is not None:
            ranges.append(resumed)
        return _pieces(text, ranges, cuts)
    # What the cue's words govern to the right, outside the cue itself: for "calling for",
    # the object of "for" too.
    cue_words = [t for t in sentence if cue.start <= t.idx < cue.end] or [head]
    dependents = [
        child
        for word in cue_words
        for child in word.children
        if child.i > head.i
        and child.dep_ not in ("punct", "cc", "conj", "mark", "advmod", "npadvmod", "prt")
        and not (cue.start <= child.idx < cue.end)
    ]
    opening = _quotation_opening_after(regions, cue)
    if not dependents and opening is None:
        return ()
    starts = [child.left_edge.idx for child in dependents]
    ends = [head.right_edge.idx + len(head.right_edge.text)]
    if opening is not None:
        starts.append(opening[0])
        ends.append(opening[1])
    clauses = [c for c in dependents if c.dep_ in ("ccomp", "parataxis")]
    start = clauses[0].left_edge.idx if clauses else min(starts)
    ranges = [(max(start, cue.end), max(ends))]
    reported = [c for c in head.children if c.dep_ == "nsubjpass" and c.i < head.i]
    if reported and source is None:
        # "Xi is expected to win": the content is "Xi" and "to win".
        subject = _subtree_span(reported[0])
        if subject is not None:
            ranges.insert(0, (subject.start, subject.end))
    return _pieces(text, ranges, cuts)


def _quotation_closing_before(
    sentence: SpacySpan, regions: Quotations, cue: Span, source: Span | None = None
) -> tuple[int, int] | None:
    """A quotation that ends in this sentence shortly before the cue, with nothing but
    punctuation and the source between them ("“...,” he said"); not a quoted word earlier
    in the clause ("endorsed the “necessity” of the war, or admitted that ...")."""
    text = text_of(sentence.doc)
    for start, end in regions.ending_within(max(sentence.start_char, cue.start - 40), cue.start):
        gap = text[end : cue.start]
        if source is not None and end <= source.start and source.end <= cue.start:
            gap = text[end : source.start] + text[source.end : cue.start]
        if not any(char.isalnum() for char in gap):
            return start, end
    return None


def _quotation_opening_after(regions: Quotations, cue: Span) -> tuple[int, int] | None:
    """A quotation that opens right after the cue ("said: “...”")."""
    return next(iter(regions.starting_within(cue.end, cue.end + 4)), None)


def _pieces(
    text: str, ranges: list[tuple[int, int]], cuts: Sequence[Span | None] = ()
) -> tuple[Span, ...]:
    """Character ranges as trimmed spans, with the ``cuts`` (cue, source, ...) left out."""
    pieces = list(ranges)
    for taken in cuts:
        if taken is None:
            continue
        cut = []
        for start, end in pieces:
            if taken.end <= start or taken.start >= end:
                cut.append((start, end))
            else:
                cut.extend([(start, taken.start), (taken.end, end)])
        pieces = cut
    spans = []
    for raw_start, raw_end in pieces:
        start, end = trim(text, raw_start, raw_end, _STRIP)
        if end - start > 1:
            spans.append(Span.of(text, start, end))
    return tuple(spans)


def _rest_of_sentence(sentence: SpacySpan, head: Token) -> tuple[Span, ...]:
    """For "according to X, ...": the sentence without the "according to X" phrase."""
    text = text_of(sentence.doc)
    phrase = _subtree_span(head)
    end_of_phrase = phrase.end if phrase else head.idx + len(head.text)
    ranges = [(sentence.start_char, head.idx), (end_of_phrase, sentence.end_char)]
    return _pieces(text, ranges)


def _raw_span(doc: Doc, token_ids: list[int]) -> Span:
    first, last = doc[token_ids[0]], doc[token_ids[-1]]
    return Span.of(text_of(doc), first.idx, last.idx + len(last.text))


def _subtree_span(token: Token) -> Span | None:
    doc = token.doc
    return _span(doc, token.left_edge.i, token.right_edge.i + 1)


def _span(doc: Doc, start_token: int, end_token: int) -> Span | None:
    text = text_of(doc)
    last = doc[end_token - 1]
    start, end = trim(text, doc[start_token].idx, last.idx + len(last.text), _STRIP)
    if start >= end:
        return None
    return Span.of(text, start, end)


def _entity_name(token: Token) -> str | None:
    doc = token.doc
    for ent in entities_in(doc, token.left_edge.i, token.right_edge.i + 1):
        if ent.start <= token.i < ent.end or ent.label_ in SPEAKER_LABELS:
            return clean_name(ent.text)
    return None


def _speaker(subject: Token, speakers: DocumentSpeakers) -> str | None:
    """Who ``subject`` names; coordinated subjects name everyone ("Xi and Putin agreed"
    -> "Xi Jinping and Vladimir Putin"), so that a joint statement is no one's alone."""
    names = [_one_speaker(token, speakers) for token in (subject, *subject.conjuncts)]
    unique = [name for name in dict.fromkeys(names) if name]
    if len(unique) <= 1:
        return unique[0] if unique else None
    return ", ".join(unique[:-1]) + " and " + unique[-1]


def _one_speaker(subject: Token, speakers: DocumentSpeakers) -> str | None:
    lower = subject.lower_
    if lower in ("he", "she", "him", "her"):
        return speakers.last_person
    if lower == "it" and subject.dep_ == "nsubj":
        return speakers.last_body  # "The ministry said ... It added that ..."
    if lower == "they" and not subject.conjuncts:
        return speakers.last_group  # "Xi and Putin agreed ... They also said ..."
    if lower in ("i", "we", "you", "they", "it", "who", "that", "which"):
        return None
    group = group_reference(subject)
    if group is not None:
        # "The two ministers", "both sides": the participants, never the common noun.
        return speakers.participants(*group)
    if _is_quantity(subject):
        return None  # "65 percent of voters oppose the reform": a poll, not a speaker
    doc = subject.doc
    for child in subject.children:
        if child.dep_ == "appos" and child.ent_type_ == "PERSON":
            # "Estmark's ambassador, Lena Varga, said": the person.
            names = [t for t in child.subtree if t.ent_type_ == "PERSON"]
            span = _span(doc, names[0].i, names[-1].i + 1)
            if span is not None:
                return speakers.canonical(clean_name(span.text))
    if subject.lemma_.lower() in SPEAKING_DOCUMENTS:
        return _issuer(subject, speakers)
    title = _title_only(subject)
    if title is not None:
        # "The Secretary welcomed", "Kaldera's prime minister": the one person the
        # document introduces with that title, else the title as it stands.
        holder = speakers.holder_of(title)
        if holder is not None:
            return holder
    for ent in entities_in(doc, subject.left_edge.i, subject.right_edge.i + 1):
        if ent.start <= subject.i < ent.end:
            return speakers.canonical(clean_name(ent.text))
    if subject.pos_ == "PROPN":
        # "The Chinese foreign ministry said": the words that make up the name, not "ministry".
        first = subject
        for child in reversed(list(subject.lefts)):
            if child.i != first.i - 1 or child.dep_ not in NAME_MODIFIERS:
                break
            first = child
        owner = next((c for c in subject.lefts if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
        if owner is not None and owner.right_edge.i + 1 == first.i:
            first = owner.left_edge  # "Alvara's foreign ministry", not "foreign ministry"
        span = _span(doc, first.i, subject.i + 1)
        return speakers.canonical(clean_name(span.text if span else subject.text))
    span = _span(doc, subject.left_edge.i, subject.i + 1)
    return clean_name(span.text) if span else None


def _is_quantity(subject: Token) -> bool:
    """"65 percent of voters", "Nearly two-thirds", "a dozen states": a share or count."""
    if subject.ent_type_ in ("PERCENT", "CARDINAL", "QUANTITY") or subject.like_num:
        return True
    return subject.lemma_.lower() in ("percent", "per", "third", "thirds", "half", "majority")


# Documents that "say" things: their issuer speaks ("the joint statement says").
SPEAKING_DOCUMENTS = DOCUMENT_NOUNS | {"document", "resolution", "communique", "declaration"}


def _issuer(subject: Token, speakers: DocumentSpeakers) -> str | None:
    """Who a document speaks for: "a statement from the U.S. Trade Representative's
    office" is the office's; "the joint statement" the participants'; any other
    statement, report or resolution is no one's."""
    for child in subject.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of"):
            issuer = next((c for c in child.children if c.dep_ == "pobj"), None)
            if issuer is not None:
                return _one_speaker(issuer, speakers)
        if child.dep_ == "poss" or (child.dep_ == "compound" and child.pos_ == "PROPN"):
            return _one_speaker(child, speakers)  # "the ministry's statement", "a TASS report"
    if any(child.lower_ == "joint" for child in subject.lefts):
        return speakers.participants("", 0)
    return None


def _title_only(subject: Token) -> str | None:
    """The title a subject consists of ("The Secretary", "The High Representative",
    "Kaldera's prime minister"), with no name of its own; else None."""
    if subject.lower_ not in TITLE_WORDS:
        return None
    for token in subject.doc[subject.left_edge.i : subject.i]:
        if token.dep_ in ("det", "poss", "case", "punct") or token.head.dep_ == "poss":
            continue
        if token.lower_ not in TITLE_WORDS | PORTFOLIO_WORDS | {"high", "top", "senior"}:
            return None
    return subject.lower_


def _kind(content: tuple[Span, ...], regions: Quotations) -> Kind:
    if not content:
        return "indirect"

    def inside(span: Span) -> bool:
        return bool(regions.around(span.start + 1, span.end - 1, strict=False))

    def touches(span: Span) -> bool:
        return regions.touching(span.start, span.end)

    if all(inside(span) for span in content):
        return "direct"
    return "mixed" if any(touches(span) for span in content) else "indirect"
