"""Reading an answer said in a sentence: which signs it says, which it denies, and its reply.

The voice model hands the skill the words it heard in a slot when they match none of the
slot's values exactly ("I've been having a hard time peeing since this started"). This module
reads those words with the phrase lists in ``lexicon/<language>.toml``; what it finds is
recorded by ``answering.take_reading`` in the context of the question being asked.

Safety comes first: a sign whose clause holds a negation is denied, never said ("no fever",
"my legs aren't weak"); hedges are never a no (HEDGE_REPLIES); a sentence that asks something
says no sign ("can losing weight help my back?").
"""

from __future__ import annotations

import os
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from itertools import product
from typing import Any, NamedTuple

from .model import ALL_SIGNS, QUESTIONS_BY_ID, Reply

LEXICON_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lexicon")
DEFAULT_LANGUAGE = "en"

# docs/clinical.md, "Hedged answers to a warning-sign question": only a clear no is no.
# hedge kind    reply         why
HEDGE_REPLIES: Mapping[str, Reply] = {
    "partly": Reply.YES,  # "sort of", "a little", "on and off": partly admits the sign
    "unknown": Reply.UNSURE,  # "dunno", "haven't checked", "could be": does not know
}

# How the pain has gone, as an answer to the home-care question ("a week or more of care at
# home, without it getting better?"): only better is a no. The week's check-in asks the same.
# progress      reply
PROGRESS_REPLIES: Mapping[str, Reply] = {
    "better": Reply.NO,
    "same": Reply.YES,
    "worse": Reply.YES,
}

# New pain after this age is a warning sign (docs/clinical.md, guideline extras).
OVER_FIFTY = 50

Phrase = tuple[str, ...]


class Reading(NamedTuple):
    """What one sentence says. Empty when nothing in it is known."""

    reply: Reply | None = None
    signs: frozenset[str] = frozenset()
    denied: frozenset[str] = frozenset()
    # Replies to questions that are not warning signs ("a week of heat and it's no better").
    answers: Mapping[str, Reply] = {}
    # The sentence asks something rather than answering.
    question: bool = False

    @property
    def empty(self) -> bool:
        return not (self.reply or self.signs or self.denied or self.answers)


class _SignWords(NamedTuple):
    phrases: tuple[Phrase, ...]
    groups: tuple[tuple[tuple[Phrase, ...], ...], ...]
    denials: tuple[Phrase, ...]
    ignore: tuple[Phrase, ...]
    # Words that make the sign another person's beyond the lexicon's `[others]` people ("runs
    # in my family").
    others: tuple[Phrase, ...] = ()


class Lexicon(NamedTuple):
    fillers: frozenset[str]
    negations: frozenset[str]
    inabilities: tuple[Phrase, ...]
    reassurances: tuple[Phrase, ...]
    clause_breaks: tuple[Phrase, ...]
    closed_denials: tuple[Phrase, ...]
    replies: dict[str, tuple[Phrase, ...]]
    question_starts: tuple[Phrase, ...]
    asking_verbs: frozenset[str]
    telling_starts: frozenset[str]
    pronouns: frozenset[str]
    subjects: frozenset[str]
    sentence_starts: frozenset[str]
    clause_subjects: frozenset[str]
    after_closed_denial: frozenset[str]
    denied_openers: tuple[Phrase, ...]
    people: dict[str, tuple[Phrase, ...]]
    age_words: tuple[Phrase, ...]
    # Who may be a child or an adult ("my son"): a parent is asked the age.
    ask_age: tuple[Phrase, ...]
    # After a figure, these make it an age ("twelve year old").
    ages_before: tuple[Phrase, ...]
    # A story of another's pain: its first words, people who open none, and the speaker's own
    # pain, which makes it the speaker's after all.
    story_openers: tuple[Phrase, ...]
    story_not_openers: frozenset[str]
    speakers_own: tuple[Phrase, ...]
    signs: dict[str, _SignWords]
    answers: dict[str, dict[Reply, tuple[Phrase, ...]]]
    duration_units: dict[str, float]
    duration_comparisons: tuple[Phrase, ...]
    age_units: frozenset[str]
    # Before a figure and an age unit: an age ("tiene once años"); and after a person ("de").
    age_openers: tuple[Phrase, ...]
    age_after_person: frozenset[str]
    length_after_age: frozenset[str]
    numbers: Numbers
    # Put before words said after a denial ("I haven't {symptom}"): "not", "no".
    negation_prefix: str
    # A word written without its accent that may mean another ("se" for "sé").
    respellings: tuple[Respelling, ...]
    # Open like a question but tell: "what's worrying me is ...".
    telling_openers: tuple[Phrase, ...] = ()
    # Another person named with a sign ("my wife's knee gave way"), and a clause of its own
    # that says not the speaker ("but not me"; "mine haven't").
    other_people: tuple[Phrase, ...] = ()
    not_mine: tuple[Phrase, ...] = ()
    # Words by which the speaker speaks of themself ("I", "my", "yo", "a mí"), and those that
    # make the speaker a sentence's subject ("I", "yo", "me caí").
    speaker: tuple[Phrase, ...] = ()
    speaker_subjects: frozenset[str] = frozenset()
    # How a person says they are ("he says he's fine"): no reassurance about a sign.
    persons_well: tuple[Phrase, ...] = ()
    # Negation words that insist rather than deny ("no doubt", "no joke").
    emphases: tuple[Phrase, ...] = ()
    # Words that join a clause's own next part ("and", "y").
    joiners: frozenset[str] = frozenset()


