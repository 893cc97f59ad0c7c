"""Every difference between SQLite's SQL and PostgreSQL's, in one place.

The repositories write SQLite SQL (``?`` placeholders, ``INSERT OR IGNORE``, two-argument
``MAX``, ...). ``to_postgres`` rewrites a statement for PostgreSQL once (cached), and
``coerce`` bends parameter values the way SQLite's type affinity would (a digit string for an
integer column, an int for a real one), so SQL written for SQLite runs unchanged on both.

Rewritten:
- ``?`` -> ``$1, $2, ...`` (never inside quotes or comments);
- ``INSERT OR IGNORE INTO t ...`` -> ``INSERT INTO t ... ON CONFLICT DO NOTHING``;
- ``INSERT OR REPLACE INTO t (cols) ...`` / ``REPLACE INTO`` -> an upsert on ``t``'s primary key
  that sets every inserted column;
- scalar ``MAX(a, b)`` / ``MIN(a, b)`` -> ``GREATEST`` / ``LEAST`` (the aggregates stay);
- ``x IN ()`` -> ``x IN (SELECT NULL WHERE FALSE)``; ``IFNULL(`` -> ``COALESCE(``;
- ``LIKE`` -> ``ILIKE`` (SQLite's LIKE ignores ASCII case);
- in ``ON CONFLICT ... DO UPDATE SET``, bare column names on the right of ``=`` (which mean the
  existing row in SQLite) are qualified with the table name (PostgreSQL calls them ambiguous).

Opt-in: ``SKIP_LOCKED`` (a comment to SQLite) becomes ``FOR UPDATE SKIP LOCKED``.

Handled elsewhere: ``BEGIN IMMEDIATE`` (``storage.pg`` takes a transaction-level advisory lock,
so writers take turns across processes as they do on one SQLite file), ``PRAGMA`` (no-ops, and
``integrity_check`` answers ``ok``), parameters PostgreSQL cannot type (``? IS NULL``): cast
from the Python value (``cast_parameter``). Schema types live in ``storage/migrations_pg``:
every INTEGER is BIGINT (Discord ids), times stay ISO 8601 text, booleans stay 0/1 integers,
so comparisons and values read back are the same on both.
"""

from __future__ import annotations

import functools
import re
from typing import Any

_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORDS = frozenset(
    [
        "and",
        "or",
        "not",
        "null",
        "is",
        "in",
        "case",
        "when",
        "then",
        "else",
        "end",
        "excluded",
        "true",
        "false",
        "like",
        "ilike",
        "between",
        "exists",
        "select",
        "from",
        "where",
        "distinct",
        "as",
        "cast",
        "coalesce",
        "greatest",
        "least",
        "on",
        "conflict",
        "do",
        "update",
        "set",
        "nothing",
        "returning",
        "any",
        "all",
        "some",
        "collate",
        "escape",
        "glob",
        "current_timestamp",
        "current_date",
        "integer",
        "bigint",
        "text",
        "real",
        "double",
        "precision",
        "boolean",
        "numeric",
        "varchar",
    ]
)


def _tokens(sql: str) -> list[tuple[str, str]]:
    """(kind, text) with kind in: str, ident, word, param, space, other."""
    out: list[tuple[str, str]] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c == "'":
            j = i + 1
            while j < n:
                if sql[j] == "'" and j + 1 < n and sql[j + 1] == "'":
                    j += 2
                    continue
                if sql[j] == "'":
                    break
                j += 1
            out.append(("str", sql[i : j + 1]))
            i = j + 1
        elif c == '"':
            j = sql.find('"', i + 1)
            j = n - 1 if j < 0 else j
            out.append(("ident", sql[i : j + 1]))
            i = j + 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(("space", " "))
            i = j
        elif c == "?":
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            out.append(("param", sql[i:j]))
            i = j
        elif c.isspace():
            j = i
            while j < n and sql[j].isspace():
                j += 1
            out.append(("space", sql[i:j]))
            i = j
        elif c.isalpha() or c == "_":
            m = _WORD.match(sql, i)
            assert m is not None
            out.append(("word", m.group()))
            i = m.end()
        else:
            out.append(("other", c))
            i += 1
    return out


def _next(tokens: list[tuple[str, str]], i: int) -> int:
    """Index of the next non-space token after i (len(tokens) if none)."""
    i += 1
    while i < len(tokens) and tokens[i][0] == "space":
        i += 1
    return i


