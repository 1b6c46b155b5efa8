"""Discord's documented size limits, checked on everything the bot sends.

Each ``check_*`` function raises :class:`~.errors.InvalidForm` (400, code 50035,
"Invalid Form Body") with Discord's nested ``errors`` tree naming every field that
breaks a limit, exactly as Discord answers (``{"embeds": {"0": {"title": {"_errors":
[{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 256 or fewer in length."}]}}}}``).
An empty message is 400 code 50006 "Cannot send an empty message".

The limits (Discord API reference: Message, Embed, Components, Interactions,
Application Commands, Threads):

* message content 2,000 characters; at most 10 embeds;
* embed title 256, description 4,096, 25 fields, field name 256 and value 1,024
  (both required), footer text 2,048, author name 256, all embeds together 6,000;
* 5 action rows, 5 buttons in a row (a select menu fills a row), button label 80,
  custom id 100 (unique within the message), select placeholder 150, 25 options,
  option label / value / description 100;
* modal title 45 (required), 1-5 rows, text input label 45, value 4,000,
  placeholder 100, min/max length 0-4,000 / 1-4,000;
* autocomplete: 25 choices, names 1-100, string values 100;
* application commands: name 1-32 characters, lower-case letters, digits, ``-_'``;
  description 1-100 (slash commands); 25 options; choices 25 (name 1-100,
  string value 100); names unique; 100 commands per scope;
* thread names 1-100.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .errors import CANNOT_SEND_EMPTY, ApiError, ErrorTree, InvalidForm, leaf

Path = tuple[str | int, ...]

CONTENT, EMBEDS, EMBED_TOTAL = 2000, 10, 6000
EMBED_TITLE, EMBED_DESCRIPTION, EMBED_FIELDS = 256, 4096, 25
FIELD_NAME, FIELD_VALUE, FOOTER_TEXT, AUTHOR_NAME = 256, 1024, 2048, 256
ROWS, ROW_WIDTH, BUTTON_LABEL, CUSTOM_ID = 5, 5, 80, 100
SELECT_PLACEHOLDER, SELECT_OPTIONS, OPTION_TEXT = 150, 25, 100
MODAL_TITLE, MODAL_ROWS, INPUT_LABEL, INPUT_VALUE, INPUT_PLACEHOLDER = 45, 5, 45, 4000, 100
CHOICES, CHOICE_NAME, CHOICE_VALUE = 25, 100, 100
COMMAND_NAME, COMMAND_DESCRIPTION, COMMAND_OPTIONS, COMMANDS = 32, 100, 25, 100
THREAD_NAME = 100

BUTTON, STRING_SELECT, TEXT_INPUT, LABEL = 2, 3, 4, 18
SELECTS = (3, 5, 6, 7, 8)
LINK_STYLES = (5, 6)  # link and premium buttons carry no custom id


class Problems:
    """Collects limit violations into Discord's nested error tree."""

    def __init__(self) -> None:
        self.tree: ErrorTree = {}

    def add(self, path: Path, code: str, message: str) -> None:
        """Record one error at ``path`` (field names and list indexes)."""
        node = self.tree
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).extend(leaf(code, message)["_errors"])

    def max_len(self, path: Path, value: Any, limit: int) -> None:
        """``value`` (a string or list) must be at most ``limit`` long."""
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")

    def length(self, path: Path, value: Any, low: int, high: int) -> None:
        """``value`` is required and ``low``..``high`` long."""
        if value is None or (isinstance(value, str) and not value.strip() and low > 0):
            self.add(path, "BASE_TYPE_REQUIRED", "This field is required")
        elif not low <= len(value) <= high:
            self.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")

    def raise_any(self) -> None:
        """Raise :class:`InvalidForm` if anything was recorded."""
        if self.tree:
            raise InvalidForm(self.tree)


# -- messages --------------------------------------------------------------------------
def embed_size(embed: dict[str, Any]) -> int:
    """Characters Discord counts towards the 6,000 limit of a message's embeds."""
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "")
    size += len((embed.get("author") or {}).get("name") or "")
    return size + sum(len(f.get("name") or "") + len(f.get("value") or "")
                      for f in embed.get("fields") or [])


