"""How visitors' words meet the indexed text: reading a query, spelling variants of German
words, the light stemming that lets a query find the word's other forms, and highlighted
snippets. Both engines read queries the same way."""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

from cms.text import GERMAN_TRANSLITERATION

# Letters and digits; an underscore, like any other symbol, separates words.
WORD = re.compile(r"[^\W_]+")
PHRASE = re.compile(r'"([^"]*)"')
MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_WORD_LENGTH = 40
# Endings a German or English word sheds between its forms: a query for "Projekte" finds
# "Projekt" and "Projekten", one for "projects" finds "project".
ENDINGS = ("innen", "ungen", "ern", "en", "er", "es", "em", "e", "n", "s")
SHORTEST_STEM = 4
# Words that would make every query that holds them find nothing or everything.
STOP_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "eines",
        "einem",
        "einen",
        "und",
        "oder",
        "in",
        "im",
        "am",
        "an",
        "auf",
        "aus",
        "bei",
        "mit",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "für",
        "fuer",
        "über",
        "ueber",
        "ist",
        "sind",
        "wie",
        "was",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "with",
        "by",
        "is",
        "are",
        "how",
        "what",
        "not",
        "nicht",
    ]
)


@dataclass
class Query:
    """A visitor's query as words (each also found at the start of longer words, such as the
    parts of German compounds) and phrases in quotes (found as they stand)."""

    text: str
    terms: list = field(default_factory=list)
    phrases: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.terms or self.phrases)

    def words(self):
        return [*self.terms, *(word for phrase in self.phrases for word in phrase)]


def words_of(text):
    return [word for word in WORD.findall(text.lower()) if len(word) <= MAX_WORD_LENGTH]


def cleaned(text):
    """``text`` without control characters (no database stores a NUL) and runs of spaces,
    cut to the longest query read."""
    text = "".join(" " if unicodedata.category(char)[0] == "C" else char for char in text or "")
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def parsed(text):
    """The query in ``text``, whatever it holds: control characters, unbalanced quotes and the
    syntax of search engines are read as separators, and very long queries are cut."""
    text = cleaned(text)
    phrases = [words_of(phrase) for phrase in PHRASE.findall(text)]
    phrases = [phrase for phrase in phrases if len(phrase) > 1]
    single_words_in_quotes = [words_of(phrase) for phrase in PHRASE.findall(text)]
    terms = [word for word in words_of(PHRASE.sub(" ", text)) if word not in STOP_WORDS]
    terms += [phrase[0] for phrase in single_words_in_quotes if len(phrase) == 1]
    unique_terms = list(dict.fromkeys(terms))[:MAX_TERMS]
    return Query(text=text, terms=unique_terms, phrases=phrases[:MAX_TERMS])


def without_accents(word):
    return "".join(
        char for char in unicodedata.normalize("NFKD", word) if not unicodedata.combining(char)
    )


# "ae", "oe" and "ue" written for "ä", "ö" and "ü", read back as the vowel alone (as
# Lucene's German normalisation does): "Lueneburg" is "Luneburg", "Lüneburg" without accents.
TYPED_UMLAUT = re.compile(r"(?<![aeiouq])ue|ae|oe")


# A rebuild reads the same words over and over.
@functools.lru_cache(maxsize=100_000)
def spellings(word):
    """``word`` as typed, with "ue" for "ü" and "ss" for "ß", without its accents, and with
    a typed "ue" for "ü" read as the "u" of the word without accents."""
    transliterated = without_accents(word.translate(GERMAN_TRANSLITERATION))
    plain = without_accents(word)
    vowels = TYPED_UMLAUT.sub(lambda typed: typed.group()[0], plain)
    return tuple(dict.fromkeys([word, transliterated, plain, vowels]))


def folded(text):
    """The other spellings of the words in ``text`` that are not plain ASCII, for the database's
    index, whose tokenizer knows only the words as they stand."""
    variants = {}
    for word in words_of(text):
        if not word.isascii():
            for spelling in spellings(word)[1:]:
                variants[spelling] = True
    return " ".join(variants)


def stem(word):
    """The start of ``word`` that its other forms share."""
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= SHORTEST_STEM:
            return word[: -len(ending)]
    return word


def prefixes(term):
    """What a term is found by: the stems of each of its spellings."""
    return list(dict.fromkeys(stem(spelling) for spelling in spellings(term)))


def matches(word, query_prefixes):
    return any(
        spelling.startswith(prefix) for spelling in spellings(word) for prefix in query_prefixes
    )


def highlighted(text, query, *, length=240):
    """A snippet of ``text`` around the first word the query finds, escaped, with the words it
    finds in ``<mark>``; the start of the text when it finds none. ``length=None`` keeps the
    whole text."""
    if length is None:
        length = len(text)
    query_prefixes = [prefix for term in query.words() for prefix in prefixes(term)]
    tokens = list(re.finditer(r"[^\W_]+", text))
    first = next(
        (token for token in tokens if matches(token.group().lower(), query_prefixes)), None
    )
    start = 0
    if first is not None and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    parts, position = [], start
    for token in tokens:
        if token.start() < start or token.end() > end:
            continue
        if matches(token.group().lower(), query_prefixes):
            parts.append(escape(text[position : token.start()]))
            parts.append(f"<mark>{escape(token.group())}</mark>")
            position = token.end()
    parts.append(escape(text[position:end]))
    snippet = "".join(parts)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(f"{prefix}{snippet}{suffix}")  # noqa: S308 (every piece is escaped)