def _prev(tokens: list[tuple[str, str]], i: int) -> int:
    i -= 1
    while i >= 0 and tokens[i][0] == "space":
        i -= 1
    return i


def _upper(tok: tuple[str, str]) -> str:
    return tok[1].upper() if tok[0] == "word" else ""


def _closing(tokens: list[tuple[str, str]], open_at: int) -> int:
    depth = 0
    for j in range(open_at, len(tokens)):
        if tokens[j] == ("other", "("):
            depth += 1
        elif tokens[j] == ("other", ")"):
            depth -= 1
            if depth == 0:
                return j
    return len(tokens) - 1


def _scalar_minmax(tokens: list[tuple[str, str]]) -> None:
    """MAX(a, b) with a top-level comma is SQLite's scalar max: GREATEST in PostgreSQL."""
    for i, tok in enumerate(tokens):
        if _upper(tok) not in ("MAX", "MIN"):
            continue
        j = _next(tokens, i)
        if j >= len(tokens) or tokens[j] != ("other", "("):
            continue
        end = _closing(tokens, j)
        depth = 0
        for k in range(j, end):
            if tokens[k] == ("other", "("):
                depth += 1
            elif tokens[k] == ("other", ")"):
                depth -= 1
            elif tokens[k] == ("other", ",") and depth == 1:
                tokens[i] = ("word", "GREATEST" if _upper(tok) == "MAX" else "LEAST")
                break


def _insert_target(tokens: list[tuple[str, str]]) -> tuple[int, str] | None:
    """(index of the table token, table name) of an INSERT statement."""
    for i, tok in enumerate(tokens):
        if _upper(tok) == "INTO":
            j = _next(tokens, i)
            if j < len(tokens):
                return j, tokens[j][1].strip('"')
    return None


def _qualify_upsert(tokens: list[tuple[str, str]]) -> None:
    """In ``ON CONFLICT ... DO UPDATE SET a = expr``, bare columns in ``expr`` mean the
    existing row (SQLite); PostgreSQL wants them qualified with the table name."""
    target = _insert_target(tokens)
    if target is None:
        return
    table = target[1]
    start = None
    for i, tok in enumerate(tokens):
        if _upper(tok) == "DO":
            j = _next(tokens, i)
            if j < len(tokens) and _upper(tokens[j]) == "UPDATE":
                k = _next(tokens, j)
                if k < len(tokens) and _upper(tokens[k]) == "SET":
                    start = k + 1
    if start is None:
        return
    left_side = True  # at the start of each assignment, the column being set
    depth = 0
    for i in range(start, len(tokens)):
        kind, text = tokens[i]
        if kind == "word" and text.upper() == "RETURNING" and depth == 0:
            return
        if kind == "word" and text.upper() == "WHERE" and depth == 0:
            left_side = False
            continue
        if tokens[i] == ("other", "("):
            depth += 1
        elif tokens[i] == ("other", ")"):
            depth -= 1
        elif tokens[i] == ("other", ",") and depth == 0:
            left_side = True
        elif tokens[i] == ("other", "=") and left_side:
            left_side = False
        elif kind == "word" and not left_side and text.lower() not in _KEYWORDS:
            p, q = _prev(tokens, i), _next(tokens, i)
            after_dot = p >= 0 and tokens[p] == ("other", ".")
            before_dot_or_call = q < len(tokens) and tokens[q] in (("other", "."), ("other", "("))
            if not after_dot and not before_dot_or_call:
                tokens[i] = ("word", f"{table}.{text}")


