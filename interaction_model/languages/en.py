"""English (every en-* locale): the tables of normalize.py, numbers.py, durations.py, dates.py
and builtin_phrases.py, and the resolver's small words."""

from __future__ import annotations

from interaction_model import durations, normalize
from interaction_model.builtin_phrases import BUILTIN_PHRASES
from interaction_model.dates import find_dates
from interaction_model.languages import Language, ResolverWords
from interaction_model.numbers import WORD_VALUES

_NEGATIONS = frozenset(
    {"not", "no", "never", "nothing", "none", "nor", "without", "nah", "nope", "naw", "nae"}
)

WORDS = ResolverWords(
    function_words=frozenset([
        "the", "and", "but", "not", "can", "have", "has", "had", "been", "got", "get", "feel",
        "felt", "when", "what", "with", "that", "this", "than", "for", "from", "into", "out", "off",
        "any", "all", "was", "were", "are", "you", "your", "our", "its", "his", "her", "their",
        "them", "they", "very", "really", "just", "only", "still", "also", "too", "now", "then",
        "there", "here", "some", "more", "most", "much", "many", "i'm", "i've", "don't", "can't",
        "won't", "it's", "able", "keep", "keeps", "going", "went", "gone", "come", "came",
    ]),
    not_a_value=frozenset({"it", "this", "that", "them", "me", "you", "so", "there", "a", "the"}),
    question_words=frozenset([
        "can", "could", "should", "would", "will", "is", "are", "does", "do", "did", "how", "what",
        "why", "when", "where", "which", "who",
    ]),
    contrasts=frozenset({"but", "though", "although", "however", "except"}),
    reassurances=frozenset(
        {"normal", "fine", "ok", "alright", "grand", "good", "usual", "same"}
    ),
    polarity=frozenset(["yes", "yeah", "yep", "yup", "aye", "no", "nope", "nah"]),
    negations=_NEGATIONS,
    # Not "not" or "never": "it gave way not once but twice", "never had that before" say it.
    denials_after=frozenset({"no", "none", "nope"}),
    help_words=frozenset({"help", "helps"}),
    number_words=frozenset(WORD_VALUES) | {"hundred", "thousand", "half", "quarter"},
    unit_words=frozenset(["day", "days", "week", "weeks", "month", "months", "year", "years",
                          "hour", "hours", "minute", "minutes", "night", "nights",
                          "fortnight", "fortnights"]),
)

LANGUAGE = Language(
    code="en",
    text=normalize.ENGLISH,
    durations=durations.ENGLISH,
    find_dates=find_dates,
    builtin_phrases=BUILTIN_PHRASES,
    words=WORDS,
    launch_words=frozenset({
        "ask", "tell", "open", "launch", "begin", "start", "load", "play", "resume", "run", "use",
        "alexa", "amazon", "echo", "computer", "skill", "app",
    }),
    articles_and_prepositions=frozenset(
        {"a", "an", "the", "for", "to", "of", "with", "by", "in", "on", "at", "from", "about"}
    ),
)
