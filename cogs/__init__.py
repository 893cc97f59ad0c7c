"""Thin cogs, one per audience: parse the interaction, call a service, render the answer.

Each module is a discord.py extension with ``async def setup(bot)``; the bot loads them by name
(``bot.client.EXTENSIONS``), so nothing below the cogs imports them.
"""