def _insert_or(tokens: list[tuple[str, str]]) -> None:
    """INSERT OR IGNORE / INSERT OR REPLACE / REPLACE INTO."""
    first = _next(tokens, -1)
    if first >= len(tokens):
        return
    head = _upper(tokens[first])
    mode = None
    if head == "REPLACE":
        tokens[first] = ("word", "INSERT")
        mode = "REPLACE"
    elif head == "INSERT":
        j = _next(tokens, first)
        if j < len(tokens) and _upper(tokens[j]) == "OR":
            k = _next(tokens, j)
            mode = _upper(tokens[k])
            for m in range(first + 1, k + 1):
                tokens[m] = ("space", "")
    if mode not in ("IGNORE", "REPLACE"):
        return
    target = _insert_target(tokens)
    assert target is not None, "INSERT without INTO"
    at, table = target
    if mode == "IGNORE":
        clause = " ON CONFLICT DO NOTHING"
    else:
        columns: list[str] = []
        j = _next(tokens, at)
        if j < len(tokens) and tokens[j] == ("other", "("):
            end = _closing(tokens, j)
            columns = [t[1] for t in tokens[j:end] if t[0] in ("word", "ident")]
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
        clause = f" ON CONFLICT ON CONSTRAINT {table}_pkey DO UPDATE SET {sets}"
    for i, tok in enumerate(tokens):
        if _upper(tok) == "RETURNING":
            tokens.insert(i, ("other", clause + " "))
            return
    tokens.append(("other", clause))


def _empty_in(tokens: list[tuple[str, str]]) -> None:
    """``x IN ()`` (SQLite: false; NOT IN (): true) is a syntax error in PostgreSQL."""
    for i, tok in enumerate(tokens):
        if _upper(tok) == "IN":
            j = _next(tokens, i)
            k = _next(tokens, j)
            if k < len(tokens) and tokens[j] == ("other", "(") and tokens[k] == ("other", ")"):
                tokens[j] = ("other", "(SELECT NULL WHERE FALSE")


# Written into a sub-select that claims rows: a comment to SQLite (one writer at a time anyway),
# ``FOR UPDATE SKIP LOCKED`` in PostgreSQL (two claimers never get the same row).
SKIP_LOCKED = "/*FOR UPDATE SKIP LOCKED*/"


@functools.lru_cache(maxsize=4096)
def to_postgres(sql: str) -> str:
    """The PostgreSQL form of a statement written for SQLite."""
    tokens = _tokens(sql.replace(SKIP_LOCKED, "FOR UPDATE SKIP LOCKED"))
    _insert_or(tokens)
    _scalar_minmax(tokens)
    _qualify_upsert(tokens)
    _empty_in(tokens)
    out: list[str] = []
    n = 0
    for kind, text in tokens:
        if kind == "param":
            if len(text) > 1:
                out.append(f"${int(text[1:])}")
            else:
                n += 1
                out.append(f"${n}")
        elif kind == "word" and text.upper() == "IFNULL":
            out.append("COALESCE")
        elif kind == "word" and text.upper() == "LIKE":
            out.append("ILIKE")
        else:
            out.append(text)
    return "".join(out).strip().rstrip(";")


def is_pragma(sql: str) -> bool:
    return sql.lstrip().upper().startswith("PRAGMA")


_INT_TYPES = frozenset({"int2", "int4", "int8", "oid"})
_FLOAT_TYPES = frozenset({"float4", "float8", "numeric"})
_TEXT_TYPES = frozenset({"text", "varchar", "bpchar", "name"})


def coerce(value: Any, type_name: str) -> Any:
    """A parameter as SQLite's affinity would have stored it, in the type PostgreSQL expects."""
    if value is None:
        return None
    if type_name in _INT_TYPES:
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, bool):
            return int(value)
    elif type_name in _FLOAT_TYPES:
        if isinstance(value, int | str) and not isinstance(value, bool):
            try:
                return float(value)
            except ValueError:
                return value
    elif type_name in _TEXT_TYPES:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    elif type_name == "bool" and isinstance(value, int):
        return bool(value)
    return value


def cast_parameter(sql: str, number: int, value: Any) -> str:
    """Give ``$number`` an explicit type, from its Python value, where PostgreSQL could not
    infer one (``$1 IS NULL``) or inferred two."""
    if isinstance(value, bool | int):
        pg = "bigint"
    elif isinstance(value, float):
        pg = "double precision"
    elif isinstance(value, bytes):
        pg = "bytea"
    else:
        pg = "text"
    return re.sub(rf"\${number}(?!\d)(?!::)", f"CAST(${number} AS {pg})", sql)


def status_count(status: str | None) -> int:
    """Rows a statement changed, from its command tag ("INSERT 0 3", "UPDATE 2")."""
    if not status:
        return 0
    parts = status.split()
    if parts[0] in ("INSERT", "UPDATE", "DELETE", "MERGE") and parts[-1].isdigit():
        return int(parts[-1])
    return 0