class Numbers(NamedTuple):
    """How the language says a figure: "sixty two", "sesenta y dos"."""

    units: dict[str, int]
    tens: dict[str, int]
    # Said between tens and units ("treinta y cinco"); empty where nothing is.
    joiner: str
    # Said between a figure and its unit, or before it: "a couple of", "un par de".
    between: frozenset[str]
    one: frozenset[str]
    couple: frozenset[str]
    few: frozenset[str]
    # "some days": a few.
    some: frozenset[str]
    alternative: str  # "four or five days"
    halves: tuple[Phrase, ...]  # after the unit: "and a half", "y medio"
    age_markers: frozenset[str]  # "I am", "turned", "tengo"
    years_old: Phrase  # "years old", "años"
    # Units that make a figure a quantity, not an age ("sixty pounds").
    other_units: frozenset[str]


class Respelling(NamedTuple):
    """`word` means `meant` after one of `after` and at the end or before one of `before`."""

    word: str
    meant: str
    after: frozenset[str]
    before: frozenset[str]


# -- words ------------------------------------------------------------------------------------

_CONTRACTED = {
    "can't": "can not", "cannot": "can not", "cant": "can not", "won't": "will not",
    "wont": "will not", "ain't": "is not", "shan't": "shall not", "dunno": "dunno",
    "i'm": "i am", "im": "i am", "ive": "i have", "dont": "do not", "didnt": "did not",
    "doesnt": "does not", "isnt": "is not", "havent": "have not", "hasnt": "has not",
    "couldnt": "could not", "wasnt": "was not", "arent": "are not", "wouldnt": "would not",
    "gonna": "going to", "wanna": "want to", "kinda": "kind of", "sorta": "sort of",
    "okay": "ok", "o.k.": "ok", "'cause": "because", "cos": "because", "coz": "because",
    "summat": "something", "owt": "anything", "nowt": "nothing", "meself": "myself",
    "weren't": "were not",
    # Scots: "I didnae fall", "I cannae stand".
    "didnae": "did not", "dinnae": "do not", "cannae": "can not", "canna": "can not",
    "wasnae": "was not", "isnae": "is not", "havenae": "have not", "hasnae": "has not",
    "couldnae": "could not", "wouldnae": "would not", "doesnae": "does not",
    "it's": "it is", "that's": "that is", "there's": "there is", "what's": "what is",
    "he's": "he is", "she's": "she is", "here's": "here is", "who's": "who is",
    "where's": "where is", "how's": "how is", "let's": "let us", "nothing's": "nothing is",
    "everything's": "everything is", "its": "it is", "thats": "that is", "theres": "there is",
}  # fmt: skip
_SUFFIXES = (("n't", " not"), ("'ve", " have"), ("'re", " are"), ("'ll", " will"), ("'d", " would"))
_WORD = re.compile(r"[a-zñé0-9']+|[.,;:!?]")
# "sé" keeps its accent (it is not "se"); ñ is a letter of its own ("año" is not "ano").
_KEPT = {"ñ": "\x01", "sé": "s\x02"}
_PUNCTUATION = frozenset(".,;:!?")


def words(text: str) -> list[str]:
    """Lowercase words with contractions spelled out and accents off ("día" is "dia", but ñ
    and "sé" stay); clause punctuation kept as words."""
    text = _fold(text.lower().replace("\u2019", "'").replace("\u2018", "'"))
    out: list[str] = []
    for word in _WORD.findall(text):
        if "'" in word or word in _CONTRACTED:
            out += _expand(word.strip("'") if word not in _CONTRACTED else word)
        else:
            out.append(word)  # most words, said as they are
    return [w for w in out if w]


def _fold(text: str) -> str:
    if text.isascii():
        return text
    text = re.sub(r"(?<!\w)sé(?!\w)", _KEPT["sé"], text).replace("ñ", _KEPT["ñ"])
    text = "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn"
    )
    return text.replace(_KEPT["ñ"], "ñ").replace(_KEPT["sé"], "sé")


def _respelled(words_: list[str], respellings: tuple[Respelling, ...]) -> list[str]:
    """"no se si" said for "no sé si": each respelling where its neighbours say so."""
    if not respellings:
        return words_
    out = list(words_)
    for i, word in enumerate(out):
        for rule in respellings:
            if word != rule.word or i == 0 or out[i - 1] not in rule.after:
                continue
            following = out[i + 1] if i + 1 < len(out) else None
            if following is None or following in _PUNCTUATION or following in rule.before:
                out[i] = rule.meant
    return out


def _expand(word: str) -> list[str]:
    if word in _CONTRACTED:
        return _CONTRACTED[word].split()
    if "'" not in word:  # every suffix below starts with an apostrophe
        return [word]
    for suffix, spelled in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)] + spelled).split()
    if word.endswith("'s"):
        # "bum's gone numb", "it's": the owner is what matters; "is" or "has" adds nothing.
        return [word[:-2]]
    return [word.replace("'", "")]


def expand(pattern: str) -> list[str]:
    """Every phrase a pattern with (a|b|) alternatives stands for."""
    match = re.search(r"\(([^()]*)\)", pattern)
    if match is None:
        return [" ".join(pattern.split())]
    head, tail = pattern[: match.start()], pattern[match.end() :]
    phrases: list[str] = []
    for choice in match.group(1).split("|"):
        phrases += expand(head + choice + tail)
    return [phrase for phrase in phrases if phrase]


def _phrases(
    patterns: Iterable[str],
    fillers: frozenset[str] = frozenset(),
    variants: Mapping[str, list[str]] | None = None,
) -> tuple[Phrase, ...]:
    found = {
        variant
        for pattern in patterns
        for phrase in expand(pattern)
        for variant in _variants(tuple(w for w in words(phrase) if w not in fillers), variants)
    }
    return tuple(sorted((p for p in found if p), key=lambda p: (-len(p), p)))


def _variants(phrase: Phrase, variants: Mapping[str, list[str]] | None) -> list[Phrase]:
    """The phrase, and the phrase with each word said another way ("me legs" for "my legs")."""
    if not variants or not any(word in variants for word in phrase):
        return [phrase]
    return [tuple(said) for said in product(*([w, *variants.get(w, [])] for w in phrase))]