def _check_embed(p: Problems, path: Path, embed: dict[str, Any]) -> None:
    p.max_len((*path, "title"), embed.get("title"), EMBED_TITLE)
    p.max_len((*path, "description"), embed.get("description"), EMBED_DESCRIPTION)
    p.max_len((*path, "footer", "text"), (embed.get("footer") or {}).get("text"), FOOTER_TEXT)
    p.max_len((*path, "author", "name"), (embed.get("author") or {}).get("name"), AUTHOR_NAME)
    fields = embed.get("fields") or []
    p.max_len((*path, "fields"), fields, EMBED_FIELDS)
    for i, field in enumerate(fields):
        p.length((*path, "fields", i, "name"), field.get("name"), 1, FIELD_NAME)
        p.length((*path, "fields", i, "value"), field.get("value"), 1, FIELD_VALUE)


def check_message(body: dict[str, Any], *, creating: bool, has_files: bool = False) -> None:
    """A message body (create, edit, interaction response or followup) fits every limit.

    ``creating``: a new message must not be empty (50006)."""
    p = Problems()
    p.max_len(("content",), body.get("content"), CONTENT)
    embeds = body.get("embeds") or []
    p.max_len(("embeds",), embeds, EMBEDS)
    for i, embed in enumerate(embeds):
        _check_embed(p, ("embeds", i), embed)
    if sum(embed_size(e) for e in embeds) > EMBED_TOTAL:
        p.add(("embeds",), "MAX_EMBED_SIZE_EXCEEDED",
              f"Embed size exceeds maximum size of {EMBED_TOTAL}")
    check_components(p, body.get("components"))
    p.raise_any()
    if creating and not (body.get("content") or embeds or body.get("components")
                         or has_files or body.get("sticker_ids") or body.get("poll")):
        raise ApiError(400, CANNOT_SEND_EMPTY, "Cannot send an empty message")


def check_components(p: Problems, rows: Sequence[dict[str, Any]] | None) -> None:
    """Action rows of buttons and select menus (messages)."""
    rows = rows or []
    p.max_len(("components",), rows, ROWS)
    seen: set[str] = set()
    for r, row in enumerate(rows):
        children = row.get("components") or []
        path: Path = ("components", r, "components")
        if row.get("type") != 1:
            continue  # components v2 containers are not used here
        if not children:
            p.add(path, "BASE_TYPE_BAD_LENGTH", f"Must be between 1 and {ROW_WIDTH} in length.")
        p.max_len(path, children, ROW_WIDTH)
        if any(c.get("type") in SELECTS for c in children) and len(children) > 1:
            p.add(path, "COMPONENT_LAYOUT_WIDTH_EXCEEDED",
                  "The specified component exceeds the maximum width")
        for c, child in enumerate(children):
            _check_component(p, (*path, c), child, seen)


