"""Messages: building, validating and storing what the bot posts and edits.

A mixin of ``FakeDiscord`` (server.py), which holds the state it reads and writes."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import web

from . import gateway as gw
from ._common import (
    _EDITABLE_FLAGS,
    _ROLE_MENTION,
    _USER_MENTION,
    _error_body,
    _Upload,
)
from .models import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    Channel,
    FakeDiscordError,
    StoredMessage,
    User,
    iso_now,
)
from .permissions import (
    Permission,
)
from .validation import validate_message


class MessagesMixin:
    # ------------------------------------------------------------------ messages: building

    def _make_attachments(
        self,
        channel_id: int,
        spec: Any,
        uploads: Sequence[_Upload],
        existing: Sequence[dict[str, Any]],
        *,
        ephemeral: bool,
    ) -> list[dict[str, Any]]:
        by_index = {u.index: u for u in uploads}
        existing_by_id = {str(a["id"]): a for a in existing}
        out: list[dict[str, Any]] = []
        used: set[int] = set()
        if isinstance(spec, list):
            for entry in spec:
                raw_id = str(entry.get("id", ""))
                if raw_id in existing_by_id:
                    out.append(existing_by_id[raw_id])
                    continue
                try:
                    index = int(raw_id)
                except ValueError:
                    continue
                upload = by_index.get(index)
                if upload is None:
                    continue
                used.add(index)
                out.append(self._store_attachment(channel_id, upload, entry, ephemeral=ephemeral))
        else:
            out.extend(existing)
        for upload in uploads:
            if upload.index not in used:
                out.append(self._store_attachment(channel_id, upload, {}, ephemeral=ephemeral))
        return out

    def _store_attachment(
        self,
        channel_id: int,
        upload: _Upload,
        entry: Mapping[str, Any],
        *,
        ephemeral: bool,
    ) -> dict[str, Any]:
        att_id = self._ids.next()
        filename = str(entry.get("filename") or upload.filename)
        self._attachments[att_id] = (filename, upload.content_type, upload.data)
        url = f"{self.http_base}/attachments/{channel_id}/{att_id}/{filename}"
        att: dict[str, Any] = {
            "id": str(att_id),
            "filename": filename,
            "size": len(upload.data),
            "url": url,
            "proxy_url": url,
        }
        if upload.content_type:
            att["content_type"] = upload.content_type
        if entry.get("description"):
            att["description"] = entry["description"]
        if ephemeral:
            att["ephemeral"] = True
        return att

    def _mentions(self, content: str, guild_id: int | None) -> tuple[list[Any], list[str]]:
        users: list[Any] = []
        seen: set[int] = set()
        for raw in _USER_MENTION.findall(content):
            uid = int(raw)
            if uid in self.users and uid not in seen:
                seen.add(uid)
                users.append(self.users[uid].to_payload())
        roles: list[str] = []
        if guild_id is not None:
            guild = self.guilds[guild_id]
            for raw in _ROLE_MENTION.findall(content):
                if int(raw) in guild.roles and raw not in roles:
                    roles.append(raw)
        return users, roles

    def _mention_everyone(self, content: str, allowed: Any, channel: Channel, author: User) -> bool:
        if "@everyone" not in content and "@here" not in content:
            return False
        if isinstance(allowed, Mapping) and "everyone" not in (allowed.get("parse") or []):
            return False
        if channel.guild_id is None:
            return False
        perms = self.guilds[channel.guild_id].permissions_for(author.id, channel)
        return bool(perms & Permission.MENTION_EVERYONE)

    def _create_message(
        self,
        channel: Channel,
        payload: Mapping[str, Any],
        uploads: Sequence[_Upload],
        *,
        author: User,
        msg_type: int = 0,
        flags: int = 0,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        interaction_id: int | None = None,
        dispatch: bool = True,
    ) -> StoredMessage:
        mid = self._ids.next()
        content = str(payload.get("content") or "")
        ephemeral = bool(flags & FLAG_EPHEMERAL)
        attachments = self._make_attachments(
            channel.id, payload.get("attachments"), uploads, [], ephemeral=ephemeral
        )
        mentions, mention_roles = self._mentions(content, channel.guild_id)
        allowed = payload.get("allowed_mentions")
        data: dict[str, Any] = {
            "id": str(mid),
            "channel_id": str(channel.id),
            "type": msg_type,
            "content": content,
            "author": author.to_payload(),
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(payload.get("tts", False)),
            "mention_everyone": self._mention_everyone(content, allowed, channel, author),
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": attachments,
            "embeds": [{"type": "rich", **e} for e in (payload.get("embeds") or [])],
            "components": copy.deepcopy(payload.get("components") or []),
            "pinned": False,
            "flags": flags,
        }
        if channel.guild_id is not None:
            data["guild_id"] = str(channel.guild_id)
        if webhook_id is not None:
            data["webhook_id"] = str(webhook_id)
            data["application_id"] = str(self.application_id)
        if payload.get("nonce") is not None:
            data["nonce"] = payload["nonce"]
        if interaction_metadata is not None:
            data["interaction_metadata"] = interaction_metadata
        ref = payload.get("message_reference")
        if isinstance(ref, Mapping) and ref.get("message_id"):
            target = self._messages.get(int(ref["message_id"]))
            data["message_reference"] = {
                "type": int(ref.get("type", 0) or 0),
                "message_id": str(ref["message_id"]),
                "channel_id": str(ref.get("channel_id") or channel.id),
                **({"guild_id": str(channel.guild_id)} if channel.guild_id else {}),
            }
            if target is not None:
                referenced = target.wire()
                referenced.pop("referenced_message", None)
                data["referenced_message"] = referenced
            if msg_type == 0:
                data["type"] = 19
        stored = StoredMessage(
            data=data,
            allowed_mentions=copy.deepcopy(allowed),
            has_allowed_mentions="allowed_mentions" in payload,
            interaction_id=interaction_id,
            requests=[copy.deepcopy(dict(payload))],
        )
        self._messages[mid] = stored
        self._channel_order[channel.id].append(mid)
        channel.last_message_id = mid
        if dispatch:
            self._broadcast_message("MESSAGE_CREATE", stored)
        self._bump()
        return stored

    def _apply_edit(
        self,
        stored: StoredMessage,
        payload: Mapping[str, Any],
        uploads: Sequence[_Upload],
        *,
        clear_loading: bool = False,
        dispatch: bool = True,
    ) -> web.Response | None:
        """PATCH semantics: only the keys present change. Returns an error response or None."""
        data = stored.data
        content = data.get("content", "")
        if "content" in payload:
            content = str(payload["content"] or "")
        embeds = data.get("embeds", [])
        if "embeds" in payload:
            embeds = [{"type": "rich", **e} for e in (payload["embeds"] or [])]
        components = data.get("components", [])
        if "components" in payload:
            components = copy.deepcopy(payload["components"] or [])
        flags = int(data.get("flags", 0))
        if payload.get("flags") is not None:
            flags = (flags & ~_EDITABLE_FLAGS) | (int(payload["flags"]) & _EDITABLE_FLAGS)
        if clear_loading:
            flags &= ~FLAG_LOADING
        attachments = data.get("attachments", [])
        if "attachments" in payload or uploads:
            attachments = self._make_attachments(
                stored.channel_id,
                payload.get("attachments") if "attachments" in payload else None,
                uploads,
                [] if "attachments" in payload else attachments,
                ephemeral=stored.ephemeral,
            )
        check = {"content": content, "embeds": embeds, "components": components, "flags": flags}
        err = validate_message(check, file_count=len(attachments), require_content=False)
        empty = not (content.strip() or embeds or components or attachments)
        if err is None and empty and not flags & FLAG_LOADING:
            err = {"message": "Cannot send an empty message", "code": 50006}
        if err is not None:
            return _error_body(400, err)
        data["content"] = content
        data["embeds"] = embeds
        data["components"] = components
        data["flags"] = flags
        data["attachments"] = attachments
        data["edited_timestamp"] = iso_now()
        channel = self.channels.get(stored.channel_id)
        guild_id = channel.guild_id if channel is not None else None
        data["mentions"], data["mention_roles"] = self._mentions(content, guild_id)
        if "allowed_mentions" in payload:
            stored.allowed_mentions = copy.deepcopy(payload["allowed_mentions"])
            stored.has_allowed_mentions = True
        stored.edits += 1
        stored.requests.append(copy.deepcopy(dict(payload)))
        if dispatch:
            self._broadcast_message("MESSAGE_UPDATE", stored)
        self._bump()
        return None

    def _delete_message(self, stored: StoredMessage) -> None:
        stored.deleted = True
        data: dict[str, Any] = {"id": str(stored.id), "channel_id": str(stored.channel_id)}
        if "guild_id" in stored.data:
            data["guild_id"] = stored.data["guild_id"]
        if not stored.ephemeral:
            guild_id = int(data["guild_id"]) if "guild_id" in data else None
            intent = gw.GUILD_MESSAGES if guild_id is not None else gw.DIRECT_MESSAGES
            self._broadcast("MESSAGE_DELETE", data, guild_id=guild_id, intent=intent)
        self._bump()

    def user_message(
        self,
        channel_id: int,
        user_id: int,
        content: str = "",
        *,
        embeds: list[dict[str, Any]] | None = None,
        message_reference: int | None = None,
    ) -> dict[str, Any]:
        """A message written by a user (MESSAGE_CREATE to sessions with the right intents;
        content blanked without MESSAGE_CONTENT unless it mentions the bot)."""
        channel = self._channel(channel_id)
        user = self.users.get(int(user_id))
        if user is None:
            raise FakeDiscordError(f"unknown user {user_id}")
        if channel.guild_id is not None and user.id not in self.guilds[channel.guild_id].members:
            raise FakeDiscordError(f"user {user_id} is not a member of guild {channel.guild_id}")
        payload: dict[str, Any] = {"content": content, "embeds": embeds or []}
        if message_reference is not None:
            payload["message_reference"] = {"message_id": message_reference}
        stored = self._create_message(channel, payload, [], author=user)
        stored.has_allowed_mentions = False
        return stored.public()