# -- the lexicon ------------------------------------------------------------------------------

_LEXICON_LOCK = threading.Lock()


def lexicon(language: str = DEFAULT_LANGUAGE) -> Lexicon:
    """The phrase lists of a language, read once per container and only when first needed.

    Most turns never read a sentence (a launch, a yes, an information question), so the TOML
    file is parsed lazily rather than on the cold path.
    """
    # One reader at a time: reading takes about a tenth of a second, and sessions answered at
    # once in one process (the simulator, the load test) would each read it on their first
    # answer, holding the interpreter long enough for their storage calls to run out of time.
    with _LEXICON_LOCK:
        return _read_lexicon(language)


@cache
def _read_lexicon(language: str) -> Lexicon:
    import tomllib

    path = os.path.join(LEXICON_DIR, f"{language}.toml")
    with open(path, "rb") as file:
        data = tomllib.load(file)
    return parse_lexicon(data)


def parse_lexicon(data: Mapping[str, Any]) -> Lexicon:
    fillers = frozenset(data.get("fillers", []))
    variants = data.get("word_variants", {})

    def phrases(patterns: Iterable[str]) -> tuple[Phrase, ...]:
        return _phrases(patterns, fillers, variants)

    signs = {
        sign: _SignWords(
            phrases(entry.get("phrases", [])),
            tuple(tuple(phrases(group) for group in groups) for groups in entry.get("all", [])),
            phrases(entry.get("denials", [])),
            phrases(entry.get("ignore", [])),
            phrases(entry.get("others", [])),
        )
        for sign, entry in data.get("signs", {}).items()
    }
    unknown = set(signs) - set(ALL_SIGNS)
    if unknown:
        raise ValueError(f"lexicon names unknown signs: {sorted(unknown)}")
    answers = {
        question: {Reply(kind): phrases(patterns) for kind, patterns in entry.items()}
        for question, entry in data.get("answers", {}).items()
    }
    if set(answers) - set(QUESTIONS_BY_ID):
        raise ValueError(f"lexicon names unknown questions: {sorted(set(answers))}")
    return Lexicon(
        fillers=fillers,
        negations=frozenset(data["negations"]),
        inabilities=phrases(data.get("inabilities", [])),
        reassurances=phrases(data.get("reassurances", [])),
        clause_breaks=phrases(data["clause_breaks"]),
        closed_denials=phrases(data.get("closed_denials", [])),
        replies={kind: phrases(patterns) for kind, patterns in data["replies"].items()},
        question_starts=phrases(data["questions"]["starts"]),
        asking_verbs=frozenset(data["questions"]["asking_verbs"]),
        telling_starts=frozenset(data["questions"]["telling_starts"]),
        pronouns=frozenset(data["questions"]["pronouns"]),
        subjects=frozenset(data["questions"]["subjects"]),
        sentence_starts=frozenset(data["sentence_starts"]),
        clause_subjects=frozenset(data.get("clause_subjects", [])),
        after_closed_denial=frozenset(data.get("after_closed_denial", [])),
        denied_openers=_phrases(data.get("denied_openers", [])),
        people={
            who: phrases(patterns)
            for who, patterns in data.get("people", {}).items()
            if who not in ("age_words", "ages_before", "ask_age")
        },
        ask_age=phrases(data.get("people", {}).get("ask_age", [])),
        age_words=phrases(data.get("people", {}).get("age_words", [])),
        ages_before=phrases(data.get("people", {}).get("ages_before", [])),
        # Without the word variants: "my back" must not be heard as "his back" here.
        story_openers=_phrases(data.get("stories", {}).get("openers", [])),
        story_not_openers=frozenset(data.get("stories", {}).get("not_openers", [])),
        speakers_own=_phrases(data.get("stories", {}).get("speakers_own", [])),
        signs=signs,
        answers=answers,
        duration_units={
            word: float(hours) for word, hours in data.get("durations", {}).get("units", {}).items()
        },
        duration_comparisons=phrases(data.get("durations", {}).get("comparisons", [])),
        age_units=frozenset(data.get("durations", {}).get("age_units", [])),
        age_openers=_phrases(data.get("durations", {}).get("age_openers", [])),
        age_after_person=frozenset(data.get("durations", {}).get("age_after_person", [])),
        length_after_age=frozenset(data.get("durations", {}).get("length_after_age", [])),
        numbers=_numbers(data["numbers"]),
        negation_prefix=str(data.get("negation_prefix", "not")),
        respellings=tuple(
            Respelling(str(rule["word"]), str(rule["meant"]), frozenset(rule["after"]),
                       frozenset(rule["before"]))
            for rule in data.get("respellings", [])
        ),
        telling_openers=phrases(data["questions"].get("telling_openers", [])),
        other_people=phrases(data.get("others", {}).get("people", [])),
        not_mine=phrases(data.get("others", {}).get("not_mine", [])),
        speaker=phrases(data.get("others", {}).get("speaker", [])),
        speaker_subjects=frozenset(data.get("others", {}).get("speaker_subjects", [])),
        persons_well=phrases(data.get("persons_well", [])),
        emphases=phrases(data.get("emphases", [])),
        joiners=frozenset(data.get("others", {}).get("joiners", [])),
    )


def _numbers(data: Mapping[str, Any]) -> Numbers:
    return Numbers(
        units={word: value for value, word in enumerate(data["units"])},
        tens={str(word): int(value) for word, value in data["tens"].items()},
        joiner=str(data.get("joiner", "")),
        between=frozenset(data.get("between", [])),
        one=frozenset(data.get("one", [])),
        couple=frozenset(data.get("couple", [])),
        few=frozenset(data.get("few", [])),
        some=frozenset(data.get("some", [])),
        alternative=str(data.get("alternative", "")),
        halves=_phrases(data.get("halves", [])),
        age_markers=frozenset(data.get("age_markers", [])),
        years_old=tuple(data.get("years_old", [])),
        other_units=frozenset(data.get("other_units", [])),
    )


