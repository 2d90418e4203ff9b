"""A tiny, safe parser for 勾稽 rules written as ``left op right`` (never ``eval``).

Grammar::

    rule   := expr cmp expr          cmp: == = != <> <= >= < >
    expr   := term (('+' | '-') term)*
    term   := factor (('*' | '/') factor)*
    factor := NUMBER | NAME | '(' expr ')' | '-' factor

Names are column keys of the template (``c3``, ``c16``). A rule such as ``c3 == c4 + c5 + c6``
is parsed once into a small tree and evaluated against a row's numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ykt_desktop.errors import UserError

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(==|!=|<>|<=|>=|[-+*/()<>=]))")
COMPARISONS = {"==", "=", "!=", "<>", "<=", ">=", "<", ">"}
CMP_LABELS = {"==": "=", "=": "=", "!=": "≠", "<>": "≠", "<=": "≤", ">=": "≥", "<": "<", ">": ">"}


class RuleSyntaxError(ValueError, UserError):
    """A rule cannot be parsed; the message is Chinese and names the rule."""


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    key: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str
    left: Node
    right: Node


Node = Num | Name | Neg | BinOp


@dataclass(frozen=True)
class Comparison:
    text: str
    op: str
    left: Node
    right: Node

    def names(self) -> list[str]:
        return _names(self.left) + [n for n in _names(self.right) if n not in _names(self.left)]


def tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            bad = text[pos:].strip()[:1]
            raise RuleSyntaxError(f"规则“{text}”第{pos + 1}个字符“{bad}”无法识别")
        tokens.append(next(g for g in match.groups() if g is not None))
        pos = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise RuleSyntaxError(f"规则“{self.text}”不完整")
        self.pos += 1
        return token

    def rule(self) -> Comparison:
        left = self.expr()
        op = self.take()
        if op not in COMPARISONS:
            raise RuleSyntaxError(f"规则“{self.text}”缺少比较符（==、<=、>= 等），遇到“{op}”")
        right = self.expr()
        if self.peek() is not None:
            raise RuleSyntaxError(f"规则“{self.text}”末尾多出“{self.peek()}”")
        return Comparison(self.text, "==" if op == "=" else op, left, right)

    def expr(self) -> Node:
        node = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            node = BinOp(op, node, self.factor())
        return node

    def factor(self) -> Node:
        token = self.take()
        if token == "(":
            node = self.expr()
            if self.take() != ")":
                raise RuleSyntaxError(f"规则“{self.text}”括号不配对")
            return node
        if token == "-":
            return Neg(self.factor())
        if token[0].isdigit():
            return Num(float(token))
        if token[0].isalpha() or token[0] == "_":
            return Name(token)
        raise RuleSyntaxError(f"规则“{self.text}”在“{token}”处有误")


def parse_rule(text: str) -> Comparison:
    """Parse ``left op right``; raises :class:`RuleSyntaxError` with a Chinese message."""
    if not text or not text.strip():
        raise RuleSyntaxError("规则不能为空")
    return _Parser(text.strip()).rule()


def _names(node: Node) -> list[str]:
    if isinstance(node, Name):
        return [node.key]
    if isinstance(node, Neg):
        return _names(node.operand)
    if isinstance(node, BinOp):
        left = _names(node.left)
        return left + [n for n in _names(node.right) if n not in left]
    return []


def evaluate(node: Node, lookup: Callable[[str], float]) -> float:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return lookup(node.key)
    if isinstance(node, Neg):
        return -evaluate(node.operand, lookup)
    left, right = evaluate(node.left, lookup), evaluate(node.right, lookup)
    if node.op == "+":
        return left + right
    if node.op == "-":
        return left - right
    if node.op == "*":
        return left * right
    return left / right if right else 0.0


def compare(op: str, left: float, right: float, tolerance: float) -> bool:
    if op == "==":
        return abs(left - right) <= tolerance
    if op in ("!=", "<>"):
        return abs(left - right) > tolerance
    if op == "<=":
        return left <= right + tolerance
    if op == ">=":
        return left >= right - tolerance
    if op == "<":
        return left < right - tolerance
    return left > right + tolerance


def render(node: Node, labels: Mapping[str, str]) -> str:
    """The expression with column keys replaced by labels (``第3栏``)."""
    if isinstance(node, Num):
        return f"{node.value:g}"
    if isinstance(node, Name):
        return labels.get(node.key, node.key)
    if isinstance(node, Neg):
        return "-" + render(node.operand, labels)
    text = f"{render(node.left, labels)}{node.op}{render(node.right, labels)}"
    return text
