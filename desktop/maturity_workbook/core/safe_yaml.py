"""YAML for files a user can drop in: safe tags only, and bounded before any object is built.

The safe loader never runs code, but it still lets a tiny file expand into an enormous value: a
342-byte "billion laughs" file of nested aliases (`&a [*b, *b, ...]`) describes 9**9 strings.
The composed node graph of such a file is small (an alias is the same node object reached twice),
so `compose` checks that graph first: how many values it stands for once every alias is expanded,
how deeply it nests, and that no alias contains itself. Only then does the caller construct
Python objects from it. Aliases within the limits still work.

The libyaml loader (`CSafeLoader`) is used when PyYAML has it, as before: composing is its job,
and the check is one pass over the nodes (well under a millisecond for the bundled frameworks).
Value errors the safe constructor lets escape as plain exceptions (a date such as 2026-02-30)
come out as `yaml.constructor.ConstructorError` with their line, so one bad file is reported
like any other YAML mistake instead of stopping the program.
"""

from __future__ import annotations

import yaml
from yaml.constructor import ConstructorError

MAX_CHARS = 4_000_000  # text size; framework files are capped lower, by bytes, when read
MAX_VALUES = 200_000  # values once aliases are expanded; a large framework has a few thousand
MAX_DEPTH = 64  # nesting; a framework nests about 7 deep

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YAMLLimitError(yaml.YAMLError):
    """The text is over a limit; `line` (1-based) is where the offending part starts."""

    def __init__(self, reason: str, line: int = 1):
        super().__init__(reason)
        self.reason = reason
        self.line = line


class BoundedSafeLoader(_Base):
    """The safe loader whose construction errors always carry a line."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, OverflowError) as exc:
            raise ConstructorError(None, None, f"this value cannot be read ({exc})",
                                   node.start_mark) from None

    def construct_document(self, node):
        try:
            return super().construct_document(node)
        except (ValueError, TypeError, OverflowError) as exc:  # from a generator's second half
            raise ConstructorError(None, None, f"a value cannot be read ({exc})",
                                   node.start_mark) from None


def _line(node: yaml.Node) -> int:
    mark = getattr(node, "start_mark", None)
    return mark.line + 1 if mark is not None else 1


_LEAF = (1, 1)


def check_graph(root: yaml.Node, max_values: int = MAX_VALUES, max_depth: int = MAX_DEPTH
                ) -> int:
    """How many values `root` stands for with every alias expanded; raises YAMLLimitError when
    that is over `max_values`, when it nests deeper than `max_depth`, or when an alias refers
    to a collection that contains it. One visit per distinct node (an aliased collection's
    size is remembered), and the recursion never goes deeper than `max_depth`."""
    done: dict[int, tuple[int, int]] = {}  # id(collection) -> (expanded size, height)
    open_: set[int] = set()  # collections being visited: the path from the root
    scalar, mapping = yaml.ScalarNode, yaml.MappingNode

    def visit(node: yaml.Node, level: int) -> tuple[int, int]:
        if node.__class__ is scalar:
            return _LEAF
        key = id(node)
        known = done.get(key)
        if known is None:
            if key in open_:
                raise YAMLLimitError("an alias (*name) refers to a value that contains that "
                                     "alias, which never ends", _line(node))
            if level >= max_depth:
                raise YAMLLimitError(f"the values nest more than {max_depth} levels deep",
                                     _line(node))
            open_.add(key)
            size, height = 1, 0
            kids = ([part for pair in node.value for part in pair]
                    if node.__class__ is mapping or isinstance(node, mapping) else node.value)
            for kid in kids:
                kid_size, kid_height = visit(kid, level + 1)
                size += kid_size
                if kid_height > height:
                    height = kid_height
            open_.discard(key)
            if size > max_values:
                raise YAMLLimitError(
                    f"the values here expand to more than {max_values:,} once aliases (*name) "
                    "are followed; write the repeated parts out or use fewer aliases",
                    _line(node))
            known = done[key] = (size, height + 1)
        if level + known[1] > max_depth:
            raise YAMLLimitError(f"the values nest more than {max_depth} levels deep",
                                 _line(node))
        return known

    return visit(root, 0)[0]


def compose(text: str, *, max_chars: int = MAX_CHARS, max_values: int = MAX_VALUES,
            max_depth: int = MAX_DEPTH) -> tuple[BoundedSafeLoader, yaml.Node | None]:
    """Parse one YAML document into nodes and check its limits; nothing is constructed yet.

    Returns (loader, node): build objects with `loader.construct_document(node)` and call
    `loader.dispose()` when done. Raises YAMLLimitError, or yaml.YAMLError for bad syntax.
    """
    if len(text) > max_chars:
        raise YAMLLimitError(f"the text is {len(text):,} characters; at most {max_chars:,} "
                             "are read")
    loader = BoundedSafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            check_graph(node, max_values, max_depth)
    except BaseException:
        loader.dispose()
        raise
    return loader, node


def safe_load(text: str, **limits) -> object:
    """Like `yaml.safe_load`, within the limits of `compose`."""
    loader, node = compose(text, **limits)
    try:
        return None if node is None else loader.construct_document(node)
    finally:
        loader.dispose()