def language_of(locale: str | None) -> str:
    language = (locale or DEFAULT_LANGUAGE).split("-")[0].lower()
    if os.path.exists(os.path.join(LEXICON_DIR, f"{language}.toml")):
        return language
    return DEFAULT_LANGUAGE


# -- reading ----------------------------------------------------------------------------------


def _first_word(text: str, lex: Lexicon) -> str:
    return next((w for w in words(text) if w not in lex.fillers and w not in _PUNCTUATION), "")


class Person(NamedTuple):
    """Who a sentence about someone else names: `her`, `him`, `them` or `child` (None when it
    names no one), and the age it says, if any."""

    who: str | None
    age: int | None


def person_said(text: str, locale: str | None = None) -> Person:
    """The person and age in a sentence that asks for someone else ("my son, he's twelve")."""
    lex = lexicon(language_of(locale))
    words_ = [word for word in words(text) if word not in lex.fillers]
    named = [
        (min(found), who)
        for who, phrases in lex.people.items()
        if (found := _find_all(words_, phrases))
    ]
    age = next(
        (
            number
            for i in range(len(words_))
            for phrase in lex.age_words
            if _at(words_, i, phrase)
            and (number := _age_at(words_, i + len(phrase), lex.numbers)) is not None
        ),
        None,
    )
    if age is None:
        age = next((number for i in range(len(words_)) if (number := _age_before(words_, i, lex))
                    is not None), None)
    return Person(min(named)[1] if named else None, age)


def may_be_a_child(text: str, locale: str | None = None) -> bool:
    """Whether the words name someone who may be a child or a grown-up ("my son", "our
    lad", "mi hija"), so that their age decides the child's rule."""
    lex = lexicon(language_of(locale))
    return _find(words(text), lex.ask_age) is not None


def _age_before(words_: list[str], i: int, lex: Lexicon) -> int | None:
    """The figure at words_[i] when an age follows it ("twelve year old", "diez años")."""
    number = _number(words_, i, lex.numbers)
    if number is None:
        return None
    figures = _figure_words(lex.numbers)
    end = next((j for j in range(i + 1, len(words_)) if words_[j] not in figures), len(words_))
    return number if any(_at(words_, end, phrase) for phrase in lex.ages_before) else None


def story_of_another(text: str, locale: str | None = None) -> Person | None:
    """Who a story is about when it opens with someone else ("my son is eleven and he's been
    complaining about his hip", "our lad's got a sore back", "my twelve year old's shot up
    this year"), or None: it opens otherwise, or goes on to the speaker's own pain ("my wife
    says my back looks swollen"), so it is the speaker's. A parent may tell a child's story
    where the skill expects the speaker's own, and a child's pain has a rule of its own."""
    lex = lexicon(language_of(locale))
    words_ = [word for word in words(text) if word not in lex.fillers]
    start = next((len(p) for p in lex.story_openers if _at(words_, 0, p)), 0)
    opens = _age_before(words_, start, lex) is not None or any(
        _at(words_, start, phrase)
        for phrases in lex.people.values()
        for phrase in phrases
        if phrase[0] not in lex.story_not_openers
    )
    if not opens or _find(words_[start + 1 :], lex.speakers_own) is not None:
        return None
    return person_said(text, locale)


def _age_at(words_: list[str], i: int, numbers: Numbers) -> int | None:
    """The age said from words_[i], or None. A number with a length after it is no age ("she
    is three months pregnant"), unless the length is how old ("three months old": a baby)."""
    number = _number(words_, i, numbers)
    if number is None or not _unit_follows(words_[i:], numbers):
        return number
    figures = _figure_words(numbers)
    after = [word for word in words_[i + 1 : i + 5] if word not in figures]
    old = numbers.years_old[-1:]
    return 0 if old and tuple(after[1:2]) == old else None


def denies_after_denial(text: str, locale: str | None = None) -> bool:
    """Whether words after "I don't have", "there's no" are what is denied ("any numbness",
    "had a fall") rather than a sentence of their own ("no, I can get around, it's just
    worse at night"), which only a pronoun opens."""
    lex = lexicon(language_of(locale))
    if _starts_with(words(text), lex.denied_openers):
        # "It's not like I can't move it": what follows "like" is what is denied.
        return True
    return _first_word(text, lex) not in lex.clause_subjects


def denies_after_no(text: str, locale: str | None = None) -> bool:
    """Whether words after a leading "no" are what it denies ("no fever", "no numbness down
    there") rather than a sentence of their own ("no, I'm in remission from myeloma"). Nor
    is an inability ("no, can't walk", "no, no puedo caminar"): the no cannot undo it."""
    lex = lexicon(language_of(locale))
    if _starts_with([word for word in words(text) if word not in lex.fillers], lex.inabilities):
        return False
    return _first_word(text, lex) not in lex.sentence_starts


def no_may_belong(text: str, locale: str | None = None) -> Reading | None:
    """When a leading "no" may be part of the words after it, making a sign ("no la apoyo":
    "I can't put weight on it", or "no, la apoyo", the opposite; speech carries no comma):
    the words as said, not knowing about the question. None when the "no" surely opens the
    words ("no puedo apoyar la pierna") or surely does not: it denies them ("no fever" reads
    the same either way), or they deny a sign by themselves ("no, la muevo bien")."""
    lex = lexicon(language_of(locale))
    if _starts_with([lex.negation_prefix, *words(text)], lex.inabilities):
        return None  # "no puedo apoyar la pierna": the no opens an inability, and says it
    alone = read(text, locale)
    with_no = read(text, locale, after_denial=True)
    if not with_no.signs - alone.signs or alone.denied:
        return None
    # A sign said in the words stands ("no, la apoyo pero tengo fiebre"): a sign always wins.
    return alone._replace(reply=Reply.UNSURE)