def _check_component(p: Problems, path: Path, comp: dict[str, Any], seen: set[str]) -> None:
    kind, custom_id = comp.get("type"), comp.get("custom_id")
    if kind == BUTTON:
        p.max_len((*path, "label"), comp.get("label"), BUTTON_LABEL)
        if comp.get("style") in LINK_STYLES:
            return
    if custom_id is None:
        p.add((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
        return
    p.length((*path, "custom_id"), custom_id, 1, CUSTOM_ID)
    if custom_id in seen:
        p.add((*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED",
              "Component custom id cannot be duplicated")
    seen.add(custom_id)
    if kind in SELECTS:
        p.max_len((*path, "placeholder"), comp.get("placeholder"), SELECT_PLACEHOLDER)
    if kind == STRING_SELECT:
        options = comp.get("options") or []
        p.length((*path, "options"), options, 1, SELECT_OPTIONS)
        for o, option in enumerate(options):
            p.length((*path, "options", o, "label"), option.get("label"), 1, OPTION_TEXT)
            p.length((*path, "options", o, "value"), option.get("value"), 1, OPTION_TEXT)
            p.max_len((*path, "options", o, "description"), option.get("description"),
                      OPTION_TEXT)


# -- interaction responses -------------------------------------------------------------
def check_modal(data: dict[str, Any]) -> None:
    """A modal (response type 9): title, custom id, 1-5 rows of text inputs."""
    p = Problems()
    p.length(("title",), data.get("title"), 1, MODAL_TITLE)
    p.length(("custom_id",), data.get("custom_id"), 1, CUSTOM_ID)
    rows = data.get("components") or []
    p.length(("components",), rows, 1, MODAL_ROWS)
    for r, row in enumerate(rows):
        if row.get("type") == LABEL:
            p.length(("components", r, "label"), row.get("label"), 1, INPUT_LABEL)
            inputs = [(("components", r, "component"), row.get("component") or {})]
        else:
            inputs = [(("components", r, "components", i), c)
                      for i, c in enumerate(row.get("components") or [])]
        for path, comp in inputs:
            if comp.get("type") != TEXT_INPUT:
                continue
            p.length((*path, "custom_id"), comp.get("custom_id"), 1, CUSTOM_ID)
            if row.get("type") != LABEL:
                p.length((*path, "label"), comp.get("label"), 1, INPUT_LABEL)
            p.max_len((*path, "value"), comp.get("value"), INPUT_VALUE)
            p.max_len((*path, "placeholder"), comp.get("placeholder"), INPUT_PLACEHOLDER)
            for key, low in (("min_length", 0), ("max_length", 1)):
                value = comp.get(key)
                if value is not None and not low <= value <= INPUT_VALUE:
                    p.add((*path, key), "NUMBER_TYPE_MAX" if value > INPUT_VALUE
                          else "NUMBER_TYPE_MIN",
                          f"int value should be between {low} and {INPUT_VALUE}.")
    p.raise_any()


def _check_choices(p: Problems, path: Path, choices: Sequence[dict[str, Any]]) -> None:
    p.max_len(path, choices, CHOICES)
    for i, choice in enumerate(choices):
        p.length((*path, i, "name"), choice.get("name"), 1, CHOICE_NAME)
        if isinstance(choice.get("value"), str):
            p.max_len((*path, i, "value"), choice["value"], CHOICE_VALUE)


def check_choices(data: dict[str, Any]) -> None:
    """Autocomplete choices (response type 8)."""
    p = Problems()
    _check_choices(p, ("choices",), data.get("choices") or [])
    p.raise_any()


# -- application commands and threads ---------------------------------------------------
def valid_name(name: Any, *, lower: bool = True) -> bool:
    """Discord's ``^[-_'\\p{L}\\p{N}...]{1,32}$``, lower-case for slash commands."""
    return (isinstance(name, str) and 1 <= len(name) <= COMMAND_NAME
            and all(ch.isalnum() or ch in "-_'" for ch in name)
            and (not lower or name == name.lower()))


def _check_named(p: Problems, path: Path, item: dict[str, Any], slash: bool) -> None:
    if not valid_name(item.get("name"), lower=slash):
        code = "APPLICATION_COMMAND_INVALID_NAME"
        p.add((*path, "name"), code, "Command name is invalid")
    if slash:
        p.length((*path, "description"), item.get("description"), 1, COMMAND_DESCRIPTION)


def _check_options(p: Problems, path: Path, options: Sequence[dict[str, Any]]) -> None:
    p.max_len(path, options, COMMAND_OPTIONS)
    names: set[str] = set()
    for i, option in enumerate(options):
        _check_named(p, (*path, i), option, True)
        if option.get("name") in names:
            p.add((*path, i, "name"), "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS",
                  "Option name already exists")
        names.add(option.get("name"))
        _check_choices(p, (*path, i, "choices"), option.get("choices") or [])
        _check_options(p, (*path, i, "options"), option.get("options") or [])


def check_commands(commands: Sequence[dict[str, Any]]) -> None:
    """A bulk overwrite of application commands (``PUT .../commands``)."""
    p = Problems()
    p.max_len((), commands, COMMANDS)
    seen: set[tuple[Any, Any]] = set()
    for i, cmd in enumerate(commands):
        slash = cmd.get("type", 1) == 1
        _check_named(p, (i,), cmd, slash)
        key = (cmd.get("type", 1), cmd.get("name"))
        if key in seen:
            p.add((i, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME",
                  "Application command names must be unique")
        seen.add(key)
        _check_options(p, (i, "options"), cmd.get("options") or [])
    p.raise_any()


def check_thread_name(body: dict[str, Any]) -> None:
    """A thread's name is 1-100 characters."""
    p = Problems()
    p.length(("name",), body.get("name"), 1, THREAD_NAME)
    p.raise_any()
