"""HTTP plumbing and the REST routes for the application, commands, channels and guilds.

A mixin of ``FakeDiscord`` (server.py), which holds the state it reads and writes."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import json
import re
import time
import traceback
from collections.abc import Mapping
from typing import Any

from aiohttp import web
from aiohttp.multipart import BodyPartReader

from ._common import (
    API_PREFIX,
    Handler,
    _BadRequest,
    _error,
    _error_body,
    _json,
    _log,
    _no_content,
    _truthy,
    _Upload,
)
from .models import (
    FLAG_IS_COMPONENTS_V2,
    FLAG_SUPPRESS_EMBEDS,
    FLAG_SUPPRESS_NOTIFICATIONS,
    Channel,
    Guild,
    InteractionRecord,
    RequestLog,
    StoredMessage,
)
from .permissions import (
    Permission,
    has_all,
)
from .validation import validate_command_list, validate_message


class HttpMixin:
    # ------------------------------------------------------------------ HTTP plumbing

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        path = request.path
        if not path.startswith(API_PREFIX):
            return await handler(request)
        rel = path[len(API_PREFIX) :] or "/"
        method = request.method
        response: web.StreamResponse | None = None
        try:
            response = self._injected_failure(method, rel)
            bot_route = not rel.startswith(("/interactions/", "/webhooks/"))
            authorized = request.headers.get("Authorization") == f"Bot {self.token}"
            if response is None and bot_route and not authorized:
                response = _error(401, 0, "401: Unauthorized")
            if response is None:
                response = self._rate_limited(method, rel, bot_route)
            if response is None:
                response = await handler(request)
        except web.HTTPException as exc:
            if exc.status == 405:
                response = _error(405, 0, "405: Method Not Allowed")
            elif exc.status == 404:
                response = _error(404, 0, "404: Not Found")
            else:
                response = _error(exc.status, 0, f"{exc.status}: {exc.reason}")
        except _BadRequest as exc:
            response = exc.response
        except Exception:
            # Never answer 5xx by accident: discord.py would retry for ~25 s.
            tb = traceback.format_exc()
            self.errors.append(f"{method} {rel}\n{tb}")
            _log.error("fake discord handler error on %s %s\n%s", method, rel, tb)
            response = _error(400, 0, "fake discord internal error (see FakeDiscord.errors)")
        self.requests.append(RequestLog(method, rel, response.status))
        if response.status >= 400:
            self._note_interaction_error(method, rel, response)
        return response

    def _note_interaction_error(self, method: str, rel: str, response: web.StreamResponse) -> None:
        rec: InteractionRecord | None = None
        if m := re.match(r"/interactions/(\d+)/", rel):
            rec = self._interactions.get(int(m.group(1)))
        elif m := re.match(r"/webhooks/\d+/([^/]+)", rel):
            rec = self._interactions_by_token.get(m.group(1))
        if rec is None:
            return
        body: Any = None
        raw = response.body if isinstance(response, web.Response) else None
        if isinstance(raw, bytes | bytearray):
            with contextlib.suppress(ValueError):
                body = json.loads(raw)
        rec.errors.append({"method": method, "path": rel, "status": response.status, "body": body})
        self._bump()

    def _add_routes(self, app: web.Application) -> None:
        r = app.router
        a = API_PREFIX
        r.add_get("/gateway", self._h_gateway_ws)
        r.add_get("/attachments/{channel_id}/{attachment_id}/{filename}", self._h_attachment)
        r.add_get(a + "/gateway", self._h_gateway_info)
        r.add_get(a + "/gateway/bot", self._h_gateway_bot)
        r.add_get(a + "/users/@me", self._h_me)
        r.add_post(a + "/users/@me/channels", self._h_create_dm)
        r.add_get(a + "/users/{user_id:\\d+}", self._h_user)
        r.add_get(a + "/oauth2/applications/@me", self._h_app_info)
        r.add_get(a + "/applications/@me", self._h_app_info)
        # Application commands.
        cmds = a + "/applications/{app_id:\\d+}/commands"
        gcmds = a + "/applications/{app_id:\\d+}/guilds/{guild_id:\\d+}/commands"
        for base in (cmds, gcmds):
            r.add_get(base, self._h_commands_get)
            r.add_put(base, self._h_commands_put)
            r.add_post(base, self._h_commands_post)
            r.add_get(base + "/{command_id:\\d+}", self._h_command_get)
            r.add_patch(base + "/{command_id:\\d+}", self._h_command_patch)
            r.add_delete(base + "/{command_id:\\d+}", self._h_command_delete)
        r.add_get(gcmds + "/permissions", self._h_command_permissions)
        # Interactions.
        r.add_post(
            a + "/interactions/{interaction_id:\\d+}/{token}/callback", self._h_interaction_callback
        )
        r.add_post(a + "/webhooks/{app_id:\\d+}/{token}", self._h_webhook_execute)
        wmsg = a + "/webhooks/{app_id:\\d+}/{token}/messages/{message_id}"
        r.add_get(wmsg, self._h_webhook_message_get)
        r.add_patch(wmsg, self._h_webhook_message_patch)
        r.add_delete(wmsg, self._h_webhook_message_delete)
        # Channels and messages.
        ch = a + "/channels/{channel_id:\\d+}"
        r.add_get(ch, self._h_channel_get)
        r.add_get(ch + "/messages", self._h_messages_get)
        r.add_post(ch + "/messages", self._h_message_create)
        r.add_get(ch + "/messages/{message_id:\\d+}", self._h_message_get)
        r.add_patch(ch + "/messages/{message_id:\\d+}", self._h_message_patch)
        r.add_delete(ch + "/messages/{message_id:\\d+}", self._h_message_delete)
        r.add_post(ch + "/typing", self._h_typing)
        react = ch + "/messages/{message_id:\\d+}/reactions/{emoji}/@me"
        r.add_put(react, self._h_reaction_add)
        r.add_delete(react, self._h_reaction_remove)
        # Guilds.
        g = a + "/guilds/{guild_id:\\d+}"
        r.add_get(g, self._h_guild_get)
        r.add_get(g + "/channels", self._h_guild_channels)
        r.add_get(g + "/roles", self._h_guild_roles)
        r.add_get(g + "/members", self._h_guild_members)
        r.add_get(g + "/members/{user_id:\\d+}", self._h_guild_member)
        r.add_put(g + "/members/{user_id:\\d+}/roles/{role_id:\\d+}", self._h_member_role_add)
        r.add_delete(g + "/members/{user_id:\\d+}/roles/{role_id:\\d+}", self._h_member_role_remove)

    async def _read_body(self, request: web.Request) -> tuple[Any, list[_Upload]]:
        if request.content_type == "multipart/form-data":
            payload: Any = {}
            uploads: list[_Upload] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                if not isinstance(part, BodyPartReader):
                    continue
                name = part.name or ""
                raw = bytes(await part.read(decode=False))
                if name == "payload_json":
                    payload = self._parse_json(raw)
                elif name.startswith("files[") and name.endswith("]"):
                    uploads.append(
                        _Upload(
                            index=int(name[6:-1]),
                            filename=part.filename or f"file{name[6:-1]}",
                            content_type=part.headers.get("Content-Type"),
                            data=raw,
                        )
                    )
                elif name == "file":
                    uploads.append(
                        _Upload(0, part.filename or "file", part.headers.get("Content-Type"), raw)
                    )
            return payload, uploads
        body = await request.read()
        if not body:
            return {}, []
        return self._parse_json(body), []

    @staticmethod
    def _parse_json(raw: bytes) -> Any:
        try:
            return json.loads(raw)
        except ValueError:
            raise _BadRequest(
                _error(400, 50109, "The request body contains invalid JSON.")
            ) from None

    async def _read_object(self, request: web.Request) -> tuple[dict[str, Any], list[_Upload]]:
        payload, uploads = await self._read_body(request)
        if not isinstance(payload, dict):
            raise _BadRequest(_error(400, 50035, "Invalid Form Body"))
        return payload, uploads

    # ------------------------------------------------------------------ REST: misc

    async def _h_gateway_info(self, request: web.Request) -> web.StreamResponse:
        return _json({"url": self.gateway_url})

    async def _h_gateway_bot(self, request: web.Request) -> web.StreamResponse:
        return _json(
            {
                "url": self.gateway_url,
                "shards": 1,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 86400000,
                    "max_concurrency": 1,
                },
            }
        )

    async def _h_me(self, request: web.Request) -> web.StreamResponse:
        return _json({**self.bot_user.to_payload(), "verified": True, "mfa_enabled": False})

    async def _h_user(self, request: web.Request) -> web.StreamResponse:
        user = self.users.get(int(request.match_info["user_id"]))
        if user is None:
            return _error(404, 10013, "Unknown User")
        return _json(user.to_payload())

    async def _h_create_dm(self, request: web.Request) -> web.StreamResponse:
        payload, _ = await self._read_object(request)
        try:
            uid = int(payload.get("recipient_id", 0))
        except (TypeError, ValueError):
            uid = 0
        if uid not in self.users:
            return _error(400, 50035, "Invalid Form Body")
        return _json(self.dm_channel(uid).to_payload())

    def app_info(self) -> dict[str, Any]:
        return {
            "id": str(self.application_id),
            "name": self.app_name,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "owner": self.owner.to_payload(),
            "team": None,
            "flags": 0,
            "rpc_origins": [],
            "tags": [],
            "redirect_uris": [],
            "interactions_endpoint_url": None,
            "bot": self.bot_user.to_payload(),
            "approximate_guild_count": len(self.guilds),
        }

    async def _h_app_info(self, request: web.Request) -> web.StreamResponse:
        return _json(self.app_info())

    async def _h_attachment(self, request: web.Request) -> web.StreamResponse:
        try:
            att = self._attachments[int(request.match_info["attachment_id"])]
        except (KeyError, ValueError):
            return web.Response(status=404, text="not found")
        return web.Response(body=att[2], content_type=att[1] or "application/octet-stream")

    # ------------------------------------------------------------------ REST: commands

    def _command_scope(self, request: web.Request) -> int | web.Response | None:
        if int(request.match_info["app_id"]) != self.application_id:
            return _error(403, 50001, "Missing Access")
        raw = request.match_info.get("guild_id")
        if raw is None:
            return None
        gid = int(raw)
        if gid not in self.guilds:
            return _error(403, 50001, "Missing Access")
        return gid

    def _normalize_command(
        self, raw: Mapping[str, Any], guild_id: int | None, existing: dict[str, Any] | None
    ) -> dict[str, Any]:
        ctype = int(raw.get("type", 1) or 1)
        dmp = raw.get("default_member_permissions")
        cmd: dict[str, Any] = {
            "id": existing["id"] if existing else str(self._ids.next()),
            "application_id": str(self.application_id),
            "version": existing["version"] if existing else str(self._ids.next()),
            "type": ctype,
            "name": raw["name"],
            "name_localizations": raw.get("name_localizations"),
            "description": raw.get("description", "") if ctype == 1 else "",
            "description_localizations": raw.get("description_localizations"),
            "default_member_permissions": None if dmp is None else str(int(dmp)),
            "dm_permission": bool(raw.get("dm_permission", True)),
            "contexts": raw.get("contexts"),
            "integration_types": raw.get("integration_types") or [0],
            "nsfw": bool(raw.get("nsfw", False)),
        }
        if ctype == 1:
            cmd["options"] = copy.deepcopy(raw.get("options") or [])
        if guild_id is not None:
            cmd["guild_id"] = str(guild_id)
        if existing is not None:
            strip = ("id", "version")
            old = {k: v for k, v in existing.items() if k not in strip}
            new = {k: v for k, v in cmd.items() if k not in strip}
            if old != new:
                cmd["version"] = str(self._ids.next())
        return cmd

    async def _h_commands_get(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        return _json(self.commands(scope))

    async def _h_commands_put(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        body, _ = await self._read_body(request)
        err = validate_command_list(body)
        if err is not None:
            return _error_body(400, err)
        old = self._commands.get(scope, {})
        new: dict[tuple[str, int], dict[str, Any]] = {}
        for raw in body:
            key = (str(raw["name"]), int(raw.get("type", 1) or 1))
            new[key] = self._normalize_command(raw, scope, old.get(key))
        self._commands[scope] = new
        self.sync_count += 1
        self._bump()
        return _json(self.commands(scope))

    async def _h_commands_post(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        raw, _ = await self._read_object(request)
        err = validate_command_list([raw])
        if err is not None:
            return _error_body(400, err)
        table = self._commands.setdefault(scope, {})
        key = (str(raw["name"]), int(raw.get("type", 1) or 1))
        created = key not in table
        table[key] = self._normalize_command(raw, scope, table.get(key))
        self._bump()
        return _json(copy.deepcopy(table[key]), status=201 if created else 200)

    def _find_command_by_id(
        self, scope: int | None, command_id: int
    ) -> tuple[tuple[str, int], dict[str, Any]] | None:
        for key, cmd in self._commands.get(scope, {}).items():
            if int(cmd["id"]) == command_id:
                return key, cmd
        return None

    async def _h_command_get(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        found = self._find_command_by_id(scope, int(request.match_info["command_id"]))
        if found is None:
            return _error(404, 10063, "Unknown application command")
        return _json(copy.deepcopy(found[1]))

    async def _h_command_patch(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        found = self._find_command_by_id(scope, int(request.match_info["command_id"]))
        if found is None:
            return _error(404, 10063, "Unknown application command")
        key, cmd = found
        patch, _ = await self._read_object(request)
        merged = {**cmd, **patch}
        err = validate_command_list([merged])
        if err is not None:
            return _error_body(400, err)
        table = self._commands[scope]
        del table[key]
        new_key = (str(merged["name"]), int(merged.get("type", 1) or 1))
        table[new_key] = self._normalize_command(merged, scope, cmd)
        self._bump()
        return _json(copy.deepcopy(table[new_key]))

    async def _h_command_delete(self, request: web.Request) -> web.StreamResponse:
        scope = self._command_scope(request)
        if isinstance(scope, web.Response):
            return scope
        found = self._find_command_by_id(scope, int(request.match_info["command_id"]))
        if found is None:
            return _error(404, 10063, "Unknown application command")
        del self._commands[scope][found[0]]
        self._bump()
        return _no_content()

    async def _h_command_permissions(self, request: web.Request) -> web.StreamResponse:
        return _json([])

    # ------------------------------------------------------------------ REST: channels

    def _bot_can(self, channel: Channel, needed: int) -> bool:
        if channel.guild_id is None:
            return True
        perms = self.guilds[channel.guild_id].permissions_for(self.bot_user_id, channel)
        return has_all(perms, needed)

    def _req_channel(self, request: web.Request) -> Channel:
        channel = self.channels.get(int(request.match_info["channel_id"]))
        if channel is None:
            raise _BadRequest(_error(404, 10003, "Unknown Channel"))
        if not self._bot_can(channel, Permission.VIEW_CHANNEL):
            raise _BadRequest(_error(403, 50001, "Missing Access"))
        return channel

    def _req_message(self, request: web.Request, channel: Channel) -> StoredMessage:
        stored = self._messages.get(int(request.match_info["message_id"]))
        if stored is None or stored.deleted or stored.channel_id != channel.id or stored.ephemeral:
            raise _BadRequest(_error(404, 10008, "Unknown Message"))
        return stored

    async def _h_channel_get(self, request: web.Request) -> web.StreamResponse:
        return _json(self._req_channel(request).to_payload())

    async def _h_message_create(self, request: web.Request) -> web.StreamResponse:
        channel = self.channels.get(int(request.match_info["channel_id"]))
        if channel is None:
            return _error(404, 10003, "Unknown Channel")
        payload, uploads = await self._read_object(request)
        if not self._bot_can(channel, Permission.VIEW_CHANNEL):
            return _error(403, 50001, "Missing Access")
        needed = Permission.VIEW_CHANNEL | Permission.SEND_MESSAGES
        if uploads:
            needed |= Permission.ATTACH_FILES
        if not self._bot_can(channel, int(needed)):
            return _error(403, 50013, "Missing Permissions")
        err = validate_message(payload, file_count=len(uploads))
        if err is not None:
            return _error_body(400, err)
        ref = payload.get("message_reference")
        if isinstance(ref, Mapping) and ref.get("message_id"):
            target = self._messages.get(int(ref["message_id"]))
            if (target is None or target.deleted) and ref.get("fail_if_not_exists", True):
                return _error(
                    400,
                    50035,
                    "Invalid Form Body",
                    {
                        "message_reference": {
                            "_errors": [
                                {"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown"}
                            ]
                        }
                    },
                )
        flags = int(payload.get("flags") or 0) & (
            FLAG_SUPPRESS_EMBEDS | FLAG_SUPPRESS_NOTIFICATIONS | FLAG_IS_COMPONENTS_V2
        )
        nonce = payload.get("nonce")
        key = (self.bot_user.id, str(nonce))
        if nonce is not None and payload.get("enforce_nonce"):
            # Discord: the same author and nonce within a few minutes returns the message
            # created the first time, and creates nothing.
            seen = self._nonces.get(key)
            if seen is not None and time.monotonic() - seen[1] < self.nonce_window:
                existing = self._messages.get(seen[0])
                if existing is not None and not existing.deleted:
                    self.nonce_hits += 1
                    return _json(existing.wire())
        stored = self._create_message(channel, payload, uploads, author=self.bot_user, flags=flags)
        if nonce is not None and payload.get("enforce_nonce"):
            self._nonces[key] = (int(stored.wire()["id"]), time.monotonic())
        if self._lost_answers > 0:
            self._lost_answers -= 1
            return _error(500, 0, "500: Internal Server Error (the answer was lost)")
        if self._slow_answers:
            await asyncio.sleep(self._slow_answers.pop(0))
        return _json(stored.wire())

    async def _h_messages_get(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        if not self._bot_can(channel, Permission.READ_MESSAGE_HISTORY):
            return _json([])
        q = request.query
        limit = max(1, min(100, int(q.get("limit", "50"))))
        msgs = [
            self._messages[m]
            for m in self._channel_order.get(channel.id, [])
            if not self._messages[m].deleted and not self._messages[m].ephemeral
        ]
        if "before" in q:
            msgs = [m for m in msgs if m.id < int(q["before"])]
        if "after" in q:
            msgs = [m for m in msgs if m.id > int(q["after"])]
            msgs = msgs[:limit]
        if "around" in q:
            around = int(q["around"])
            older = [m for m in msgs if m.id <= around][-(limit // 2 + 1) :]
            newer = [m for m in msgs if m.id > around][: limit - len(older)]
            msgs = older + newer
        msgs = msgs[-limit:]
        return _json([m.wire() for m in reversed(msgs)])

    async def _h_message_get(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        return _json(self._req_message(request, channel).wire())

    async def _h_message_patch(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        payload, uploads = await self._read_object(request)
        own = int(stored.data["author"]["id"]) == self.bot_user_id
        if not own and set(payload) - {"flags"}:
            return _error(403, 50005, "Cannot edit a message authored by another user")
        err = self._apply_edit(stored, payload, uploads)
        if err is not None:
            return err
        self._note_message_update(stored.id)
        return _json(stored.wire())

    async def _h_message_delete(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        own = int(stored.data["author"]["id"]) == self.bot_user_id
        if not own and not self._bot_can(channel, Permission.MANAGE_MESSAGES):
            return _error(403, 50013, "Missing Permissions")
        self._delete_message(stored)
        self._note_message_update(stored.id)
        return _no_content()

    def _note_message_update(self, message_id: int) -> None:
        for rec in self._interactions.values():
            if rec.message_id == message_id:
                rec.updates += 1

    async def _h_typing(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        if not self._bot_can(channel, Permission.SEND_MESSAGES):
            return _error(403, 50013, "Missing Permissions")
        self.typing.append(channel.id)
        return _no_content()

    async def _h_reaction_add(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        if not self._bot_can(channel, Permission.ADD_REACTIONS | Permission.READ_MESSAGE_HISTORY):
            return _error(403, 50013, "Missing Permissions")
        self.reactions.append((channel.id, stored.id, request.match_info["emoji"]))
        self._bump()
        return _no_content()

    async def _h_reaction_remove(self, request: web.Request) -> web.StreamResponse:
        channel = self._req_channel(request)
        stored = self._req_message(request, channel)
        entry = (channel.id, stored.id, request.match_info["emoji"])
        if entry in self.reactions:
            self.reactions.remove(entry)
        self._bump()
        return _no_content()

    # ------------------------------------------------------------------ REST: guilds

    def _req_guild(self, request: web.Request) -> Guild:
        guild = self.guilds.get(int(request.match_info["guild_id"]))
        if guild is None or self.bot_user_id not in guild.members:
            raise _BadRequest(_error(404, 10004, "Unknown Guild"))
        return guild

    async def _h_guild_get(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        payload = guild.to_rest_payload()
        if _truthy(request.query.get("with_counts")):
            payload["approximate_member_count"] = len(guild.members)
            payload["approximate_presence_count"] = 0
        return _json(payload)

    async def _h_guild_channels(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        return _json([c.to_payload() for c in guild.channels.values()])

    async def _h_guild_roles(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        return _json([r.to_payload() for r in guild.roles.values()])

    async def _h_guild_members(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        limit = max(1, min(1000, int(request.query.get("limit", "1"))))
        after = int(request.query.get("after", "0"))
        members = sorted((m for m in guild.members.values() if m.id > after), key=lambda m: m.id)
        return _json([m.to_payload() for m in members[:limit]])

    async def _h_guild_member(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        return _json(member.to_payload())

    def _role_edit_allowed(self, guild: Guild, role_id: int) -> web.Response | None:
        role = guild.roles.get(role_id)
        if role is None:
            return _error(404, 10011, "Unknown Role")
        perms = guild.permissions_for(self.bot_user_id)
        if not perms & Permission.MANAGE_ROLES:
            return _error(403, 50013, "Missing Permissions")
        if guild.owner_id != self.bot_user_id and role.position >= guild.top_role_position(
            self.bot_user_id
        ):
            return _error(403, 50013, "Missing Permissions")
        return None

    async def _h_member_role_add(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        role_id = int(request.match_info["role_id"])
        err = self._role_edit_allowed(guild, role_id)
        if err is not None:
            return err
        if role_id not in member.roles:
            member.roles.append(role_id)
            self._member_updated(guild, member)
        return _no_content()

    async def _h_member_role_remove(self, request: web.Request) -> web.StreamResponse:
        guild = self._req_guild(request)
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            return _error(404, 10007, "Unknown Member")
        role_id = int(request.match_info["role_id"])
        err = self._role_edit_allowed(guild, role_id)
        if err is not None:
            return err
        if role_id in member.roles:
            member.roles.remove(role_id)
            self._member_updated(guild, member)
        return _no_content()