def read_after_no(text: str, locale: str | None = None) -> Reading:
    """The words after a leading "no", read as a denial or as said (denies_after_no)."""
    return read(text, locale, after_denial=denies_after_no(text, locale))


def read(text: str, locale: str | None = None, *, after_denial: bool = False) -> Reading:
    """What a sentence says, in the words of the locale's language.

    `after_denial`: the words followed a denial the voice model heard ("no {symptom}",
    "I haven't {symptom}"), so they are read with a "not" before them: "fever" is denied, but
    "been able to wee" is an inability, a sign.
    """
    lex = lexicon(language_of(locale))
    words_ = _respelled([word for word in words(text) if word not in lex.fillers],
                        lex.respellings)
    if after_denial and words_:
        words_ = [lex.negation_prefix, *words_]
    if not words_:
        return Reading()
    if _is_question(words_, lex):
        return Reading(question=True)
    answers: dict[str, Reply] = {}
    clauses = list(_clauses(words_, lex))
    said: list[set[str]] = []
    denials: list[set[str]] = []
    for clause in clauses:
        said.append(set())
        denials.append(set())
        _read_clause(clause, lex, said[-1], denials[-1], answers)
    signs = set().union(*said)
    denied = set().union(*denials)
    # "I'm sixty, but I've had back trouble for years": the age says no sign when the pain is
    # said not to be new, in whichever clause ("tengo sesenta, pero lumbagos he tenido muchos").
    # A negation anywhere before it undoes it: "never in my life had back pain before".
    not_new = lex.signs.get("new_over_fifty")
    if not_new and any(
        _denial_said(c, not_new.denials, lex.negations, reach=None) for c in clauses
    ):
        signs.discard("new_over_fifty")
    for sign in [s for s in signs if _someone_elses(clauses, said, denials, s, lex)]:
        signs.discard(sign)
        denied.add(sign)
    denied -= signs
    return Reading(_reply(words_, lex), frozenset(signs), frozenset(denied), answers)


def _someone_elses(
    clauses: list[list[str]], said: list[set[str]], denials: list[set[str]], sign: str,
    lex: Lexicon,
) -> bool:
    """Whether the sign is said only of another person and, in a later clause, not of the
    speaker: "my mum had cancer, but not me", "the kids had a temperature but I never caught
    it, no fever here", "mi compadre tiene una pierna que le falla, pero a mí no". People are
    named by nouns only: "she had a fever, not me" may be about the person the questions are
    for, so it stays the sign."""
    told = [i for i, signs in enumerate(said) if sign in signs]
    # The person may be named in the clause before, which says no sign of its own: "my mum had
    # it, breast cancer, but not me".
    if not all(_anothers(clauses[i], sign, lex, named_before=i > 0 and not said[i - 1]
                         and _find(clauses[i - 1], lex.other_people) is not None)
               for i in told):
        return False
    # A later denial of the sign counts when it is the speaker's ("no fever on my end"): "mum
    # had a bad fall, no broken bones" may be about the person the questions are for.
    return any(_not_mine(clauses[j], lex)
               or (sign in denials[j] and _find(clauses[j], lex.speaker) is not None)
               for j in range(told[-1] + 1, len(clauses)))


def _anothers(clause: list[str], sign: str, lex: Lexicon, *, named_before: bool) -> bool:
    """Whether the clause says the sign of another person: named before it (here or in the
    clause before), with the speaker not its subject ("my wife's knee gave way"; not "I
    collapsed at my son's wedding", nor "my son was with me, I collapsed"), or in the sign's
    own words for another's ("cancer runs in my family")."""
    sign_words = lex.signs[sign]
    if _find(clause, sign_words.others) is not None:
        return True
    found = _sign_positions(clause, sign_words)
    if found is None:
        return False
    person = _find(clause, lex.other_people)
    if not named_before and (person is None or min(person) > min(found)):
        return False
    # The speaker as subject before the sign or in its own words ("me caí").
    return not set(clause[: max(found) + 1]) & lex.speaker_subjects


def _not_mine(clause: list[str], lex: Lexicon) -> bool:
    """Whether the clause says not the speaker's, as the whole clause, after its joining word
    ("pero yo no", "and not me"), or before its own "and ..." ("yo nunca lo he tenido y sí
    llevo una semana"); never "yo no puedo orinar", which goes on to say something else."""
    for start in (0, 1):
        for phrase in _said(clause[start:], lex.not_mine):
            end = start + len(phrase)
            if _at(clause, start, phrase) and (end == len(clause) or clause[end] in lex.joiners):
                return True
    return False


def _is_question(words_: list[str], lex: Lexicon) -> bool:
    # A question word first is the tell; "could be" and "might be" are hedges, not questions.
    hedges = (*lex.replies.get("unknown", ()), *lex.replies.get("partly", ()))
    if _starts_with(words_, hedges) or _starts_with(words_, lex.telling_openers):
        return False
    if _starts_with(words_, lex.question_starts):
        # "when I wipe, I can't feel it" tells; "when should I worry" asks.
        return words_[0] not in lex.telling_starts or (
            len(words_) > 1 and words_[1] in lex.asking_verbs
        )
    if len(words_) < 2 or words_[0] not in lex.asking_verbs:
        return False
    # "can losing weight help", "is walking good": a verb, then what it asks about.
    if words_[0] in lex.telling_starts:
        # Where the voice model kept only the words after "I": "did a week of it and it's
        # loads better" tells; "did I hurt it" asks.
        return words_[1] in lex.pronouns
    return words_[1] in lex.subjects or words_[1].endswith("ing")


def _starts_with(words_: list[str], phrases: Iterable[Phrase]) -> bool:
    return any(tuple(words_[: len(p)]) == p for p in phrases)


