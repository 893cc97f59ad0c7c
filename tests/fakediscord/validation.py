"""Discord's request validation, as far as the fake copies it.

Every function returns ``None`` when the payload is fine, or an error body
``{"message", "code", "errors"?}`` to answer with a 400.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = [
    "form_error",
    "validate_choices",
    "validate_command",
    "validate_command_list",
    "validate_message",
]

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TOTAL = 6000
EMBED_LIMITS: dict[str, int] = {"title": 256, "description": 4096}
MAX_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR = 256

CHAT_INPUT = 1
USER = 2
MESSAGE = 3

_NAME_RE = re.compile(r"^[-_'\w]{1,32}$", re.UNICODE)


def _nest(path: Sequence[str | int], code: str, message: str) -> dict[str, Any]:
    node: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for key in reversed(path):
        node = {str(key): node}
    return node


def form_error(path: Sequence[str | int], code: str, message: str) -> dict[str, Any]:
    """A 50035 "Invalid Form Body" error with one nested field error."""
    return {"message": "Invalid Form Body", "code": 50035, "errors": _nest(path, code, message)}


def _embed_text_length(embed: Mapping[str, Any]) -> int:
    total = len(str(embed.get("title") or "")) + len(str(embed.get("description") or ""))
    for f in embed.get("fields") or []:
        total += len(str(f.get("name") or "")) + len(str(f.get("value") or ""))
    total += len(str((embed.get("footer") or {}).get("text") or ""))
    total += len(str((embed.get("author") or {}).get("name") or ""))
    return total


def _validate_embeds(embeds: Any) -> dict[str, Any] | None:
    if not isinstance(embeds, list):
        return form_error(["embeds"], "LIST_TYPE_CONVERT", "Must be an array.")
    if len(embeds) > MAX_EMBEDS:
        return form_error(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
    total = 0
    for i, embed in enumerate(embeds):
        if not isinstance(embed, Mapping):
            return form_error(["embeds", i], "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        for key, limit in EMBED_LIMITS.items():
            value = embed.get(key)
            if value is not None and len(str(value)) > limit:
                return form_error(
                    ["embeds", i, key],
                    "BASE_TYPE_MAX_LENGTH",
                    f"Must be {limit} or fewer in length.",
                )
        fields = embed.get("fields") or []
        if len(fields) > MAX_FIELDS:
            return form_error(
                ["embeds", i, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
            )
        for j, f in enumerate(fields):
            name = str(f.get("name") or "")
            value = str(f.get("value") or "")
            if not name or len(name) > MAX_FIELD_NAME:
                return form_error(
                    ["embeds", i, "fields", j, "name"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 256 in length.",
                )
            if not value or len(value) > MAX_FIELD_VALUE:
                return form_error(
                    ["embeds", i, "fields", j, "value"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 1024 in length.",
                )
        footer = str((embed.get("footer") or {}).get("text") or "")
        if len(footer) > MAX_FOOTER:
            return form_error(
                ["embeds", i, "footer", "text"],
                "BASE_TYPE_MAX_LENGTH",
                "Must be 2048 or fewer in length.",
            )
        author = str((embed.get("author") or {}).get("name") or "")
        if len(author) > MAX_AUTHOR:
            return form_error(
                ["embeds", i, "author", "name"],
                "BASE_TYPE_MAX_LENGTH",
                "Must be 256 or fewer in length.",
            )
        total += _embed_text_length(embed)
    if total > MAX_EMBED_TOTAL:
        return form_error(
            ["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
        )
    return None


def _count_components(components: Any) -> int:
    if isinstance(components, list):
        return sum(_count_components(c) for c in components)
    if isinstance(components, Mapping):
        inner = 0
        for key in ("components", "component", "accessory"):
            if key in components:
                inner += _count_components(components[key])
        return 1 + inner
    return 0


def _validate_components(components: Any, flags: int) -> dict[str, Any] | None:
    if not isinstance(components, list):
        return form_error(["components"], "LIST_TYPE_CONVERT", "Must be an array.")
    components_v2 = bool(flags & (1 << 15))
    if not components_v2:
        if len(components) > 5:
            return form_error(
                ["components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."
            )
        for i, row in enumerate(components):
            if not isinstance(row, Mapping) or row.get("type") != 1:
                return form_error(
                    ["components", i, "type"],
                    "UNION_TYPE_CHOICES",
                    "Top-level components must be action rows without IS_COMPONENTS_V2.",
                )
            children = row.get("components") or []
            if not children or len(children) > 5:
                return form_error(
                    ["components", i, "components"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 5 in length.",
                )
    elif _count_components(components) > 40:
        return form_error(["components"], "BASE_TYPE_MAX_LENGTH", "Must be 40 or fewer in length.")
    seen: set[str] = set()
    return _check_custom_ids(components, seen, ["components"])


def _check_custom_ids(node: Any, seen: set[str], path: list[str | int]) -> dict[str, Any] | None:
    if isinstance(node, list):
        for i, item in enumerate(node):
            err = _check_custom_ids(item, seen, [*path, i])
            if err is not None:
                return err
        return None
    if isinstance(node, Mapping):
        cid = node.get("custom_id")
        if cid is not None:
            if not isinstance(cid, str) or not 1 <= len(cid) <= 100:
                return form_error(
                    [*path, "custom_id"],
                    "BASE_TYPE_BAD_LENGTH",
                    "Must be between 1 and 100 in length.",
                )
            if cid in seen:
                return form_error(
                    [*path, "custom_id"],
                    "COMPONENT_CUSTOM_ID_DUPLICATED",
                    "Component custom id cannot be duplicated",
                )
            seen.add(cid)
        for key in ("components", "component", "accessory"):
            if key in node:
                err = _check_custom_ids(node[key], seen, [*path, key])
                if err is not None:
                    return err
    return None


def validate_message(
    payload: Mapping[str, Any], *, file_count: int = 0, require_content: bool = True
) -> dict[str, Any] | None:
    """Checks of POST /channels/{id}/messages, interaction type 4 and follow-ups.

    ``require_content`` False skips the empty-message check (edits, type 7 updates).
    """
    content = payload.get("content")
    if content is not None and not isinstance(content, str):
        content = str(content)
    if content is not None and len(content) > MAX_CONTENT:
        return form_error(
            ["content"], "BASE_TYPE_MAX_LENGTH", f"Must be {MAX_CONTENT} or fewer in length."
        )
    embeds = payload.get("embeds")
    if embeds is not None:
        err = _validate_embeds(embeds)
        if err is not None:
            return err
    flags = int(payload.get("flags") or 0)
    components = payload.get("components")
    if components is not None:
        err = _validate_components(components, flags)
        if err is not None:
            return err
    if require_content:
        has_something = bool(
            (content and content.strip())
            or embeds
            or components
            or file_count
            or payload.get("sticker_ids")
            or payload.get("poll")
        )
        if not has_something:
            return {"message": "Cannot send an empty message", "code": 50006}
    return None


def validate_choices(choices: Any) -> dict[str, Any] | None:
    """Autocomplete (type 8) result: at most 25 choices, names 1-100 characters."""
    if not isinstance(choices, list):
        return form_error(["data", "choices"], "LIST_TYPE_CONVERT", "Must be an array.")
    if len(choices) > 25:
        return form_error(
            ["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
        )
    for i, choice in enumerate(choices):
        name = str(choice.get("name", ""))
        if not 1 <= len(name) <= 100:
            return form_error(
                ["data", "choices", i, "name"],
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        if "value" not in choice:
            return form_error(
                ["data", "choices", i, "value"], "BASE_TYPE_REQUIRED", "This field is required"
            )
        value = choice["value"]
        if isinstance(value, str) and len(value) > 100:
            return form_error(
                ["data", "choices", i, "value"],
                "BASE_TYPE_MAX_LENGTH",
                "Must be 100 or fewer in length.",
            )
    return None


def _validate_options(options: Any, path: list[str | int], depth: int) -> dict[str, Any] | None:
    if not isinstance(options, list):
        return form_error(path, "LIST_TYPE_CONVERT", "Must be an array.")
    if len(options) > 25:
        return form_error(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
    names: set[str] = set()
    seen_optional = False
    kinds = {int(o.get("type", 0)) in (1, 2) for o in options}
    if len(kinds) > 1:
        return form_error(
            path,
            "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
            "Sub-command and sub-command group option types are mutually exclusive to all other"
            " types",
        )
    for i, opt in enumerate(options):
        p: list[str | int] = [*path, i]
        otype = int(opt.get("type", 0))
        if not 1 <= otype <= 11:
            return form_error([*p, "type"], "BASE_TYPE_CHOICES", "Value must be one of 1..11.")
        name = str(opt.get("name", ""))
        if not _NAME_RE.match(name) or name != name.lower():
            return form_error(
                [*p, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"
            )
        if name in names:
            return form_error(
                [*p, "name"],
                "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                "Option name already exists",
            )
        names.add(name)
        desc = str(opt.get("description", ""))
        if not 1 <= len(desc) <= 100:
            return form_error(
                [*p, "description"],
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        if otype in (1, 2):
            allowed_depth = 2 if otype == 2 else 3
            if depth >= allowed_depth or (otype == 2 and depth != 0):
                return form_error(
                    [*p, "type"],
                    "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID",
                    "Sub-commands can only be nested one level inside a group",
                )
            err = _validate_options(opt.get("options") or [], [*p, "options"], depth + 1)
            if err is not None:
                return err
            continue
        if opt.get("required"):
            if seen_optional:
                return form_error(
                    [*p, "required"],
                    "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                    "Required options must be placed before non-required options",
                )
        else:
            seen_optional = True
        choices = opt.get("choices")
        if choices:
            if opt.get("autocomplete"):
                return form_error(
                    [*p, "autocomplete"],
                    "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID",
                    "Autocomplete cannot be set if there are choices present",
                )
            if len(choices) > 25:
                return form_error(
                    [*p, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
                )
    return None


def validate_command(cmd: Mapping[str, Any], path: list[str | int]) -> dict[str, Any] | None:
    ctype = int(cmd.get("type", CHAT_INPUT) or CHAT_INPUT)
    name = cmd.get("name")
    if not isinstance(name, str) or not 1 <= len(name) <= 32:
        return form_error(
            [*path, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."
        )
    description = cmd.get("description", "") or ""
    if ctype == CHAT_INPUT:
        if not _NAME_RE.match(name) or name != name.lower():
            return form_error(
                [*path, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"
            )
        if not 1 <= len(description) <= 100:
            return form_error(
                [*path, "description"],
                "BASE_TYPE_BAD_LENGTH",
                "Must be between 1 and 100 in length.",
            )
        return _validate_options(cmd.get("options") or [], [*path, "options"], 0)
    if ctype in (USER, MESSAGE):
        if description:
            return form_error(
                [*path, "description"],
                "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION",
                "Context menu commands cannot have description",
            )
        if cmd.get("options"):
            return form_error(
                [*path, "options"],
                "APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS",
                "Context menu commands cannot have options",
            )
        return None
    return form_error([*path, "type"], "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4}.")


def validate_command_list(commands: Any) -> dict[str, Any] | None:
    """A bulk overwrite body: valid commands, unique (name, type), at most 100/5/5 per type."""
    if not isinstance(commands, list):
        return form_error([], "LIST_TYPE_CONVERT", "Must be an array.")
    seen: set[tuple[str, int]] = set()
    per_type: dict[int, int] = {}
    for i, cmd in enumerate(commands):
        if not isinstance(cmd, Mapping):
            return form_error([i], "DICT_TYPE_CONVERT", "Only dictionaries may be used.")
        err = validate_command(cmd, [i])
        if err is not None:
            return err
        key = (str(cmd["name"]), int(cmd.get("type", CHAT_INPUT) or CHAT_INPUT))
        if key in seen:
            return form_error(
                [i, "name"],
                "APPLICATION_COMMANDS_DUPLICATE_NAME",
                f"Application command names must be unique: {key[0]}",
            )
        seen.add(key)
        per_type[key[1]] = per_type.get(key[1], 0) + 1
    limits = {CHAT_INPUT: 100, USER: 5, MESSAGE: 5}
    for ctype, count in per_type.items():
        if count > limits.get(ctype, 100):
            return {
                "message": f"Maximum number of application commands reached ({limits[ctype]})",
                "code": 30032,
            }
    return None
