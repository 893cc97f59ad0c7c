"""Interactions: their REST callbacks and webhooks, and the test API that sends them.

A mixin of ``FakeDiscord`` (server.py), which holds the state it reads and writes."""

from __future__ import annotations

import asyncio
import copy
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from aiohttp import web

from ._common import (
    _DM_APP_PERMISSIONS,
    _MESSAGE_FLAG_MASK,
    CB_AUTOCOMPLETE,
    CB_DEFERRED_MESSAGE,
    CB_DEFERRED_UPDATE,
    CB_MESSAGE,
    CB_MODAL,
    CB_UPDATE,
    IT_AUTOCOMPLETE,
    IT_COMMAND,
    IT_COMPONENT,
    IT_MODAL_SUBMIT,
    _BadRequest,
    _Context,
    _custom_ids,
    _error,
    _error_body,
    _has_focused,
    _json,
    _no_content,
    _snowflake_of,
    _truthy,
    _Upload,
)
from .models import (
    FLAG_EPHEMERAL,
    FLAG_LOADING,
    FakeDiscordError,
    FakeDiscordTimeout,
    InteractionRecord,
    StoredMessage,
    find_component,
)
from .permissions import (
    Permission,
    has_all,
)
from .validation import validate_choices, validate_message


class InteractionsMixin:
    # ------------------------------------------------------------------ interactions: REST

    def _interaction_metadata(self, rec: InteractionRecord, **extra: Any) -> dict[str, Any]:
        meta: dict[str, Any] = {
            "id": str(rec.id),
            "type": rec.type,
            "user": self.users[rec.user_id].to_payload(),
            "authorizing_integration_owners": rec.payload.get("authorizing_integration_owners", {}),
        }
        if rec.command_name is not None and rec.type == IT_COMMAND:
            meta["name"] = rec.command_name
            meta["command_type"] = int(rec.payload["data"].get("type", 1))
        meta.update(extra)
        return meta

    def _response_message_type(self, rec: InteractionRecord) -> int:
        if rec.type == IT_COMMAND:
            return 20 if int(rec.payload["data"].get("type", 1)) == 1 else 23
        return 0

    async def _h_interaction_callback(self, request: web.Request) -> web.StreamResponse:
        rec = self._interactions.get(int(request.match_info["interaction_id"]))
        if rec is None or rec.token != request.match_info["token"]:
            return _error(404, 10062, "Unknown interaction")
        payload, uploads = await self._read_object(request)
        rtype = int(payload.get("type", 0) or 0)
        if rec.response_type is not None:
            return _error(400, 40060, "Interaction has already been acknowledged.")
        loop = asyncio.get_running_loop()
        if self.ack_deadline is not None and loop.time() - rec.created_at > self.ack_deadline:
            rec.expired = True
            self._bump()
            return _error(404, 10062, "Unknown interaction")
        data = payload.get("data") or {}
        if not isinstance(data, dict):
            return _error(400, 50035, "Invalid Form Body")
        has_message = "message" in rec.payload
        bad_type = _error(400, 40004, f"Interaction callback type {rtype} is not valid here")
        stored: StoredMessage | None = None
        channel = self.channels[rec.channel_id]
        if rtype == CB_MESSAGE:
            if rec.type == IT_AUTOCOMPLETE:
                return bad_type
            err = validate_message(data, file_count=len(uploads))
            if err is not None:
                return _error_body(400, err)
            stored = self._create_message(
                channel,
                data,
                uploads,
                author=self.bot_user,
                msg_type=self._response_message_type(rec),
                flags=int(data.get("flags") or 0) & _MESSAGE_FLAG_MASK,
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(rec),
                interaction_id=rec.id,
            )
            rec.message_id = stored.id
        elif rtype == CB_DEFERRED_MESSAGE:
            if rec.type == IT_AUTOCOMPLETE:
                return bad_type
            stored = self._create_message(
                channel,
                {"content": ""},
                [],
                author=self.bot_user,
                msg_type=self._response_message_type(rec),
                flags=FLAG_LOADING | (int(data.get("flags") or 0) & FLAG_EPHEMERAL),
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(rec),
                interaction_id=rec.id,
            )
            stored.requests = []
            rec.message_id = stored.id
        elif rtype in (CB_DEFERRED_UPDATE, CB_UPDATE):
            if not has_message:
                return bad_type
            stored = self._messages[int(rec.payload["message"]["id"])]
            rec.message_id = stored.id
            if rtype == CB_UPDATE:
                err_resp = self._apply_edit(stored, data, uploads)
                if err_resp is not None:
                    return err_resp
        elif rtype == CB_AUTOCOMPLETE:
            if rec.type != IT_AUTOCOMPLETE:
                return bad_type
            err = validate_choices(data.get("choices", []))
            if err is not None:
                return _error_body(400, err)
        elif rtype == CB_MODAL:
            if rec.type in (IT_AUTOCOMPLETE, IT_MODAL_SUBMIT):
                return bad_type
            title = str(data.get("title") or "")
            if not data.get("custom_id") or not 1 <= len(title) <= 45:
                return _error(400, 50035, "Invalid Form Body")
            if not data.get("components"):
                return _error(400, 50035, "Invalid Form Body")
        else:
            return bad_type
        rec.response_type = rtype
        rec.response_data = copy.deepcopy(data)
        self._bump()
        interaction: dict[str, Any] = {"id": str(rec.id), "type": rec.type}
        resource: dict[str, Any] = {"type": rtype}
        if stored is not None:
            interaction["response_message_id"] = str(stored.id)
            interaction["response_message_loading"] = rtype == CB_DEFERRED_MESSAGE
            interaction["response_message_ephemeral"] = stored.ephemeral
            resource["message"] = stored.wire()
        return _json({"interaction": interaction, "resource": resource})

    def _req_interaction(self, request: web.Request) -> InteractionRecord:
        rec = self._interactions_by_token.get(request.match_info["token"])
        if rec is None or int(request.match_info["app_id"]) != self.application_id:
            raise _BadRequest(_error(404, 10015, "Unknown Webhook"))
        if rec.response_type is None:
            raise _BadRequest(_error(404, 10015, "Unknown Webhook"))
        return rec

    def _req_webhook_message(self, request: web.Request, rec: InteractionRecord) -> StoredMessage:
        raw = request.match_info["message_id"]
        if raw == "@original":
            mid = rec.message_id
        elif raw.isdigit():
            mid = int(raw)
            if mid != rec.message_id and mid not in rec.followup_ids:
                mid = None
        else:
            mid = None
        stored = self._messages.get(mid) if mid is not None else None
        if stored is None or stored.deleted:
            raise _BadRequest(_error(404, 10008, "Unknown Message"))
        return stored

    async def _h_webhook_execute(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        payload, uploads = await self._read_object(request)
        err = validate_message(payload, file_count=len(uploads))
        if err is not None:
            return _error_body(400, err)
        original = self._messages.get(rec.message_id) if rec.message_id is not None else None
        if (
            rec.response_type == CB_DEFERRED_MESSAGE
            and original is not None
            and not original.deleted
            and original.flags & FLAG_LOADING
        ):
            # Discord answers the first follow-up after a defer by editing "thinking".
            err_resp = self._apply_edit(original, payload, uploads, clear_loading=True)
            if err_resp is not None:
                return err_resp
            stored = original
        else:
            stored = self._create_message(
                self.channels[rec.channel_id],
                payload,
                uploads,
                author=self.bot_user,
                flags=int(payload.get("flags") or 0) & _MESSAGE_FLAG_MASK,
                webhook_id=self.application_id,
                interaction_metadata=self._interaction_metadata(
                    rec,
                    **(
                        {"original_response_message_id": str(rec.message_id)}
                        if rec.message_id
                        else {}
                    ),
                ),
                interaction_id=rec.id,
            )
            rec.followup_ids.append(stored.id)
        rec.updates += 1
        self._bump()
        if _truthy(request.query.get("wait")):
            return _json(stored.wire())
        return _no_content()

    async def _h_webhook_message_get(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        return _json(self._req_webhook_message(request, rec).wire())

    async def _h_webhook_message_patch(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        stored = self._req_webhook_message(request, rec)
        payload, uploads = await self._read_object(request)
        err = self._apply_edit(stored, payload, uploads, clear_loading=True)
        if err is not None:
            return err
        rec.updates += 1
        self._bump()
        return _json(stored.wire())

    async def _h_webhook_message_delete(self, request: web.Request) -> web.StreamResponse:
        rec = self._req_interaction(request)
        stored = self._req_webhook_message(request, rec)
        self._delete_message(stored)
        rec.updates += 1
        self._bump()
        return _no_content()

    # ------------------------------------------------------------------ interactions: test API

    def _context(self, guild_id: int | None, channel_id: int | None, user_id: int) -> _Context:
        user = self.users.get(int(user_id))
        if user is None:
            raise FakeDiscordError(f"unknown user {user_id}")
        if guild_id is None:
            channel = self.dm_channel(user.id)
            if channel_id is not None and int(channel_id) != channel.id:
                raise FakeDiscordError(f"channel {channel_id} is not the DM with user {user_id}")
            return _Context(None, channel, user, None, 0, _DM_APP_PERMISSIONS)
        guild = self._guild(guild_id)
        if channel_id is None:
            raise FakeDiscordError("a guild interaction needs a channel id")
        channel = self._channel(channel_id)
        if channel.guild_id != guild.id:
            raise FakeDiscordError(f"channel {channel_id} is not in guild {guild_id}")
        member = guild.members.get(user.id)
        if member is None:
            raise FakeDiscordError(f"user {user_id} is not a member of guild {guild_id}")
        return _Context(
            guild,
            channel,
            user,
            member,
            guild.permissions_for(user.id, channel),
            guild.permissions_for(self.bot_user_id, channel),
        )

    def _find_command(self, guild_id: int | None, name: str, ctype: int) -> dict[str, Any]:
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            cmd = self._commands.get(scope, {}).get((name, ctype))
            if cmd is not None:
                return cmd
        known = sorted(
            {k[0] for scope in scopes for k in self._commands.get(scope, {}) if k[1] == ctype}
        )
        raise FakeDiscordError(f"no synced command {name!r} (type {ctype}); synced: {known}")

    def _check_visible(self, cmd: Mapping[str, Any], ctx: _Context) -> None:
        name = cmd["name"]
        contexts = cmd.get("contexts")
        ctx_type = 0 if ctx.guild is not None else 1
        if contexts is not None and ctx_type not in contexts:
            raise FakeDiscordError(f"/{name} is not available in context {ctx_type} ({contexts})")
        if contexts is None and ctx_type == 1 and cmd.get("dm_permission") is False:
            raise FakeDiscordError(f"/{name} cannot be used in DMs (dm_permission false)")
        if ctx.guild is None:
            return
        needed = Permission.VIEW_CHANNEL | Permission.USE_APPLICATION_COMMANDS
        if not has_all(ctx.permissions, needed):
            raise FakeDiscordError(
                f"user {ctx.user.id} cannot use application commands in channel {ctx.channel.id}"
            )
        dmp = cmd.get("default_member_permissions")
        if dmp is None:
            return
        base = ctx.guild.permissions_for(ctx.user.id)
        if base & Permission.ADMINISTRATOR:
            return
        required = int(dmp)
        if required == 0 or not has_all(base, required):
            raise FakeDiscordError(
                f"/{name} is hidden from user {ctx.user.id}: default_member_permissions={dmp}, "
                f"member has {base}"
            )

    def _base_payload(
        self, itype: int, ctx: _Context, data: dict[str, Any], locale: str
    ) -> tuple[int, str, dict[str, Any]]:
        iid = self._ids.next()
        token = f"fake.{secrets.token_urlsafe(48)}"
        channel_payload = ctx.channel.to_payload()
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": itype,
            "token": token,
            "version": 1,
            "attachment_size_limit": self.attachment_size_limit,
            "locale": locale,
            "entitlements": [],
            "app_permissions": str(ctx.app_permissions),
            "channel_id": str(ctx.channel.id),
            "channel": channel_payload,
            "data": data,
        }
        if ctx.guild is not None and ctx.member is not None:
            channel_payload["permissions"] = str(ctx.permissions)
            payload["guild_id"] = str(ctx.guild.id)
            payload["guild"] = {
                "id": str(ctx.guild.id),
                "locale": ctx.guild.preferred_locale,
                "features": [],
            }
            payload["guild_locale"] = ctx.guild.preferred_locale
            payload["member"] = {**ctx.member.to_payload(), "permissions": str(ctx.permissions)}
            payload["context"] = 0
            payload["authorizing_integration_owners"] = {"0": str(ctx.guild.id)}
        else:
            payload["user"] = ctx.user.to_payload()
            payload["context"] = 1
            payload["authorizing_integration_owners"] = {"1": str(ctx.user.id)}
        return iid, token, payload

    def _deliver(
        self,
        itype: int,
        ctx: _Context,
        data: dict[str, Any],
        *,
        locale: str,
        command_name: str | None = None,
        message: StoredMessage | None = None,
    ) -> InteractionRecord:
        guild_id = ctx.guild.id if ctx.guild is not None else None
        sessions = [s for s in self._sessions.values() if s.handles_guild(guild_id)]
        if not sessions:
            raise FakeDiscordError("the bot has no gateway session (not connected / identified)")
        # A session left behind by a client that went away must not swallow the interaction:
        # prefer the newest session with a live connection.
        sessions.sort(key=lambda s: s.conn is not None, reverse=True)
        live = [s for s in sessions if s.conn is not None]
        if live:
            sessions = [live[-1]]
        iid, token, payload = self._base_payload(itype, ctx, data, locale)
        if message is not None:
            payload["message"] = message.wire()
        rec = InteractionRecord(
            id=iid,
            token=token,
            type=itype,
            guild_id=guild_id,
            channel_id=ctx.channel.id,
            user_id=ctx.user.id,
            payload=payload,
            created_at=asyncio.get_running_loop().time(),
            command_name=command_name,
            _lookup=self._messages.get,
        )
        self._interactions[iid] = rec
        self._interactions_by_token[token] = rec
        sessions[0].dispatch("INTERACTION_CREATE", payload)
        return rec

    async def _await_response(
        self, rec: InteractionRecord, timeout: float, wait_followup: bool
    ) -> InteractionRecord:
        loop = asyncio.get_running_loop()
        deadline = rec.created_at + timeout
        first = deadline
        if self.ack_deadline is not None:
            first = min(deadline, rec.created_at + self.ack_deadline + 0.25)
        await self._wait_until(lambda: rec.response_type is not None or rec.expired, first)
        what = rec.command_name or rec.payload["data"].get("custom_id") or rec.type
        if rec.response_type is None:
            late = " (it answered after the ack deadline)" if rec.expired else ""
            rejected = f"; rejected requests: {rec.errors}" if rec.errors else ""
            raise FakeDiscordTimeout(
                f"interaction {what!r}: the application did not respond"
                f" within {min(timeout, first - rec.created_at):.2f} s{late}{rejected}"
            )
        deferred = rec.response_type in (CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE)
        if wait_followup and deferred:
            done = await self._wait_until(lambda: rec.updates > 0, max(deadline, loop.time()))
            if not done:
                rejected = f"; rejected requests: {rec.errors}" if rec.errors else ""
                raise FakeDiscordTimeout(
                    f"interaction {what!r}: deferred (type {rec.response_type}) but no "
                    f"follow-up or edit within {timeout} s{rejected}"
                )
        return rec

    def _resolve_user(self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]) -> str:
        uid = _snowflake_of(value)
        user = self.users.get(uid)
        if user is None:
            raise FakeDiscordError(f"unknown user {uid}")
        resolved.setdefault("users", {})[str(uid)] = user.to_payload()
        if ctx.guild is not None and uid in ctx.guild.members:
            member = ctx.guild.members[uid]
            perms = ctx.guild.permissions_for(uid, ctx.channel)
            resolved.setdefault("members", {})[str(uid)] = {
                **member.to_payload(include_user=False),
                "permissions": str(perms),
            }
        return str(uid)

    def _resolve_role(
        self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]
    ) -> str | None:
        rid = _snowflake_of(value)
        if ctx.guild is None or rid not in ctx.guild.roles:
            return None
        resolved.setdefault("roles", {})[str(rid)] = ctx.guild.roles[rid].to_payload()
        return str(rid)

    def _resolve_channel(
        self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]
    ) -> str:
        cid = _snowflake_of(value)
        channel = self.channels.get(cid)
        if channel is None:
            raise FakeDiscordError(f"unknown channel {cid}")
        entry: dict[str, Any] = {
            "id": str(cid),
            "name": channel.name,
            "type": channel.type,
            "permissions": "0",
        }
        if channel.guild_id is not None:
            entry["guild_id"] = str(channel.guild_id)
            entry["parent_id"] = str(channel.parent_id) if channel.parent_id else None
            perms = self.guilds[channel.guild_id].permissions_for(ctx.user.id, channel)
            entry["permissions"] = str(perms)
        resolved.setdefault("channels", {})[str(cid)] = entry
        return str(cid)

    def _option_value(
        self,
        opt: Mapping[str, Any],
        value: Any,
        ctx: _Context,
        resolved: dict[str, dict[str, Any]],
        *,
        strict: bool,
        where: str,
    ) -> Any:
        otype = int(opt["type"])
        name = opt["name"]
        if otype == 3:
            value = str(value)
        elif otype == 4:
            if isinstance(value, bool) or not isinstance(value, int | str):
                raise FakeDiscordError(f"{where}{name}: integer expected, got {value!r}")
            value = int(value)
        elif otype == 10:
            if isinstance(value, bool) or not isinstance(value, int | float | str):
                raise FakeDiscordError(f"{where}{name}: number expected, got {value!r}")
            value = float(value) if isinstance(value, str) else value
        elif otype == 5:
            if not isinstance(value, bool):
                raise FakeDiscordError(f"{where}{name}: boolean expected, got {value!r}")
        elif otype == 6:
            return self._resolve_user(value, ctx, resolved)
        elif otype == 7:
            cid = self._resolve_channel(value, ctx, resolved)
            allowed_types = opt.get("channel_types")
            if strict and allowed_types and self.channels[int(cid)].type not in allowed_types:
                raise FakeDiscordError(f"{where}{name}: channel type not in {allowed_types}")
            return cid
        elif otype == 8:
            rid = self._resolve_role(value, ctx, resolved)
            if rid is None:
                raise FakeDiscordError(f"{where}{name}: unknown role {value!r}")
            return rid
        elif otype == 9:
            rid = self._resolve_role(value, ctx, resolved)
            return rid if rid is not None else self._resolve_user(value, ctx, resolved)
        elif otype == 11:
            return self._resolve_attachment(value, ctx, resolved)
        choices = opt.get("choices")
        if strict and choices:
            values = [c["value"] for c in choices]
            if value not in values:
                by_name = {c["name"]: c["value"] for c in choices}
                if isinstance(value, str) and value in by_name:
                    value = by_name[value]
                else:
                    raise FakeDiscordError(f"{where}{name}: {value!r} is not one of {values}")
        if strict and otype == 3:
            lo, hi = opt.get("min_length"), opt.get("max_length")
            if (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi):
                raise FakeDiscordError(f"{where}{name}: length outside [{lo}, {hi}]")
        if strict and otype in (4, 10):
            lo, hi = opt.get("min_value"), opt.get("max_value")
            if (lo is not None and value < lo) or (hi is not None and value > hi):
                raise FakeDiscordError(f"{where}{name}: {value} outside [{lo}, {hi}]")
        return value

    def _resolve_attachment(
        self, value: Any, ctx: _Context, resolved: dict[str, dict[str, Any]]
    ) -> str:
        if isinstance(value, Mapping):
            filename = str(value.get("filename", "file.bin"))
            data = bytes(value.get("data", b""))
            content_type = value.get("content_type")
        elif isinstance(value, tuple | list) and len(value) >= 2:
            filename, data = str(value[0]), bytes(value[1])
            content_type = value[2] if len(value) > 2 else None
        else:
            raise FakeDiscordError("attachment option: pass (filename, bytes[, content_type])")
        att = self._store_attachment(
            ctx.channel.id,
            _Upload(0, filename, content_type, data),
            {},
            ephemeral=True,
        )
        resolved.setdefault("attachments", {})[att["id"]] = att
        return str(att["id"])

    def _build_options(
        self,
        schema: Sequence[Mapping[str, Any]],
        given: Mapping[str, Any],
        ctx: _Context,
        resolved: dict[str, dict[str, Any]],
        *,
        focused: str | None,
        strict: bool,
        where: str,
    ) -> list[dict[str, Any]]:
        by_name = {o["name"]: o for o in schema}
        if any(int(o.get("type", 0)) in (1, 2) for o in schema):
            if len(given) != 1:
                raise FakeDiscordError(
                    f"{where}pass exactly one sub-command of {sorted(by_name)} as a nested dict"
                )
            ((sub_name, sub_given),) = given.items()
            sub = by_name.get(sub_name)
            if sub is None:
                raise FakeDiscordError(f"{where}unknown sub-command {sub_name!r}")
            if sub_given is not None and not isinstance(sub_given, Mapping):
                raise FakeDiscordError(f"{where}{sub_name}: options must be a dict")
            inner = self._build_options(
                sub.get("options") or [],
                sub_given or {},
                ctx,
                resolved,
                focused=focused,
                strict=strict,
                where=f"{where}{sub_name} ",
            )
            return [{"name": sub_name, "type": int(sub["type"]), "options": inner}]
        out: list[dict[str, Any]] = []
        for opt in schema:
            name = opt["name"]
            if name not in given:
                if strict and focused is None and opt.get("required"):
                    raise FakeDiscordError(f"{where}missing required option {name!r}")
                continue
            value = given[name]
            if name == focused:
                out.append(
                    {"name": name, "type": int(opt["type"]), "value": str(value), "focused": True}
                )
                continue
            out.append(
                {
                    "name": name,
                    "type": int(opt["type"]),
                    "value": self._option_value(
                        opt, value, ctx, resolved, strict=strict, where=where
                    ),
                }
            )
        unknown = set(given) - set(by_name)
        if unknown:
            raise FakeDiscordError(
                f"{where}unknown option(s) {sorted(unknown)}; has {sorted(by_name)}"
            )
        return out

    def _command_data(
        self,
        cmd: Mapping[str, Any],
        ctx: _Context,
        options: Mapping[str, Any] | None,
        *,
        focused: str | None,
        strict: bool,
    ) -> dict[str, Any]:
        resolved: dict[str, dict[str, Any]] = {}
        opts = self._build_options(
            cmd.get("options") or [],
            options or {},
            ctx,
            resolved,
            focused=focused,
            strict=strict,
            where=f"/{cmd['name']} ",
        )
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": int(cmd.get("type", 1)),
            "options": opts,
        }
        if resolved:
            data["resolved"] = resolved
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return data

    async def slash(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        options: Mapping[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        bypass_permissions: bool = False,
        wait: bool = True,
        wait_followup: bool = True,
        strict: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Run a synced slash command as ``user_id`` (``guild_id=None`` → in the bot's DM).

        Sub-commands are nested dicts: ``slash(..., "feeds", {"add": {"url": ...}})``, a
        group nests twice: ``{"group": {"sub": {...}}}``. Raises FakeDiscordError when
        the member could not see the command (unless ``bypass_permissions``) and
        FakeDiscordTimeout when the bot does not answer (or defers and never follows up).
        """
        cmd = self._find_command(guild_id, name, 1)
        ctx = self._context(guild_id, channel_id, user_id)
        if not bypass_permissions:
            self._check_visible(cmd, ctx)
        data = self._command_data(cmd, ctx, options, focused=None, strict=strict)
        rec = self._deliver(IT_COMMAND, ctx, data, locale=locale, command_name=name)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def context_menu(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        target_id: int,
        *,
        message_command: bool = False,
        timeout: float = 5.0,
        bypass_permissions: bool = False,
        wait: bool = True,
        wait_followup: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Run a user (or, with ``message_command``, message) context-menu command."""
        ctype = 3 if message_command else 2
        cmd = self._find_command(guild_id, name, ctype)
        ctx = self._context(guild_id, channel_id, user_id)
        if not bypass_permissions:
            self._check_visible(cmd, ctx)
        resolved: dict[str, dict[str, Any]] = {}
        if message_command:
            stored = self._messages.get(int(target_id))
            if stored is None:
                raise FakeDiscordError(f"unknown message {target_id}")
            resolved["messages"] = {str(stored.id): stored.wire()}
        else:
            self._resolve_user(target_id, ctx, resolved)
        data: dict[str, Any] = {
            "id": cmd["id"],
            "name": cmd["name"],
            "type": ctype,
            "target_id": str(target_id),
            "resolved": resolved,
        }
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        rec = self._deliver(IT_COMMAND, ctx, data, locale=locale, command_name=name)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def autocomplete(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        name: str,
        options: Mapping[str, Any] | None,
        *,
        focused: str,
        timeout: float = 5.0,
        bypass_permissions: bool = False,
        locale: str = "en-US",
    ) -> list[dict[str, Any]]:
        """Autocomplete for option ``focused`` (the leaf name, also inside sub-commands);
        returns the bot's choices ``[{"name", "value"}, ...]``."""
        cmd = self._find_command(guild_id, name, 1)
        ctx = self._context(guild_id, channel_id, user_id)
        if not bypass_permissions:
            self._check_visible(cmd, ctx)
        data = self._command_data(cmd, ctx, options, focused=focused, strict=False)
        if not _has_focused(data["options"]):
            raise FakeDiscordError(f"/{name}: option {focused!r} not found among the options")
        rec = self._deliver(IT_AUTOCOMPLETE, ctx, data, locale=locale, command_name=name)
        await self._await_response(rec, timeout, False)
        if rec.response_type != CB_AUTOCOMPLETE:
            raise FakeDiscordError(f"/{name}: autocomplete answered with type {rec.response_type}")
        return rec.choices or []

    async def click(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        message_id: int,
        custom_id: str,
        *,
        values: Sequence[Any] | None = None,
        timeout: float = 5.0,
        wait: bool = True,
        wait_followup: bool = True,
        strict: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Click a button (or, with ``values``, use a select menu) on a stored message."""
        stored = self._messages.get(int(message_id))
        if stored is None or stored.deleted:
            raise FakeDiscordError(f"unknown message {message_id}")
        ctx = self._context(guild_id, channel_id, user_id)
        if stored.channel_id != ctx.channel.id:
            raise FakeDiscordError(f"message {message_id} is not in channel {ctx.channel.id}")
        comp = find_component(stored.data.get("components") or [], custom_id)
        if comp is None:
            raise FakeDiscordError(
                f"message {message_id} has no component {custom_id!r}; has "
                f"{_custom_ids(stored.data.get('components') or [])}"
            )
        ctype = int(comp.get("type", 0))
        if strict and comp.get("disabled"):
            raise FakeDiscordError(f"component {custom_id!r} is disabled")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": ctype}
        if ctype in (3, 5, 6, 7, 8):
            vals = [v if ctype == 3 else str(_snowflake_of(v)) for v in (values or [])]
            if strict:
                lo = int(comp.get("min_values", 1))
                hi = int(comp.get("max_values", 1))
                if not lo <= len(vals) <= hi:
                    raise FakeDiscordError(f"select {custom_id!r}: pick {lo}..{hi} values")
                if ctype == 3:
                    allowed = [o["value"] for o in comp.get("options") or []]
                    bad = [v for v in vals if v not in allowed]
                    if bad:
                        raise FakeDiscordError(f"select {custom_id!r}: {bad} not in {allowed}")
            data["values"] = [str(v) for v in vals]
            if ctype != 3:
                resolved: dict[str, dict[str, Any]] = {}
                for v in vals:
                    if ctype == 5:
                        self._resolve_user(v, ctx, resolved)
                    elif ctype == 6:
                        self._resolve_role(v, ctx, resolved)
                    elif ctype == 8:
                        self._resolve_channel(v, ctx, resolved)
                    elif self._resolve_role(v, ctx, resolved) is None:
                        self._resolve_user(v, ctx, resolved)
                data["resolved"] = resolved
        elif ctype == 2:
            if strict and int(comp.get("style", 1)) in (5, 6):
                raise FakeDiscordError(f"button {custom_id!r} is a link/premium button")
        else:
            raise FakeDiscordError(f"component {custom_id!r} of type {ctype} is not clickable")
        rec = self._deliver(IT_COMPONENT, ctx, data, locale=locale, message=stored)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def select(
        self,
        guild_id: int | None,
        channel_id: int | None,
        user_id: int,
        message_id: int,
        custom_id: str,
        values: Sequence[Any],
        **kwargs: Any,
    ) -> InteractionRecord:
        """Use a select menu: ``click()`` with ``values``."""
        return await self.click(
            guild_id, channel_id, user_id, message_id, custom_id, values=values, **kwargs
        )

    async def submit_modal(
        self,
        opened_by: InteractionRecord,
        values: Mapping[str, Any] | None = None,
        *,
        timeout: float = 5.0,
        wait: bool = True,
        wait_followup: bool = True,
        strict: bool = True,
        locale: str = "en-US",
    ) -> InteractionRecord:
        """Submit the modal the bot opened in answer to ``opened_by`` (response type 9).

        ``values`` maps text-input custom ids to strings (select custom ids to lists)."""
        modal = opened_by.modal
        if modal is None:
            raise FakeDiscordError(
                f"interaction {opened_by.id} was answered with {opened_by.response_type}, not 9"
            )
        given = dict(values or {})
        used: set[str] = set()

        def echo(component: Mapping[str, Any]) -> dict[str, Any] | None:
            ctype = int(component.get("type", 0))
            if ctype == 1:
                inner = [e for c in component.get("components") or [] if (e := echo(c))]
                return {"type": 1, "components": inner}
            if ctype == 18:
                child = echo(component.get("component") or {})
                return {"type": 18, "component": child} if child else None
            custom_id = component.get("custom_id")
            if custom_id is None:
                return None
            cid = str(custom_id)
            out: dict[str, Any] = {"type": ctype, "custom_id": cid}
            if "id" in component:
                out["id"] = component["id"]
            if ctype == 4:
                value = str(given.get(cid, component.get("value") or ""))
                used.add(cid)
                if strict:
                    if component.get("required", True) and not value:
                        raise FakeDiscordError(f"modal field {cid!r} is required")
                    lo, hi = component.get("min_length"), component.get("max_length")
                    if value and (
                        (lo is not None and len(value) < lo) or (hi is not None and len(value) > hi)
                    ):
                        raise FakeDiscordError(f"modal field {cid!r}: length outside [{lo}, {hi}]")
                out["value"] = value
            else:
                raw = given.get(cid, [])
                used.add(cid)
                out["values"] = [str(v) for v in (raw if isinstance(raw, list) else [raw])]
            return out

        components = [e for c in modal.get("components") or [] if (e := echo(c))]
        unknown = set(given) - used
        if unknown:
            raise FakeDiscordError(f"modal has no field(s) {sorted(unknown)}")
        ctx = self._context(opened_by.guild_id, opened_by.channel_id, opened_by.user_id)
        data = {"custom_id": modal["custom_id"], "components": components}
        message = None
        if "message" in opened_by.payload:
            message = self._messages.get(int(opened_by.payload["message"]["id"]))
        rec = self._deliver(IT_MODAL_SUBMIT, ctx, data, locale=locale, message=message)
        if not wait:
            return rec
        return await self._await_response(rec, timeout, wait_followup)

    async def wait_for_response(
        self, rec: InteractionRecord, *, timeout: float = 5.0, wait_followup: bool = True
    ) -> InteractionRecord:
        """For records created with ``wait=False``."""
        return await self._await_response(rec, timeout, wait_followup)