def _clauses(words_: list[str], lex: Lexicon) -> Iterator[list[str]]:
    clause: list[str] = []
    i = 0
    while i < len(words_):
        if words_[i] in _PUNCTUATION:
            i += 1
            if clause:
                yield clause
            clause = []
            continue
        brk = next((p for p in lex.clause_breaks if _at(words_, i, p)), None)
        if brk is not None and clause:
            yield clause
            clause = []
            # "and my legs": the pronoun starts the new clause.
            i += 1
            continue
        closed = _closed_denial(words_, i, lex)
        if closed:
            # "nothing like that, I'm seventy two": the denial is over; what follows is said.
            yield [*clause, *words_[i : i + closed]]
            clause = []
            i += closed
            continue
        clause.append(words_[i])
        i += 1
    if clause:
        yield clause


def _closed_denial(words_: list[str], i: int, lex: Lexicon) -> int:
    """The length of a denial complete in itself at i ("nothing like that", "not really")
    when a new subject follows it, else 0."""
    opens = lex.clause_subjects | lex.after_closed_denial
    for phrase in lex.closed_denials:
        end = i + len(phrase)
        if _at(words_, i, phrase) and end < len(words_) and words_[end] in opens:
            return len(phrase)
    return 0


def _at(words_: list[str], i: int, phrase: Phrase) -> bool:
    return tuple(words_[i : i + len(phrase)]) == phrase


def _starts(clause: list[str], phrase: Phrase) -> Iterator[int]:
    """Where the phrase is said in the clause, first to last. list.index finds each candidate
    start, so a long slot value costs a scan per phrase, not a comparison per word."""
    if not phrase:
        yield from range(len(clause) + 1)
        return
    stop = len(clause) - len(phrase) + 1
    i = 0
    while i < stop:
        try:
            i = clause.index(phrase[0], i, stop)
        except ValueError:
            return
        if _at(clause, i, phrase):
            yield i
        i += 1


def _said(clause: list[str], phrases: Iterable[Phrase]) -> Iterator[Phrase]:
    """The phrases that may be said in the clause, in order: a phrase whose first word the
    clause lacks is passed over with one set lookup (a lexicon has hundreds of phrases)."""
    present = set(clause)
    return (phrase for phrase in phrases if not phrase or phrase[0] in present)


def _find(clause: list[str], phrases: Iterable[Phrase]) -> set[int] | None:
    """The positions of the first (longest) phrase said in the clause, or None."""
    for phrase in _said(clause, phrases):
        for i in _starts(clause, phrase):
            return set(range(i, i + len(phrase)))
    return None


def _sign_positions(clause: list[str], words_: _SignWords) -> set[int] | None:
    found = _find(clause, words_.phrases)
    if found is not None:
        return found
    for groups in words_.groups:
        used: set[int] = set()
        for group in groups:
            hit = _find_outside(clause, group, used)
            if hit is None:
                break
            used |= hit
        else:
            return used
    return None


def _find_outside(clause: list[str], phrases: Iterable[Phrase], used: set[int]) -> set[int] | None:
    for phrase in _said(clause, phrases):
        for i in _starts(clause, phrase):
            span = set(range(i, i + len(phrase)))
            if not span & used:
                return span
    return None


def _read_clause(
    clause: list[str],
    lex: Lexicon,
    signs: set[str],
    denied: set[str],
    answers: dict[str, Reply],
) -> None:
    # Words that belong to a hedge ("not sure", "don't know") negate nothing, and a clause that
    # does not know ("I haven't checked my temperature") neither says nor denies a sign.
    hedged = _find_all(clause, lex.replies.get("unknown", ()))
    # Negation words that belong to "can't", "not able to", "isn't right" deny nothing, nor
    # do those that insist ("no doubt about it", "sin duda").
    unable = _find_all(clause, lex.inabilities) | _find_all(clause, lex.emphases)
    # Nor does one that is part of a sign said ("se me dobla la rodilla, no la apoyo": the
    # "no" says the second sign and denies nothing of the first), nor, for a sign said before
    # it, one just before another sign ("my leg gives way no fever though").
    starts = _sign_starts(clause, lex)
    unable |= {i for at in starts.values() for i in at if clause[i] in lex.negations}
    for sign, sign_words in lex.signs.items():
        others = {i for other, at in starts.items() if other != sign for i in at}
        _note(sign, _sign_said(clause, lex, sign_words, hedged, unable, others), signs, denied)
    if "new_over_fifty" not in signs:
        _note("new_over_fifty", _age_said(clause, lex, hedged), signs, denied)
    _read_answers(clause, lex, answers)


def _sign_starts(clause: list[str], lex: Lexicon) -> dict[str, set[int]]:
    """Where each sign's phrases are said in the clause, when it holds a negation (otherwise
    none is needed): every position of each phrase, by sign."""
    if not lex.negations.intersection(clause):
        return {}
    found = {sign: _find_all(clause, sign_words.phrases) for sign, sign_words in lex.signs.items()}
    return {sign: at for sign, at in found.items() if at}


def _note(sign: str, said: bool | None, signs: set[str], denied: set[str]) -> None:
    """Put the sign with those said (True) or those denied (False); None is neither."""
    if said is not None:
        (signs if said else denied).add(sign)


