"""The keyword query language of alert rules: parse once, match many texts, report what matched.

    query   := or
    or      := and ("OR" and)*
    and     := unary (["AND"] unary)*        two terms side by side mean AND
    unary   := "NOT" unary | "(" or ")" | phrase | term
    phrase  := '"' word+ '"'                 the words in this order, next to each other
    term    := word | word "*"               "*" at the end: any word starting so (Sanktion*)

Matching is case-insensitive on whole words (Unicode letters and digits); umlauts count as
letters, so "Zölle" matches "zölle" but not "Zoelle". No regular expressions are involved: a
query is a set of word comparisons, linear in the text, whatever the user writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import re2

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|([^\s()"]+))')
_WORD = re.compile(r"\w+")
OPERATORS = {"AND", "OR", "NOT"}


class QueryError(ValueError):
    """A query that does not parse; the message says where and what was expected."""


@lru_cache(maxsize=1024)  # rules are few; each article asks again
def compile_pattern(pattern: str) -> Any:
    """A user's regular expression, compiled by RE2: matching time is linear in the text, so no
    pattern can stall the worker ((a+)+$ included). Backreferences and lookaround, which need
    backtracking, are refused with RE2's reason."""
    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options=options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else str(exc)
        raise QueryError(f"not an RE2 regular expression: {reason}") from None


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # casefolded; one for a word, several for a phrase
    prefix: bool = False  # the last word may continue (Sanktion*)

    def __str__(self) -> str:
        text = " ".join(self.words) + ("*" if self.prefix else "")
        return f'"{text}"' if len(self.words) > 1 else text


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class All:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Any_:
    operands: tuple[Node, ...]


Node = Term | Not | All | Any_


@dataclass(frozen=True)
class Hit:
    term: str
    field: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1024)
def parse(query: str) -> Node:
    tokens = _tokens(query)
    if not tokens:
        raise QueryError("empty query: expected at least one word or phrase")
    node, position = _or(tokens, 0, query)
    if position != len(tokens):
        raise QueryError(f"unexpected {tokens[position][1]!r} at character {tokens[position][0]}")
    return node


def _tokens(query: str) -> list[tuple[int, str, str]]:
    """(offset, text, kind) with kind one of ( ) phrase word."""
    out = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None or match.end() == position:
            if query[position:].strip() == "":
                break
            quote = query.index('"', position)
            raise QueryError(f"unclosed quote at character {quote}")
        start = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        if match.group(1):
            out.append((start, "(", "("))
        elif match.group(2):
            out.append((start, ")", ")"))
        elif match.group(3) is not None:
            out.append((start, match.group(3), "phrase"))
        elif match.group(4):
            out.append((start, match.group(4), "word"))
        position = match.end()
    return out


def _or(tokens: list, i: int, query: str) -> tuple[Node, int]:
    operands = []
    node, i = _and(tokens, i, query)
    operands.append(node)
    while i < len(tokens) and tokens[i][1] == "OR":
        node, i = _and(tokens, i + 1, query)
        operands.append(node)
    return (operands[0] if len(operands) == 1 else Any_(tuple(operands))), i


def _and(tokens: list, i: int, query: str) -> tuple[Node, int]:
    operands = []
    node, i = _unary(tokens, i, query)
    operands.append(node)
    while i < len(tokens) and tokens[i][1] != "OR" and tokens[i][2] != ")":
        if tokens[i][1] == "AND":
            i += 1
        node, i = _unary(tokens, i, query)
        operands.append(node)
    return (operands[0] if len(operands) == 1 else All(tuple(operands))), i


def _unary(tokens: list, i: int, query: str) -> tuple[Node, int]:
    if i >= len(tokens):
        raise QueryError(f"query ends early: expected a word, a phrase or '(' after character {len(query)}")
    offset, text, kind = tokens[i]
    if kind == "word" and text == "NOT":
        node, i = _unary(tokens, i + 1, query)
        return Not(node), i
    if kind == "(":
        node, i = _or(tokens, i + 1, query)
        if i >= len(tokens) or tokens[i][2] != ")":
            raise QueryError(f"'(' at character {offset} is never closed")
        return node, i + 1
    if kind == ")" or text in OPERATORS:
        raise QueryError(f"unexpected {text!r} at character {offset}: expected a word, a phrase or '('")
    prefix = text.endswith("*")
    words = tuple(w.casefold() for w in _WORD.findall(text.rstrip("*")))
    if not words:
        raise QueryError(f"{text!r} at character {offset} has no letters or digits to match")
    if "*" in text.rstrip("*"):
        raise QueryError(f"{text!r} at character {offset}: '*' may only end a word (prefix match)")
    return Term(words, prefix), i + 1


def terms(node: Node) -> list[Term]:
    """Every term the query can match on (those under NOT excluded)."""
    if isinstance(node, Term):
        return [node]
    if isinstance(node, Not):
        return []
    return [t for operand in node.operands for t in terms(operand)]


class Document:
    """Fields of one article, tokenised once for all queries."""

    def __init__(self, fields: dict[str, str]) -> None:
        self.fields = {
            name: [(m.group(0).casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]
            for name, text in fields.items()
        }
        self.texts = fields
        self._cache: dict[Term, list[Hit]] = {}
        self._indexes: dict[str, dict[str, list[int]]] = {}

    def hits(self, term: Term, fields: tuple[str, ...]) -> list[Hit]:
        found = self._cache.get(term)
        if found is None:
            found = [hit for name in self.fields for hit in self._find(term, name)]
            self._cache[term] = found
        return [h for h in found if h.field in fields]

    def _find(self, term: Term, name: str) -> list[Hit]:
        words = self.fields[name]
        n = len(term.words)
        # Candidate starts from the field's word index, not a scan of every position per term.
        index = self._index(name)
        if n == 1 and term.prefix:
            starts = sorted(i for word, at in index.items() if word.startswith(term.words[0]) for i in at)
        else:
            starts = index.get(term.words[0], [])
        out = []
        for i in starts:
            if i + n > len(words):
                continue
            if all(words[i + j][0] == term.words[j] for j in range(1, n - 1)):
                last = words[i + n - 1][0]
                if last == term.words[-1] or (term.prefix and last.startswith(term.words[-1])):
                    start, end = words[i][1], words[i + n - 1][2]
                    out.append(Hit(str(term), name, start, end, self.texts[name][start:end]))
        return out

    def _index(self, name: str) -> dict[str, list[int]]:
        index = self._indexes.get(name)
        if index is None:
            index = self._indexes[name] = {}
            for i, (word, _start, _end) in enumerate(self.fields[name]):
                index.setdefault(word, []).append(i)
        return index


def evaluate(node: Node, document: Document, fields: tuple[str, ...]) -> tuple[bool, list[Hit]]:
    """Whether the document matches, and the hits of the terms that made it match."""
    if isinstance(node, Term):
        found = document.hits(node, fields)
        return bool(found), found
    if isinstance(node, Not):
        matched, _ = evaluate(node.operand, document, fields)
        return not matched, []
    results = [evaluate(operand, document, fields) for operand in node.operands]
    if isinstance(node, All):
        ok = all(matched for matched, _ in results)
    else:
        ok = any(matched for matched, _ in results)
    return ok, [hit for matched, found in results if matched for hit in found] if ok else []