def _sign_said(
    clause: list[str],
    lex: Lexicon,
    sign_words: _SignWords,
    hedged: set[int],
    unable: set[int],
    others: set[int],
) -> bool | None:
    """Whether the clause says the sign (True), denies it (False) or does neither (None)."""
    if _denial_said(clause, sign_words.denials, lex.negations):
        return False
    # Words that only look like the sign ("fell asleep", "hot water bottle") are hidden
    # from it; the rest of the clause is still read ("fell asleep, then fell down the stairs").
    hidden = _find_all(clause, sign_words.ignore)
    seen = [MASK if i in hidden else word for i, word in enumerate(clause)]
    found = _sign_positions(seen, sign_words)
    if found is None or _in_doubt(found, hedged) or found <= hedged:
        # "no me he tomado la temperatura": the hedge's own words, not the sign.
        return None
    # Every phrase of the sign said here is its own words ("resting makes no difference").
    own = found | _find_all(clause, sign_words.phrases)
    # A negation after the sign that leads into another sign is that one's.
    leading = {i for i in range(max(found) + 1, len(clause)) if {i + 1, i + 2} & others}
    negated = _negated_outside(clause, lex.negations, own | hedged | unable | leading)
    # "isn't normal", "no está bien" say something is wrong: never a reassurance, nor is how a
    # person says they are ("he keeled over, he says he's fine now").
    before_sign = set(range(min(found)))
    well = _find_all(clause, lex.persons_well)
    reassured = _find_outside(clause, lex.reassurances, before_sign | unable | well) is not None
    return not (negated or reassured)


def _age_said(clause: list[str], lex: Lexicon, hedged: set[int]) -> bool | None:
    """Whether the clause says the user is over fifty (True), denies it (False) or says no
    such age (None)."""
    if _age(clause, lex.numbers) < OVER_FIFTY:
        return None
    # "I'm not over seventy" denies the age; "I'm seventy two and never had a bad back"
    # says it: only a negation before the figure counts.
    before = _first_figure(clause, lex.numbers)
    return not _negated_outside(clause[:before], lex.negations, hedged)


def _negated_outside(clause: list[str], negations: frozenset[str], skipped: set[int]) -> bool:
    """Whether a negation word is said at a position not in `skipped`."""
    return any(word in negations and i not in skipped for i, word in enumerate(clause))


def _read_answers(clause: list[str], lex: Lexicon, answers: dict[str, Reply]) -> None:
    for question, by_reply in lex.answers.items():
        # The last thing said is the conclusion: "tried all that, and it got better" is no.
        said = [(max(found), reply) for reply, phrases in by_reply.items()
                if (found := _find_all(clause, phrases))]
        if said:
            answers[question] = max(said)[1]


def _denial_said(
    clause: list[str], denials: Iterable[Phrase], negations: frozenset[str],
    reach: int | None = 1,
) -> bool:
    """Whether a denial is said, not negated: "puedo caminar" denies, but "no puedo caminar"
    holds the same words after a negation and says the sign. `reach`: how many words before
    the denial a negation undoes it from (None: anywhere before it in the clause)."""
    for phrase in _said(clause, denials):
        for i in _starts(clause, phrase):
            before = clause[:i] if reach is None else clause[max(0, i - reach) : i]
            if not negations & set(before):
                return True
    return False


MASK = "\x00"
# A sign this close after "I don't know", "haven't checked" is what the user is unsure of.
DOUBT_REACH = 5


def _in_doubt(found: set[int], hedged: set[int]) -> bool:
    """"I haven't checked my temperature": neither said nor denied. "I don't know if this
    matters, I'm in remission from breast cancer": the sign, further on, is said. A hedge
    inside the sign's own words ("I can't tell when I need to go") is the sign, not a doubt."""
    doubts = [run for run in _runs(hedged) if not run & found]
    return any(0 <= min(found) - max(run) <= DOUBT_REACH for run in doubts)


def _runs(positions: set[int]) -> list[set[int]]:
    """Positions in runs of consecutive words: each hedge said, as one piece."""
    runs: list[set[int]] = []
    for i in sorted(positions):
        if runs and i - 1 in runs[-1]:
            runs[-1].add(i)
        else:
            runs.append({i})
    return runs


def _find_all(clause: list[str], phrases: Iterable[Phrase]) -> set[int]:
    positions: set[int] = set()
    for phrase in _said(clause, phrases):
        for i in _starts(clause, phrase):
            positions |= set(range(i, i + len(phrase)))
    return positions


def _age(clause: list[str], numbers: Numbers) -> int:
    """An age the user states ("I'm sixty two", "I am 70", "62 years old"), or 0."""
    first = _number(clause, 0, numbers)
    if first is not None and OVER_FIFTY <= first < 120 and not _unit_follows(clause, numbers):
        # "i'm 67 and ...": the voice model may have kept "i'm" as its carrier words.
        return first
    old = numbers.years_old
    for i, word in enumerate(clause):
        marker = word in numbers.age_markers
        if marker or (old and tuple(clause[i + 1 : i + 1 + len(old)]) == old):
            start = i + 1 if marker else i
            number = _number(clause, start, numbers)
            # "tengo sesenta días con esto" is a length, not an age.
            # "I am sixty eight years" is an age in Indian English; "sixty days" is a length.
            unit = marker and _unit_follows(clause[start:], numbers)
            if unit and old and old[0] in clause[start + 1 : start + 4]:
                unit = False
            if number is not None and 16 <= number < 120 and not unit:
                return number
    return 0


def _first_figure(clause: list[str], numbers: Numbers) -> int:
    return next(
        (i for i in range(len(clause)) if _number(clause, i, numbers) is not None), len(clause)
    )


def _figure_words(numbers: Numbers) -> set[str]:
    """The words a figure is said in ("sixty", "two", "y")."""
    return {*numbers.tens, *numbers.units, numbers.joiner}


def _unit_follows(clause: list[str], numbers: Numbers) -> bool:
    figures = _figure_words(numbers)
    after = [w for w in clause[1:3] if w not in figures]
    if not after or after[0] not in numbers.other_units:
        return False
    # "sixty years old" is an age: the unit, then the rest of "years old".
    old = numbers.years_old
    at = clause.index(after[0])
    return not (old and tuple(clause[at : at + len(old)]) == old and len(old) > 1)


def _number(clause: list[str], i: int, numbers: Numbers) -> int | None:
    if i >= len(clause):
        return None
    word = clause[i]
    if word.isdigit():
        return int(word)
    if word in numbers.tens:
        following = clause[i + 1 : i + 3]
        if numbers.joiner and following[:1] == [numbers.joiner]:
            following = following[1:]
        unit = numbers.units.get(following[0], 0) if following else 0
        return numbers.tens[word] + (unit if 0 < unit < 10 else 0)
    return numbers.units.get(word)


def _reply(words_: list[str], lex: Lexicon) -> Reply | None:
    """The reply the sentence gives. Not knowing, said anywhere, makes it not sure (never a
    no); "sort of" answers only when it opens the sentence ("it kind of came on by itself"
    admits nothing); yes and no answer when they open it."""
    said = [w for w in words_ if w not in _PUNCTUATION]
    # "Can't say I have" is a no; "can't say, I have no idea" still does not know.
    understated = _find(said, lex.replies.get("understated_no", ())) or set()
    if _find_outside(said, lex.replies.get("unknown", ()), understated) is not None:
        return HEDGE_REPLIES["unknown"]
    if understated:
        return Reply.NO
    # "no puedo orinar", "no siento nada ahí abajo" open with a no that answers nothing.
    opens_otherwise = _starts_with(said, lex.replies.get("not_replies", ()))
    for kind in ("partly", "no", "yes"):
        if kind == "no" and opens_otherwise:
            continue
        if kind == "partly" and _starts_with(said, lex.replies.get("not_partly", ())):
            continue
        if _starts_with(said, lex.replies.get(kind, ())):
            return HEDGE_REPLIES.get(kind) or Reply(kind)
    return None


def duration_hours(text: str, locale: str | None = None) -> int | None:
    """How long the pain has lasted, said in words the voice model could not resolve ("about
    six months now, I kept thinking it would go away"), in hours; None when no length is said.

    "Four or five days" is the lower figure; a length only felt ("three days, and it feels like
    three weeks") gives way to one said plainly; when clauses say different lengths, the last one
    is meant ("years on and off, but this bout is about a week old").
    """
    lex = lexicon(language_of(locale))
    words_ = _respelled([word for word in words(text) if word not in lex.fillers],
                        lex.respellings)
    plain: int | None = None
    felt: int | None = None
    for clause in _clauses(words_, lex):
        for hours, compared in _clause_durations(clause, lex):
            if compared:
                felt = hours
            else:
                plain = hours
    return plain if plain is not None else felt


def _clause_durations(clause: list[str], lex: Lexicon) -> Iterator[tuple[int, bool]]:
    """Each length in a clause, in hours, and whether it is only how it feels."""
    for i, word in enumerate(clause):
        hours = lex.duration_units.get(word)
        if hours is None or _is_age(clause, i, lex):
            continue
        count = _count_before(clause, i, lex.numbers)
        if count is not None:
            compared = _find(clause[max(0, i - 5) : i], lex.duration_comparisons) is not None
            yield round(count * hours), compared


def _is_age(clause: list[str], unit: int, lex: Lexicon) -> bool:
    """Whether the figure and unit at clause[unit] say how old, not how long: "my ten year
    old", "tiene once años", "mi hija de nueve años"."""
    if clause[unit] not in lex.age_units:
        return False
    if clause[unit + 1 : unit + 2] == ["old"]:
        return True
    start = _figure_start(clause, unit, lex.numbers)
    if not start or (clause[unit + 1 : unit + 2] and clause[unit + 1] in lex.length_after_age):
        return False
    if any(clause[max(0, start - len(p)) : start] == list(p) for p in lex.age_openers):
        return True
    people = {phrase[-1] for phrases in lex.people.values() for phrase in phrases}
    return clause[start - 1] in lex.age_after_person and start >= 2 and clause[start - 2] in people


def _count_before(clause: list[str], unit: int, numbers: Numbers) -> float | None:
    """The figure before clause[unit]: "ten", "36", "a", "a couple of", "four or five",
    "three or so", "a week and a half" (the half follows the unit), "treinta y cinco",
    "un par de", "unos días"."""
    start = _figure_start(clause, unit, numbers)
    if start is None:
        return None
    if clause[start] in numbers.one | numbers.some:
        count = _words_count(clause[start], set(clause[start:unit]), numbers)
    else:
        number = _lower_figure(clause, start, numbers)
        if number is None:
            return None
        count = float(number)
    if any(tuple(clause[unit + 1 : unit + 1 + len(h)]) == h for h in numbers.halves):
        count += 0.5
    return count


def _figure_start(clause: list[str], unit: int, numbers: Numbers) -> int | None:
    """Where the figure before clause[unit] starts: back past the words said between a figure
    and its unit ("a couple of", "or so"), and to the tens of "twenty one"; None when nothing
    else comes before the unit."""
    start = unit - 1
    while start >= 0 and clause[start] in numbers.between:
        start -= 1
    if start < 0:
        return None
    joined = numbers.joiner and start > 1 and clause[start - 1] == numbers.joiner
    if joined and clause[start - 2] in numbers.tens:  # "treinta y cinco dias"
        start -= 2
    elif start > 0 and clause[start - 1] in numbers.tens:  # "twenty one days"
        start -= 1
    return start


def _words_count(first: str, said: set[str], numbers: Numbers) -> float:
    """The count said in words, `first` to the unit: "a" is one, "a couple of" two, "a few"
    or "unos" three."""
    count = 2.0 if said & numbers.couple else 3.0 if said & numbers.few else 1.0
    if first in numbers.some and count == 1.0:
        count = 3.0
    return count


def _lower_figure(clause: list[str], start: int, numbers: Numbers) -> int | None:
    """The figure said at clause[start], or the one before it in "four or five"."""
    number = _number(clause, start, numbers)
    if number is None:
        return None
    # "four or five days": the lower figure, said first.
    alternative = start >= 2 and clause[start - 1] == numbers.alternative
    first = start - 2 if alternative else start
    return _number(clause, first, numbers) or number
